"""The JSON API at /api/v1/ (django-ninja). Each app contributes a router from its `api.py`.

Errors share one format everywhere: {"detail": "<translated message>"} with a 4xx status.
The OpenAPI 3 schema is at /api/v1/openapi.json.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from magistrat.bip.api import router as bip_router
from magistrat.core.api import router as core_router
from magistrat.core.api_auth import SESSION_OR_KEY
from magistrat.core.exceptions import ServiceError
from magistrat.feedback.api import router as feedback_router
from magistrat.feedback.api import tokens_router as feedback_tokens_router
from magistrat.org.api import router as org_router
from magistrat.registers.api import public_router as registers_public_router
from magistrat.registers.api import router as registers_router
from magistrat.services.api import router as services_router

api = NinjaAPI(
    title="Magistrat API",
    version="1",
    description="JSON API of Magistrat for the office's apps and integrations.",
    auth=SESSION_OR_KEY,
    docs_url=None,  # the interactive docs page loads scripts from a CDN; the schema is enough
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Sign in first.")}, status=401)


@api.exception_handler(ServiceError)
def _service_error(request, exc):
    return api.create_response(request, {"detail": str(exc.message), "field": exc.field}, status=400)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"detail": _("Invalid input."), "errors": exc.errors}, status=422)


api.add_router("/core", core_router)
api.add_router("/org", org_router)
api.add_router("/registers", registers_router)
api.add_router("/public", registers_public_router)
api.add_router("/public", services_router)
api.add_router("/feedback", feedback_router)
api.add_router("/feedback", feedback_tokens_router)
api.add_router("/bip", bip_router)
