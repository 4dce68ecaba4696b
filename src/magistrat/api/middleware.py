"""Every error under /api/ in the API's format, also when no operation produced it.

An unknown address (404), a method the address does not take (405, with its Allow header), a
request Django refuses before the API sees it (400, 413) and a server error (500) would otherwise
be Django's HTML pages; a program reading the API gets `{"detail": "<translated message>"}` instead.
Answers the API already gave as JSON pass unchanged.
"""

import json
from http import HTTPStatus

from magistrat.api.schemas import STATUS_MESSAGES

API_PREFIX = "/api/"


def _is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().lower() == "application/json"


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or _is_json(response)
            or getattr(response, "streaming", False)
        ):
            return response
        status = response.status_code
        message = STATUS_MESSAGES.get(status) or (
            HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
        )
        # In place, so that the answer's other headers (Allow, Retry-After, CORS, Vary) are kept.
        response.content = json.dumps({"detail": str(message)}, ensure_ascii=False).encode()
        response["Content-Type"] = "application/json; charset=utf-8"
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
