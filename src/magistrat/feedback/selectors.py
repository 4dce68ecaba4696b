from django.db.models import QuerySet

from magistrat.core.permissions import unit_scope
from magistrat.feedback.models import Response


def response_list(*, user, point_code: str = "", flagged: bool | None = None) -> QuerySet[Response]:
    """Ratings of the service points in the user's units, newest first."""
    scope = unit_scope(user, "feedback.view_responses")
    responses = Response.objects.select_related("point", "version__survey")
    if scope is not None:
        responses = responses.filter(unit_id__in=list(scope))
    if point_code:
        responses = responses.filter(point__code=point_code.upper())
    if flagged is not None:
        responses = responses.filter(flagged=flagged)
    return responses.order_by("-submitted_at")
