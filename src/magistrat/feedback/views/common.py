"""What the ratings pages share: the filters in the query string, as a scope and the form's values."""

from magistrat.feedback import selectors
from magistrat.feedback.models import Response
from magistrat.feedback.rollups import Scope


def rating_filters(request, default_days: int) -> tuple[selectors.RatingFilters, Scope, dict]:
    """The filters asked for (narrowed to the user's units by the selector), their scope, and the
    values the filter form shows."""
    filters = selectors.rating_filters(user=request.user, params=request.GET, default_days=default_days)
    context = {
        "days": filters.days,
        "channel": filters.channel,
        "unit": filters.unit_code,
        "units": filters.units,
        "channels": Response.Channel.choices,
        "scores": filters.scores,
        "q": filters.query,
    }
    return filters, filters.scope, context
