"""Ratings: stored at most once each (a device may resend its queue), checked against the survey
version shown, limited per sender, flagged in bursts, and left out of statistics with a reason.

Ratings are anonymous facts arriving by the thousand: storing one writes no audit entry (see
`Response`); an exclusion does."""

import uuid
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import require_may
from magistrat.core.ratelimit import allow
from magistrat.feedback import policy
from magistrat.feedback.models import KioskDevice, Response, ServicePoint, Survey, SurveyVersion
from magistrat.feedback.rollups import local_day, mark_dirty
from magistrat.feedback.scrubbing import scrub
from magistrat.feedback.services.surveys import SCALES
from magistrat.services.models import Service

# Anti-abuse (reasons in feedback/data/policy.yaml). Over the limit: refused (429), nothing stored.
# A burst: stored but flagged for review.
DEVICE_LIMIT_PER_MINUTE = settings.MAGISTRAT_KIOSK_RATINGS_PER_MINUTE
IP_LIMIT_PER_HOUR = policy.value("ip_ratings_per_hour")
BURST_COUNT, BURST_SECONDS = policy.value("burst_count"), policy.value("burst_seconds")
# A device may send what it queued while offline, but not from the future or the distant past.
MAX_CLOCK_SKEW = timedelta(minutes=policy.value("max_clock_skew_minutes"))
MAX_OFFLINE_AGE = timedelta(days=policy.value("max_offline_age_days"))
SERVICE_SURVEY = "desk"  # the survey of a rating about a service (no desk): the same questions
MAX_BATCH = 100


class RateLimited(ServiceError):
    pass


