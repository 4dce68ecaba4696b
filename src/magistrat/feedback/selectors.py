from collections import Counter
from datetime import datetime

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncMonth, TruncWeek
from django.utils.translation import gettext as _

from magistrat.core.deadlines import WARSAW
from magistrat.core.permissions import unit_scope
from magistrat.feedback.models import Response, localized
from magistrat.feedback.stats import Share
from magistrat.org.models import Unit


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


GROUPS = ("unit", "point", "month", "week", "channel")


def _scoped_ratings(
    *, user, since: datetime, until: datetime, channel: str = "", unit_codes: list[str] | None = None
) -> QuerySet[Response]:
    scope = unit_scope(user, "feedback.view_responses")
    ratings = Response.objects.filter(
        excluded=False, csat__isnull=False, submitted_at__gte=since, submitted_at__lt=until
    )
    if scope is not None:
        ratings = ratings.filter(unit_id__in=list(scope))
    if channel:
        ratings = ratings.filter(channel=channel)
    if unit_codes:
        roots = Unit.objects.filter(code__in=unit_codes).values_list("pk", flat=True)
        ratings = ratings.filter(unit_id__in=Unit.objects.subtree_ids(roots))
    return ratings


SATISFIED = Count("id", filter=Q(csat__gte=4))


def satisfaction(
    *,
    user,
    group: str,
    since: datetime,
    until: datetime,
    channel: str = "",
    unit_codes: list[str] | None = None,
) -> tuple[Share, list[Share]]:
    """The office-wide (within the user's units) share and one share per group, oldest period first."""
    ratings = _scoped_ratings(user=user, since=since, until=until, channel=channel, unit_codes=unit_codes)
    total = ratings.aggregate(n=Count("id"), satisfied=SATISFIED, mean=Avg("csat"))
    overall = Share(_("all in scope"), total["n"], total["satisfied"], total["mean"])
    if group in ("month", "week"):
        trunc = TruncMonth if group == "month" else TruncWeek
        rows = (
            ratings.annotate(key=trunc("submitted_at", tzinfo=WARSAW))
            .values("key")
            .annotate(n=Count("id"), satisfied=SATISFIED, mean=Avg("csat"))
            .order_by("key")
        )
        fmt = "%Y-%m" if group == "month" else "%G-W%V"
        shares = [Share(row["key"].strftime(fmt), row["n"], row["satisfied"], row["mean"]) for row in rows]
    else:
        fields = {
            "unit": ("unit__code", "unit__name"),
            "point": ("point__code", "point__name"),
            "channel": ("channel", "channel"),
        }[group]
        rows = (
            ratings.values(*fields)
            .annotate(n=Count("id"), satisfied=SATISFIED, mean=Avg("csat"))
            .order_by(fields[0])
        )
        labels = dict(Response.Channel.choices)
        shares = [
            Share(
                str(labels.get(row[fields[0]], row[fields[0]]))
                if group == "channel"
                else f"{row[fields[0]]} {row[fields[1]] or ''}".strip(),
                row["n"],
                row["satisfied"],
                row["mean"],
            )
            for row in rows
        ]
    return overall, shares


def heatmap(*, user, since: datetime, until: datetime, channel: str = "") -> dict[tuple[int, int], Share]:
    """Ratings by ISO weekday (1 = Monday) and hour, in Warsaw time."""
    ratings = _scoped_ratings(user=user, since=since, until=until, channel=channel)
    rows = (
        ratings.annotate(
            day=ExtractIsoWeekDay("submitted_at", tzinfo=WARSAW),
            hour=ExtractHour("submitted_at", tzinfo=WARSAW),
        )
        .values("day", "hour")
        .annotate(n=Count("id"), satisfied=SATISFIED)
    )
    return {(row["day"], row["hour"]): Share("", row["n"], row["satisfied"]) for row in rows}


def top_reasons(*, user, since: datetime, until: datetime, channel: str = "", limit: int = 10) -> list[dict]:
    """The reason tags residents chose most often, with how satisfied those residents were."""
    ratings = _scoped_ratings(user=user, since=since, until=until, channel=channel).filter(
        answers__has_key="reasons"
    )
    counts: Counter[str] = Counter()
    satisfied: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for answers, csat, questions in ratings.values_list("answers", "csat", "version__questions").iterator():
        for reason in answers.get("reasons", []):
            counts[reason] += 1
            satisfied[reason] += (csat or 0) >= 4
            if reason not in labels:
                labels[reason] = next(
                    (
                        localized(o["text"])
                        for q in questions
                        for o in q.get("options", [])
                        if o["id"] == reason
                    ),
                    reason,
                )
    return [
        {"label": labels[reason], "count": n, "share": Share(labels[reason], n, satisfied[reason])}
        for reason, n in counts.most_common(limit)
    ]


def officer_satisfaction(*, points: list, since: datetime, until: datetime) -> tuple[Share, list[Share]]:
    """Monthly shares at the given points (the desks one officer staffs); the caller decides who may see."""
    ratings = Response.objects.filter(
        point__in=points, excluded=False, csat__isnull=False, submitted_at__gte=since, submitted_at__lt=until
    )
    total = ratings.aggregate(n=Count("id"), satisfied=SATISFIED, mean=Avg("csat"))
    rows = (
        ratings.annotate(key=TruncMonth("submitted_at", tzinfo=WARSAW))
        .values("key")
        .annotate(n=Count("id"), satisfied=SATISFIED, mean=Avg("csat"))
        .order_by("key")
    )
    return (
        Share(_("all in scope"), total["n"], total["satisfied"], total["mean"]),
        [Share(row["key"].strftime("%Y-%m"), row["n"], row["satisfied"], row["mean"]) for row in rows],
    )
