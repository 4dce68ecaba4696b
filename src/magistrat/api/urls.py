"""The JSON API at /api/v1/ (django-ninja). Each app contributes a router from its `api.py`.

Errors share one format everywhere (api.schemas.ErrorOut): {"detail": "<translated message>",
"field": …} with a 4xx status, also for answers no operation gave (api.middleware). The OpenAPI 3
schema is at /api/v1/openapi.json.
"""

from ninja import NinjaAPI

import magistrat.core.converters  # noqa: F401 - registers {id:…} before the routers' paths are built
from magistrat.api.audit import router as core_router
from magistrat.api.errors import install as install_error_handlers
from magistrat.audits.api import router as audits_router
from magistrat.bip.api import router as bip_router
from magistrat.comms.api import router as comms_router
from magistrat.competence.api import router as competence_router
from magistrat.core.api_auth import SESSION_OR_KEY
from magistrat.feedback.api import router as feedback_router
from magistrat.feedback.api import tokens_router as feedback_tokens_router
from magistrat.org.api import router as org_router
from magistrat.performance.api import router as performance_router
from magistrat.registers.api import public_router as registers_public_router
from magistrat.registers.api import router as registers_router
from magistrat.services.api import router as services_router

api = NinjaAPI(
    title="Magistrat API",
    version="1",
    description=(
        "JSON API of Magistrat for the office's apps and integrations. Every error answer has the "
        'same form, `{"detail": "<translated message>", "field": <the input it is about, or null>}` '
        "(422 adds `errors`, pydantic's list); each operation declares the error codes it can give. "
        "Texts may not hold control characters (a NUL byte, escape…); newline and tab are text."
    ),
    auth=SESSION_OR_KEY,
    docs_url=None,  # the interactive docs page loads scripts from a CDN; the schema is enough
    urls_namespace="api",
)
install_error_handlers(api)

api.add_router("/core", core_router)
api.add_router("/org", org_router)
api.add_router("/registers", registers_router)
api.add_router("/public", registers_public_router)
api.add_router("/public", services_router)
api.add_router("/feedback", feedback_router)
api.add_router("/feedback", feedback_tokens_router)
api.add_router("/bip", bip_router)
api.add_router("/performance", performance_router)
api.add_router("/audits", audits_router)
api.add_router("/comms", comms_router)
api.add_router("/competence", competence_router)
