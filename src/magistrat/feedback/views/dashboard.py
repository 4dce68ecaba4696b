"""The satisfaction dashboard, the units' targets and an officer's own results."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from magistrat.core.deadlines import add_months
from magistrat.core.permissions import permission_required, signed_in
from magistrat.feedback import charts, selectors
from magistrat.feedback.forms import TargetForm
from magistrat.feedback.rollups import Scope
from magistrat.feedback.services import points
from magistrat.feedback.stats import MIN_RESPONSES, Share, change_direction
from magistrat.feedback.views.common import rating_filters

CHART_WIDTH, BAR_HEIGHT, BAR_GAP = 480, 22, 10
COMMENTS_SHOWN = 20


def _chart(shares: list[Share]) -> dict:
    """Bar geometry for the server-rendered SVG: share with its 95% interval, grey when too few."""
    bars = []
    for index, share in enumerate(shares):
        y = index * (BAR_HEIGHT + BAR_GAP)
        bar = {"share": share, "y": y, "text_y": y + BAR_HEIGHT - 6, "mid_y": y + BAR_HEIGHT / 2}
        if share.value is not None and share.interval is not None:
            low, high = share.interval
            bar |= {
                "width": round(share.value * CHART_WIDTH, 1),
                "low": round(low * CHART_WIDTH, 1),
                "high": round(high * CHART_WIDTH, 1),
            }
        bars.append(bar)
    return {"bars": bars, "width": CHART_WIDTH, "height": max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP)}


@permission_required("feedback.view_responses")
def dashboard(request):
    """CSAT and NPS by unit, point, service, month, week or channel, with intervals and trend tests,
    the trend over time against the target, the weekday × hour heatmap, reasons and comments."""
    _filters, scope, context = rating_filters(request, default_days=90)
    group = request.GET.get("group") if request.GET.get("group") in selectors.GROUPS else "unit"
    overall, shares = selectors.satisfaction(scope, group)
    rows = [
        {
            "share": share,
            "change": change_direction(shares[index - 1], share)
            if group in ("month", "week") and index > 0
            else "",
        }
        for index, share in enumerate(shares)
    ]
    cells = selectors.heatmap(scope)
    hours = sorted({hour for _day, hour in cells}) or list(range(8, 16))
    heat_rows = [
        (WEEKDAYS_ABBR[day - 1], [cells.get((day, hour)) for hour in hours])
        for day in range(1, 8)
        if any((day, hour) in cells for hour in hours)
    ]
    comments = selectors.ratings_in(
        scope, scores=context["scores"], query=context["q"], comments_only=True
    ).exclude(excluded=True)[:COMMENTS_SHOWN]
    context |= {
        "overall": overall,
        "nps_asked": overall.nps is not None and overall.nps.n > 0 or selectors.nps_asked(scope),
        "rows": rows,
        "chart": _chart(shares),
        "group": group,
        "hours": hours,
        "heat_rows": heat_rows,
        "min_responses": MIN_RESPONSES,
        "reasons": selectors.top_reasons(scope),
        "comments": comments,
        "since": scope.first,
        "until": scope.last,
    }
    context |= _trend(request, scope, unit_code=context["unit"])
    template = "feedback/dashboard.html#results" if request.htmx else "feedback/dashboard.html"
    return render(request, template, context)


@dataclass(frozen=True)
class _Period:
    """One point of the trend: its axis tick, its name in the table, its share and the change."""

    tick: str
    label: str
    share: Share
    change: str  # "up", "down" or ""


def _trend(request, scope: Scope, *, unit_code: str) -> dict:
    """The line chart over time (with its table): share, 95% band and the target of the unit shown."""
    step, trend_points = selectors.trend(scope)
    target = selectors.target_shown(user=request.user, unit_code=unit_code)
    buckets: list[_Period] = []
    compared: Share | None = None  # the latest earlier period with enough ratings
    for point in trend_points:
        start = point.start
        if step == "month":
            tick, label = f"{start:%m.%Y}", date_format(start, "YEAR_MONTH_FORMAT")
        elif step == "week":
            end = min(start + timedelta(days=6), scope.last)
            tick = f"{start:%d.%m}"
            label = " – ".join(
                date_format(day, "SHORT_DATE_FORMAT") for day in (max(start, scope.first), end)
            )
        else:
            tick, label = f"{start:%d.%m}", date_format(start, "SHORT_DATE_FORMAT")
        change = change_direction(compared, point.share) if compared else ""
        if not point.share.too_few:
            compared = point.share
        buckets.append(_Period(tick=tick, label=label, share=point.share, change=change))
    chart = charts.line_chart(
        [(bucket.tick, bucket.share) for bucket in buckets], target.target_percent if target else None
    )
    shown = [bucket for bucket in buckets if not bucket.share.too_few]
    step_names = {"day": _("by day"), "week": _("by week"), "month": _("by month")}
    if shown:
        summary = _(
            "Share of satisfied residents %(step)s, %(count)d of %(total)d periods with enough ratings: "
            "from %(first)s%% (%(first_label)s) to %(last)s%% (%(last_label)s)."
        ) % {
            "step": step_names[step],
            "count": len(shown),
            "total": len(buckets),
            "first": shown[0].share.percent,
            "first_label": shown[0].label,
            "last": shown[-1].share.percent,
            "last_label": shown[-1].label,
        }
    else:
        summary = _("No period has enough ratings to show a share.")
    if target:
        summary += " " + _("Target of %(unit)s: %(target)d%%.") % {
            "unit": target.unit.code,
            "target": target.target_percent,
        }
    return {
        "trend": {"step": step, "step_name": step_names[step], "buckets": buckets, "chart": chart},
        "trend_summary": summary,
        "target": target,
    }


@permission_required("feedback.manage_points")
def targets(request):
    """Each unit's target share of satisfied residents, with its current traffic light (the same
    computation the home page and the daily alert read)."""
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        points.target_set(
            unit=form.cleaned_data["unit"],
            target_percent=form.cleaned_data["target_percent"],
            user=request.user,
        )
        messages.success(request, _("Target saved."))
        return redirect("feedback:targets")
    return render(
        request,
        "feedback/targets.html",
        {"form": form, "rows": selectors.target_statuses(), "days": selectors.ROLLING_DAYS},
    )


@signed_in
def my_ratings(request):
    """An officer's own results at the desks they staff: visible to them and their superiors only."""
    staffed = selectors.points_staffed_by(user=request.user)
    today = timezone.localdate()
    overall, by_month = selectors.officer_satisfaction(
        points=staffed, first=add_months(today, -12) + timedelta(days=1), last=today
    )
    return render(
        request,
        "feedback/my_ratings.html",
        {"points": staffed, "overall": overall, "rows": by_month, "min_responses": MIN_RESPONSES},
    )
