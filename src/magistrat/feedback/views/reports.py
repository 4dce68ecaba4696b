"""The month's satisfaction report (PDF)."""

from datetime import date, timedelta

from django.utils import timezone

from magistrat.core.deadlines import add_months
from magistrat.core.pdf import pdf_response
from magistrat.core.permissions import permission_required
from magistrat.feedback import selectors
from magistrat.feedback.stats import MIN_RESPONSES, change_direction
from magistrat.org.selectors import current_office


@permission_required("feedback.view_responses")
def monthly_report(request):
    """The month's satisfaction report (PDF) for the user's units or one unit, with the month before.
    A unit outside the user's scope: 404, not an empty report."""
    unit = selectors.unit_asked(user=request.user, code=request.GET.get("unit", ""))
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # last complete month
    last = add_months(first, 1) - timedelta(days=1)
    unit_code = unit.code if unit else ""
    units = [unit_code] if unit_code else []
    scope = selectors.rating_scope(user=request.user, first=first, last=last, unit_codes=units)
    before = selectors.rating_scope(
        user=request.user, first=add_months(first, -1), last=first - timedelta(days=1), unit_codes=units
    )
    overall, by_unit = selectors.satisfaction(scope, "unit")
    previous, _rows = selectors.satisfaction(before, "unit")
    _all, by_point = selectors.satisfaction(scope, "point")
    context = {
        "month": first,
        "overall": overall,
        "previous": previous,
        "by_unit": by_unit,
        "by_point": by_point,
        "change": change_direction(previous, overall),
        "office": current_office(),
        "unit_code": unit_code,
        "unit": unit,
        "reasons": selectors.top_reasons(scope),
        "min_responses": MIN_RESPONSES,
        "generated": timezone.localtime(),
    }
    return pdf_response(
        request,
        template="feedback/report.html",
        context=context,
        filename=f"oceny-{unit_code or 'urzad'}-{first:%Y-%m}",
        action="feedback.report.exported",
        data={"month": f"{first:%Y-%m}", "unit": unit_code},
    )
