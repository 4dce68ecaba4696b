"""Exceptions raised while an API operation runs, answered in the API's one error format (ErrorOut).

Answers that never reach an operation (an unknown address, a wrong method, a server error) are
turned into the same format by `magistrat.api.middleware.ApiErrorMiddleware`.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from magistrat.api.schemas import STATUS_MESSAGES, describe
from magistrat.core.exceptions import ServiceError


def _error(api: NinjaAPI, request, status: int, detail, **extra):
    return api.create_response(request, {"detail": str(detail), **extra}, status=status)


def install(api: NinjaAPI) -> None:
    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return _error(api, request, 403, STATUS_MESSAGES[403])

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return _error(api, request, 404, STATUS_MESSAGES[404])

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return _error(api, request, 401, STATUS_MESSAGES[401])

    @api.exception_handler(ServiceError)
    def _service_error(request, exc):
        return _error(api, request, 400, exc.message, field=exc.field)

    @api.exception_handler(ValidationError)
    def _invalid(request, exc):
        detail, field = describe(exc.errors)
        # Pydantic's own list for programs, without the context objects it may hold.
        errors = [
            {"type": e.get("type"), "loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))}
            for e in exc.errors
        ]
        return _error(api, request, 422, detail, field=field, errors=errors)

    @api.exception_handler(Throttled)
    def _throttled(request, exc):
        response = _error(api, request, 429, STATUS_MESSAGES[429])
        if exc.wait:
            response["Retry-After"] = str(max(1, int(exc.wait)))
        return response

    @api.exception_handler(HttpError)
    def _http_error(request, exc):
        # django-ninja's own refusals carry English texts: a body that is not JSON (400) and the
        # CSRF check of a signed-in browser session (403).
        if exc.status_code == 400:
            return _error(api, request, 400, _("The request body is not valid JSON."))
        if exc.status_code == 403 and "CSRF" in exc.message:
            return _error(
                api,
                request,
                403,
                _("The CSRF check failed: reload the page and try again, or use an API key."),
            )
        return _error(api, request, exc.status_code, STATUS_MESSAGES.get(exc.status_code, exc.message))

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request, exc):
        return _error(
            api,
            request,
            413,
            _("The request is too large (at most %(size)s).")
            % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
        )
