"""Reads of the feedback module, narrowed to what the user may see."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.deadlines import add_months
from magistrat.core.permissions import unit_scope
from magistrat.core.reference import localized
from magistrat.core.tokens import hash_token
from magistrat.feedback import policy, rollups
from magistrat.feedback.models import (
    KioskDevice,
    Response,
    SatisfactionTarget,
    ServicePoint,
    Survey,
    SurveyVersion,
)
from magistrat.feedback.rollups import ANY_REASON, Figures, Scope
from magistrat.feedback.stats import Part, Share, change_direction, traffic_light
from magistrat.org.models import Unit
from magistrat.services.models import Service


def visible_responses(*, user, perm: str = "feedback.view_responses") -> QuerySet[Response]:
    """Every rating of the units where the user holds `perm` (to act on one; lists go through
    `ratings_in`)."""
    scope = unit_scope(user, perm)
    responses = Response.objects.all()
    return responses if scope is None else responses.filter(unit_id__in=scope)


def device_for_token(token: str) -> KioskDevice | None:
    """The kiosk device a token belongs to, unless it was revoked (the kiosk API's sign-in)."""
    return (
        KioskDevice.objects.select_related("point__survey", "point__unit")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )


def point_get(*, user, code: str, perm: str = "feedback.manage_points") -> ServicePoint:
    """The service point `code` if the user holds `perm` for its unit; 404 otherwise."""
    points = ServicePoint.objects.select_related("unit", "survey")
    scope = unit_scope(user, perm)
    if scope is not None:
        points = points.filter(unit_id__in=scope)
    return get_object_or_404(points, code=code.upper())


def unit_asked(*, user, code: str, perm: str = "feedback.view_responses") -> Unit | None:
    """The unit a download asks for (`?unit=<code>`), None when it asks for none; 404 for a code
    that does not exist or lies outside the user's scope, so a report is refused, never empty."""
    if not code:
        return None
    unit = Unit.objects.filter(code=code.upper()).first()
    scope = unit_scope(user, perm)
    if unit is None or (scope is not None and unit.pk not in scope):
        raise Http404
    return unit


def point_list(*, user, perm: str = "feedback.manage_points") -> QuerySet[ServicePoint]:
    """The service points of the user's units (all of them for an office-wide grant)."""
    points = ServicePoint.objects.select_related("unit", "staffed_by__user").order_by("code")
    scope = unit_scope(user, perm)
    return points if scope is None else points.filter(unit_id__in=scope)


def points_staffed_by(*, user) -> list[ServicePoint]:
    """The desks the user staffs: an officer sees their own results there (`officer_satisfaction`)."""
    staff = getattr(user, "staff", None)
    return list(ServicePoint.objects.filter(staffed_by=staff)) if staff else []


def survey_rows() -> list[dict]:
    """Every survey with its current version and how many ratings answered any of its versions."""
    surveys = Survey.objects.prefetch_related("versions").order_by("slug")
    counts = dict(Response.objects.values_list("version__survey").annotate(n=Count("id")).order_by())
    return [
        {"survey": s, "current": max(s.versions.all(), key=lambda v: v.number), "n": counts.get(s.pk, 0)}
        for s in surveys
    ]


def survey_versions(survey: Survey) -> QuerySet[SurveyVersion]:
    """Every version of a survey, newest first, with how many answers each collected."""
    return (
        survey.versions.select_related("created_by").annotate(answers=Count("responses")).order_by("-number")
    )


GROUPS = ("unit", "point", "service", "month", "week", "channel")
PERIOD_DAYS = {"7": 7, "30": 30, "90": 90, "365": 365}


@dataclass(frozen=True)
class RatingFilters:
    """What a ratings page asks for in its query string, narrowed to the user's units: the period
    (`days`), unit (`unit`, a code; one outside the user's units is ignored), channel, scores
    (`scores`: low, mid, high), words in comments (`q`), and for the list a point, the flag and
    comments only."""

    scope: Scope
    days: int
    channel: str
    unit_code: str
    units: QuerySet[Unit]  # the units the user may choose from
    scores: str
    query: str
    point_code: str = ""
    flagged: bool | None = None
    comments_only: bool = False


def rating_units(*, user) -> QuerySet[Unit]:
    """The active units whose ratings the user may see, for the unit filter."""
    units = Unit.objects.active().order_by("code")
    allowed = unit_scope(user, "feedback.view_responses")
    return units if allowed is None else units.filter(pk__in=allowed)


def rating_filters(*, user, params, default_days: int, today: date | None = None) -> RatingFilters:
    """The filters in `params` (a query string's mapping), each checked, as a scope within the
    user's units; anything unknown falls back to the default rather than failing."""
    days = PERIOD_DAYS.get(params.get("days", ""), default_days)
    channel = params.get("channel") if params.get("channel") in Response.Channel.values else ""
    allowed = unit_scope(user, "feedback.view_responses")
    unit_code = params.get("unit", "").upper()
    known = Unit.objects.filter(code=unit_code)  # a closed unit still has its history
    if allowed is not None:
        known = known.filter(pk__in=allowed)
    if unit_code and not known.exists():
        unit_code = ""
    today = today or timezone.localdate()
    scope = rating_scope(
        user=user,
        first=today - timedelta(days=days - 1),
        last=today,
        channel=channel,
        unit_codes=[unit_code] if unit_code else None,
    )
    return RatingFilters(
        scope=scope,
        days=days,
        channel=channel,
        unit_code=unit_code,
        units=rating_units(user=user),
        scores=params.get("scores") if params.get("scores") in SCORES else "",
        query=params.get("q", "")[:100],
        point_code=params.get("point", ""),
        flagged={"flagged": True, "clean": False}.get(params.get("flag", "")),
        comments_only=params.get("comments") == "1",
    )


def ratings_listed(filters: RatingFilters) -> QuerySet[Response]:
    """The ratings a list or an export shows for these filters, newest first."""
    return ratings_in(
        filters.scope,
        point_code=filters.point_code,
        flagged=filters.flagged,
        scores=filters.scores,
        query=filters.query,
        comments_only=filters.comments_only,
    )


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


@dataclass(frozen=True)
class ReasonRow:
    label: str
    count: int  # ratings citing the reason
    among_satisfied: Part  # satisfied residents (4–5) citing it, of those satisfied who gave a reason
    among_dissatisfied: Part  # dissatisfied residents (1–2) citing it, of those dissatisfied who did

    @property
    def parts(self) -> tuple[Part, Part]:
        return (self.among_satisfied, self.among_dissatisfied)


@dataclass(frozen=True)
class Reasons:
    rows: list[ReasonRow]
    satisfied: int  # satisfied residents who gave at least one reason
    dissatisfied: int  # dissatisfied residents who gave at least one reason


def top_reasons(scope: Scope, limit: int = 10) -> Reasons:
    """The reason tags residents chose most often, each as a share of the satisfied and of the
    dissatisfied residents who said why: what sets the unhappy apart shows as a difference."""
    found = rollups.reasons(scope)
    base = found.pop(ANY_REASON, Figures())
    labels = _reason_labels()
    ranked = sorted(found.items(), key=lambda item: (-item[1].n, item[0]))[:limit]
    rows = [
        ReasonRow(
            label=labels.get(reason, reason),
            count=figures.n,
            among_satisfied=Part(figures.satisfied, base.satisfied),
            among_dissatisfied=Part(figures.dissatisfied, base.dissatisfied),
        )
        for reason, figures in ranked
    ]
    return Reasons(rows=rows, satisfied=base.satisfied, dissatisfied=base.dissatisfied)


def nps_asked(scope: Scope) -> bool:
    """Whether a survey answered in the scope has an NPS question ("no NPS question in these
    surveys" otherwise). Read from the rollups: the points rated (each with its survey) and, for
    ratings without a point, the channel (after a case: that survey; about a service: the desk's)."""
    with_nps = {
        survey_id
        for survey_id, questions in SurveyVersion.objects.values_list("survey_id", "questions")
        if any(question.get("type") == "nps" for question in questions)
    }
    if not with_nps:
        return False
    by_point = rollups.totals(scope, "point")
    surveys = set(
        ServicePoint.objects.filter(pk__in=[pk for pk in by_point if pk is not None]).values_list(
            "survey_id", flat=True
        )
    )
    if None in by_point:
        channels = set(rollups.totals(scope, "channel"))
        slugs = {"post_case"} if Response.Channel.POST_CASE in channels else set()
        if channels - {Response.Channel.POST_CASE}:
            slugs.add("desk")  # services.ratings.SERVICE_SURVEY: ratings about a service use the desk survey
        surveys |= set(Survey.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    return bool(surveys & with_nps)


@dataclass(frozen=True)
class TrendPoint:
    start: date  # the first day of the day, week or month
    share: Share


def trend(scope: Scope) -> tuple[str, list[TrendPoint]]:
    """The satisfied share over time, every day (a period of up to two weeks), week (up to about
    four months) or month of the scope, oldest first, empty ones included so time runs evenly."""
    span = (scope.last - scope.first).days + 1
    step = "day" if span <= 14 else "week" if span <= 120 else "month"
    buckets: dict[date, Figures] = {}
    start = _bucket_start(scope.first, step)
    while start <= scope.last:
        buckets[start] = Figures()
        start = (
            start + timedelta(days=1)
            if step == "day"
            else start + timedelta(days=7)
            if step == "week"
            else add_months(start, 1)
        )
    for day, figures in rollups.totals(scope, "day").items():
        buckets[_bucket_start(day, step)].add(figures.as_fields())
    return step, [TrendPoint(start, figures.share(start.isoformat())) for start, figures in buckets.items()]


def _bucket_start(day: date, step: str) -> date:
    if step == "week":
        return day - timedelta(days=day.weekday())
    if step == "month":
        return day.replace(day=1)
    return day


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


# Satisfaction against each unit's target: one computation for the targets page, the home page
# and the daily alert, so that they never disagree.

ROLLING_DAYS = policy.value("target_rolling_days")  # the reason: feedback/data/policy.yaml


@dataclass(frozen=True)
class TargetStatus:
    """A unit (with the units below it) against its target: the last ROLLING_DAYS days, and the
    ROLLING_DAYS before them for the trend."""

    target: SatisfactionTarget
    current: Share
    previous: Share

    @property
    def unit(self) -> Unit:
        return self.target.unit

    @property
    def light(self) -> str:
        """green, amber ("cannot tell yet"), red or grey ("too few ratings"): see stats.traffic_light."""
        return traffic_light(self.current, self.target.target_percent)

    @property
    def below(self) -> bool:
        """Surely below target (red): what the alerts say, and only then."""
        return self.light == "red"

    @property
    def change(self) -> str:
        """ "up" or "down" against the period before when the change is beyond chance, else ""."""
        return change_direction(self.previous, self.current)


def target_statuses(*, user=None, today: date | None = None) -> list[TargetStatus]:
    """Every unit with a target, by unit code: all of them for the system (`user` None), else
    those in the user's view of ratings."""
    today = today or timezone.localdate()
    targets = SatisfactionTarget.objects.select_related("unit__head__user").order_by("unit__code")
    if user is not None:
        scope = unit_scope(user, "feedback.view_responses")
        if scope is not None:
            targets = targets.filter(unit_id__in=scope)
    targets_list = list(targets)
    if not targets_list:
        return []
    current_first = today - timedelta(days=ROLLING_DAYS - 1)
    previous_first = current_first - timedelta(days=ROLLING_DAYS)
    units = [target.unit for target in targets_list]
    currents = _unit_shares(units, current_first, today)
    previouses = _unit_shares(units, previous_first, current_first - timedelta(days=1))
    return [
        TargetStatus(target=target, current=currents[target.unit_id], previous=previouses[target.unit_id])
        for target in targets_list
    ]


def target_shown(*, user, unit_code: str) -> SatisfactionTarget | None:
    """The target drawn on the trend: the chosen unit's, or that of the one unit the user sees
    (with the units below it); none for a view of several units."""
    if unit_code:
        return SatisfactionTarget.objects.select_related("unit").filter(unit__code=unit_code).first()
    scope = unit_scope(user, "feedback.view_responses")
    if scope is None:
        return None
    roots = [
        pk
        for pk, parent in Unit.objects.filter(pk__in=scope).values_list("pk", "parent_id")
        if parent not in scope
    ]
    if len(roots) != 1:
        return None
    return SatisfactionTarget.objects.select_related("unit").filter(unit_id=roots[0]).first()


def _unit_shares(units: list[Unit], first: date, last: date) -> dict[int, Share]:
    """Each unit's share of satisfied residents with the units below it, days first…last."""
    by_unit = rollups.totals(Scope(first=first, last=last), "unit")
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
        children[parent_id].append(unit_id)
    shares = {}
    for unit in units:
        total, stack, seen = Figures(), [unit.pk], set()
        while stack:  # the unit and every unit below it
            unit_id = stack.pop()
            if unit_id not in seen:
                seen.add(unit_id)
                stack.extend(children[unit_id])
                if unit_id in by_unit:
                    total.add(by_unit[unit_id].as_fields())
        shares[unit.pk] = total.share(unit.code)
    return shares