def clean_answers(version: SurveyVersion, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers checked against the survey version's questions (types, ranges, options, length),
    comments scrubbed of personal data; ServiceError naming the question otherwise."""
    from magistrat.core.text import MESSAGE as CONTROL_CHARACTERS_MESSAGE
    from magistrat.core.text import has_control_characters

    if not isinstance(answers, dict):
        raise ServiceError(_("Answers must be an object."), field="answers")
    # The shared text rule (core.text), whatever the channel: a NUL cannot be stored on PostgreSQL
    # and breaks the XLSX export; checked before anything else so no message echoes such a character.
    for qid, value in answers.items():
        if has_control_characters(qid) or has_control_characters(value):
            field = "answers" if has_control_characters(qid) else qid
            raise ServiceError(str(CONTROL_CHARACTERS_MESSAGE), field=field)
    questions = {q["id"]: q for q in version.questions}
    unknown = set(answers) - set(questions)
    if unknown:
        raise ServiceError(
            _("Unknown questions: %(ids)s.") % {"ids": ", ".join(sorted(unknown))}, field="answers"
        )
    cleaned: dict[str, Any] = {}
    for qid, question in questions.items():
        value = answers.get(qid)
        if value in (None, "", []):
            if question.get("required"):
                raise ServiceError(_("Answer the question: %(id)s.") % {"id": qid}, field=qid)
            continue
        kind = question["type"]
        if kind in SCALES:
            low, high = SCALES[kind]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ServiceError(
                    _("%(id)s must be a whole number from %(low)d to %(high)d.")
                    % {"id": qid, "low": low, "high": high},
                    field=qid,
                )
        elif kind in ("tags", "choice"):
            options = {o["id"] for o in question["options"]}
            values = value if isinstance(value, list) else [value]
            if (
                kind == "choice"
                and len(values) != 1
                or not all(isinstance(v, str) and v in options for v in values)
            ):
                raise ServiceError(_("Unknown option in %(id)s.") % {"id": qid}, field=qid)
            value = sorted(set(values)) if kind == "tags" else values[0]
        elif kind == "text":
            if not isinstance(value, str):
                raise ServiceError(_("%(id)s must be text.") % {"id": qid}, field=qid)
            if len(value) > question.get("max_length", 1000):
                raise ServiceError(
                    _("The comment is too long (at most %(n)d characters).")
                    % {"n": question.get("max_length", 1000)},
                    field=qid,
                )
            value = scrub(value.strip())
        cleaned[qid] = value
    return cleaned


def new_response(cleaned: dict[str, Any], **fields) -> Response:
    """A rating from validated answers, with the scores copied to their own columns for statistics."""
    return Response(
        answers=cleaned,
        csat=cleaned.get("csat"),
        nps=cleaned.get("nps"),
        ces=cleaned.get("ces"),
        comment=cleaned.get("comment", ""),
        **fields,
    )


@dataclass(frozen=True)
class Rating:
    """One rating as a device or page sends it."""

    client_id: uuid.UUID
    answers: dict[str, Any]
    submitted_at: datetime | None = None
    version: int | None = None  # the survey version the device showed; None: the current one


@dataclass
class Outcome:
    client_id: uuid.UUID
    stored: bool = False  # False with no error: this client_id was stored before (a resend)
    error: ServiceError | None = None
    response: Response | None = None


def responses_submit(
    *,
    ratings: list[Rating],
    channel: str,
    point: ServicePoint | None = None,
    service: Service | None = None,
    device: KioskDevice | None = None,
    client_key: str = "",
) -> list[Outcome]:
    """Store ratings given at a service point or about a service, each at most once.

    One outcome per rating, in order. A client_id stored before is acknowledged and stores
    nothing, so a device may resend its queue safely. A rating in error is refused alone; the
    rest are stored. `client_key` identifies the sender for rate limiting when there is no
    device (e.g. an IP address); it is never stored.
    """
    if not 1 <= len(ratings) <= MAX_BATCH:
        raise ServiceError(_("Send from 1 to %(n)d ratings at a time.") % {"n": MAX_BATCH}, field="ratings")
    if point is None and service is None:
        raise ValueError("A rating is given at a service point or about a service.")
    outcomes = [Outcome(client_id=rating.client_id) for rating in ratings]
    known = set(
        Response.objects.filter(client_id__in=[r.client_id for r in ratings]).values_list(
            "client_id", flat=True
        )
    )
    survey = point.survey if point is not None else Survey.objects.get(slug=SERVICE_SURVEY)
    versions = {version.number: version for version in survey.versions.all()}
    current = versions[max(versions)]
    now = timezone.now()
    fresh: list[tuple[Outcome, Response]] = []
    for rating, outcome in zip(ratings, outcomes, strict=True):
        if rating.client_id in known:
            continue
        known.add(rating.client_id)  # the same id twice in one batch: the first counts
        try:
            checked = _checked(rating, point=point, versions=versions, current=current, now=now)
        except ServiceError as exc:
            outcome.error = exc
        else:
            fresh.append((outcome, checked))
    _limit(fresh, device=device, client_key=client_key, now=now)
    fresh = [(outcome, response) for outcome, response in fresh if outcome.error is None]
    for _outcome, response in fresh:
        response.unit_id = point.unit_id if point is not None else service.unit_id  # type: ignore[union-attr]
        response.point, response.service, response.device, response.channel = point, service, device, channel
    if point is not None:
        _flag_bursts([response for _outcome, response in fresh], point)
    _store(fresh)
    mark_dirty({local_day(response.submitted_at) for outcome, response in fresh if outcome.stored})
    return outcomes


def _checked(rating: Rating, *, point, versions, current, now) -> Response:
    """A rating validated into an unsaved Response, or ServiceError."""
    submitted_at = rating.submitted_at or now
    if submitted_at > now + MAX_CLOCK_SKEW or submitted_at < now - MAX_OFFLINE_AGE:
        raise ServiceError(_("The time of the rating is not plausible."), field="submitted_at")
    if point is not None and not point.is_active:
        raise ServiceError(_("This service point no longer collects ratings."), field="point")
    version = current if rating.version is None else versions.get(rating.version)
    if version is None:
        raise ServiceError(_("Unknown survey version."), field="version")
    return new_response(
        clean_answers(version, rating.answers),
        client_id=rating.client_id,
        version=version,
        submitted_at=submitted_at,
    )


def _limit(fresh: list[tuple[Outcome, Response]], *, device, client_key: str, now: datetime) -> None:
    """Refuse what goes over the sender's rate limit (marked as the outcome's error)."""
    if device is not None:
        # Ratings a kiosk queued while offline are flushed at once when it reconnects: only
        # live ratings count towards the device's per-minute limit, so none of the queue is refused.
        live = [pair for pair in fresh if pair[1].submitted_at > now - timedelta(minutes=2)]
        key, limit, window = f"fb-device:{device.pk}", DEVICE_LIMIT_PER_MINUTE, 60
        message = _("Too many ratings from this device. Wait a minute.")
    else:
        live = fresh
        key, limit, window = f"fb-client:{client_key}", IP_LIMIT_PER_HOUR, 3600
        message = _("Too many ratings from this address. Try again later.")
    if live and not allow(key, limit=limit, window_seconds=window, cost=len(live)):
        for outcome, _response in live:
            outcome.error = RateLimited(message)


def _flag_bursts(responses: list[Response], point: ServicePoint) -> None:
    """Flag (never drop) a rating that is the BURST_COUNT-th or more at the point within BURST_SECONDS."""
    if not responses:
        return
    window = timedelta(seconds=BURST_SECONDS)
    earliest = min(r.submitted_at for r in responses) - window
    latest = max(r.submitted_at for r in responses)
    moments = sorted(
        [
            *Response.objects.filter(
                point=point, submitted_at__gte=earliest, submitted_at__lte=latest
            ).values_list("submitted_at", flat=True),
            *(r.submitted_at for r in responses),
        ]
    )
    for response in responses:
        count = bisect_right(moments, response.submitted_at) - bisect_left(
            moments, response.submitted_at - window
        )
        if count >= BURST_COUNT:
            response.flagged = True
            response.flag_reason = _("%(n)d ratings within %(s)d seconds at this point") % {
                "n": count,
                "s": BURST_SECONDS,
            }


def _store(fresh: list[tuple[Outcome, Response]]) -> None:
    try:
        with transaction.atomic():
            Response.objects.bulk_create([response for _outcome, response in fresh])
    except IntegrityError:
        # Another request stored one of these client_ids a moment ago: store one by one, keep the first.
        for _outcome, response in fresh:
            response.pk = None
            try:
                with transaction.atomic():
                    response.save()
            except IntegrityError:
                response.pk = None
    for outcome, response in fresh:
        outcome.stored = response.pk is not None
        outcome.response = response


def response_submit(
    *,
    client_id: uuid.UUID,
    channel: str,
    answers: dict[str, Any],
    point: ServicePoint | None = None,
    service: Service | None = None,
    submitted_at: datetime | None = None,
    device: KioskDevice | None = None,
    client_key: str = "",
    version: int | None = None,
) -> tuple[Response, bool]:
    """Store one rating. Returns (response, created); the same client_id again returns the stored one."""
    rating = Rating(client_id=client_id, answers=answers, submitted_at=submitted_at, version=version)
    [outcome] = responses_submit(
        ratings=[rating], channel=channel, point=point, service=service, device=device, client_key=client_key
    )
    if outcome.error is not None:
        raise outcome.error
    if outcome.response is None:
        return Response.objects.get(client_id=client_id), False
    return outcome.response, outcome.stored


@transaction.atomic
def response_exclude(*, response: Response, reason: str, user) -> Response:
    """Leave a rating out of statistics (it stays stored), with the reason, in the audit trail."""
    require_may(user, "feedback.moderate_responses", response)
    if not reason.strip():
        raise ServiceError(_("Give the reason for the exclusion."), field="reason")
    response.excluded, response.exclusion_reason, response.excluded_by = True, reason.strip(), user
    response.save(update_fields=["excluded", "exclusion_reason", "excluded_by"])
    mark_dirty([local_day(response.submitted_at)])
    log_action(
        response,
        "feedback.response.excluded",
        user=user,
        data={"reason": reason.strip(), "client_id": str(response.client_id)},
    )
    return response
