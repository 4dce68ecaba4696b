from collections import defaultdict
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from magistrat.core.permissions import unit_scope
from magistrat.core.reference import localized
from magistrat.feedback import rollups
from magistrat.feedback.models import Response, ServicePoint, SurveyVersion
from magistrat.feedback.rollups import Figures, Scope
from magistrat.feedback.stats import Share
from magistrat.org.models import Unit
from magistrat.services.models import Service


def visible_responses(*, user) -> QuerySet[Response]:
    """Every rating of the user's units (to act on one; lists go through `ratings_in`)."""
    scope = unit_scope(user, "feedback.view_responses")
    responses = Response.objects.all()
    return responses if scope is None else responses.filter(unit_id__in=scope)


GROUPS = ("unit", "point", "service", "month", "week", "channel")


def rating_scope(
    *, user, first: date, last: date, channel: str = "", unit_codes: list[str] | None = None
) -> Scope:
    """The ratings a user may see in statistics: their units (or the given units' subtrees within them)."""
    unit_ids = unit_scope(user, "feedback.view_responses")
    if unit_codes:
        roots = Unit.objects.filter(code__in=unit_codes).values_list("pk", flat=True)
        subtree = frozenset(Unit.objects.subtree_ids(roots))
        unit_ids = subtree if unit_ids is None else unit_ids & subtree
    return Scope(first=first, last=last, unit_ids=unit_ids, channel=channel)


def satisfaction(scope: Scope, group: str) -> tuple[Share, list[Share]]:
    """The share over the whole scope and one share per group (time groups oldest first)."""
    overall = rollups.totals(scope, "")[""].share(_("all in scope"))
    if group in ("month", "week"):
        buckets: dict[str, Figures] = defaultdict(Figures)
        for day, figures in rollups.totals(scope, "day").items():
            key = f"{day:%Y-%m}" if group == "month" else f"{day:%G-W%V}"
            buckets[key].add(figures.as_fields())
        return overall, [buckets[key].share(key) for key in sorted(buckets)]
    found = rollups.totals(scope, group)
    labels = _labels(group, [key for key in found if key is not None])
    shares = [figures.share(labels.get(key, _("none"))) for key, figures in found.items()]
    return overall, sorted(shares, key=lambda share: share.label)


def _labels(group: str, keys: list) -> dict:
    if group == "unit":
        return {
            pk: f"{code} {name}"
            for pk, code, name in Unit.objects.filter(pk__in=keys).values_list("pk", "code", "name")
        }
    if group == "point":
        points = ServicePoint.objects.filter(pk__in=keys).values_list("pk", "code", "name")
        return {pk: f"{code} {name}" for pk, code, name in points}
    if group == "service":
        return {
            service.pk: str(service)
            for service in Service.objects.filter(pk__in=keys).prefetch_related("versions")
        }
    return {key: str(label) for key, label in Response.Channel.choices}


def heatmap(scope: Scope) -> dict[tuple[int, int], Share]:
    """Ratings by ISO weekday (1 = Monday) and hour, in Warsaw time."""
    return {slot: figures.share() for slot, figures in rollups.slots(scope).items() if figures.n}


def top_reasons(scope: Scope, limit: int = 10) -> list[dict]:
    """The reason tags residents chose most often, with how satisfied those residents were."""
    found = sorted(rollups.reasons(scope).items(), key=lambda item: (-item[1].n, item[0]))[:limit]
    labels = _reason_labels()
    return [
        {
            "label": labels.get(reason, reason),
            "count": figures.n,
            "share": figures.share(labels.get(reason, reason)),
        }
        for reason, figures in found
    ]


def _reason_labels() -> dict[str, str]:
    """Reason tags' wording in the current language, the newest survey version's wording winning."""
    labels: dict[str, str] = {}
    for questions in SurveyVersion.objects.order_by("number").values_list("questions", flat=True):
        for question in questions:
            if question["type"] == "tags":
                labels |= {option["id"]: localized(option["text"]) for option in question["options"]}
    return labels


SCORES = {"low": (1, 2), "mid": (3, 3), "high": (4, 5)}


def ratings_in(
    scope: Scope,
    *,
    point_code: str = "",
    flagged: bool | None = None,
    scores: str = "",
    query: str = "",
    comments_only: bool = False,
) -> QuerySet[Response]:
    """Ratings in the scope, newest first. `scores`: "low" (CSAT 1–2), "mid" (3) or "high" (4–5);
    `query` finds words in comments."""
    ratings = (
        Response.objects.select_related("point", "unit", "version__survey")
        .filter(
            submitted_at__gte=rollups.midnight(scope.first),
            submitted_at__lt=rollups.midnight(scope.last + timedelta(days=1)),
        )
        .filter(scope.filters())
    )
    if point_code:
        ratings = ratings.filter(point__code=point_code.upper())
    if flagged is not None:
        ratings = ratings.filter(flagged=flagged)
    if scores in SCORES:
        ratings = ratings.filter(csat__range=SCORES[scores])
    if comments_only or query.strip():  # words are only ever looked for in comments
        ratings = ratings.exclude(comment="")
    if query.strip():
        ratings = ratings.filter(comment__icontains=query.strip())
    return ratings.order_by("-submitted_at")


def officer_satisfaction(*, points: list, first: date, last: date) -> tuple[Share, list[Share]]:
    """Monthly shares at the given points (the desks one officer staffs); the caller decides who may see."""
    scope = Scope(first=first, last=last, point_ids=frozenset(point.pk for point in points))
    return satisfaction(scope, "month")
