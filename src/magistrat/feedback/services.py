"""Writes of the feedback module: surveys from the catalogue, kiosk devices, ratings, exclusions."""

import re
import secrets
import uuid
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import yaml
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.ratelimit import allow
from magistrat.core.reference import data_text
from magistrat.core.tokens import hash_token, new_token
from magistrat.feedback.models import (
    KioskDevice,
    KioskPairing,
    Response,
    SatisfactionTarget,
    ServicePoint,
    Survey,
    SurveyToken,
    SurveyVersion,
)
from magistrat.feedback.rollups import local_day, mark_dirty
from magistrat.feedback.scrubbing import scrub
from magistrat.org.models import Unit
from magistrat.services.models import Service

SCALES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
# Anti-abuse. Over the limit: refused (429), nothing stored. A burst: stored but flagged for review.
DEVICE_LIMIT_PER_MINUTE = settings.MAGISTRAT_KIOSK_RATINGS_PER_MINUTE
IP_LIMIT_PER_HOUR = 20
BURST_COUNT, BURST_SECONDS = 5, 30
# A device may send what it queued while offline, but not from the future or the distant past.
MAX_CLOCK_SKEW = timedelta(minutes=10)
MAX_OFFLINE_AGE = timedelta(days=14)
SERVICE_SURVEY = "desk"  # the survey of a rating about a service (no desk): the same questions


class RateLimited(ServiceError):
    pass


def surveys_load(*, text: str | None = None, using: str = "default") -> list[SurveyVersion]:
    """Store a new version of each survey in feedback/data/surveys.yaml whose questions changed."""
    if text is None:
        text = data_text("feedback", "surveys.yaml")
    with transaction.atomic(using=using):
        return _load(yaml.safe_load(text)["surveys"])


def _load(surveys: dict) -> list[SurveyVersion]:
    created = []
    for slug, spec in surveys.items():
        survey, _new = Survey.objects.get_or_create(slug=slug, defaults={"name": spec["name"]})
        latest = survey.versions.order_by("-number").first()
        if latest is not None and (latest.created_by_id or latest.change_note):
            continue  # the office edited this survey: its own wording wins over the package's
        if latest is None or latest.content_hash != SurveyVersion.hash_of(spec["questions"]):
            created.append(_new_version(survey, name=spec["name"], questions=spec["questions"]))
    return created


SLUG = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
KINDS = (*SCALES, "choice", "tags", "text")


def questions_check(questions: list[dict[str, Any]]) -> None:
    """ServiceError unless `questions` is a well-formed survey (the shape every version must have)."""
    if not questions:
        raise ServiceError(_("A survey needs at least one question."), field="questions")
    seen: set[str] = set()
    for question in questions:
        qid, kind = question.get("id", ""), question.get("type")
        if kind not in KINDS:
            raise ServiceError(_("Unknown question type: %(kind)s.") % {"kind": kind}, field="questions")
        if not isinstance(qid, str) or not SLUG.match(qid):
            raise ServiceError(
                _("Question ids are lower-case letters, digits and _ (e.g. waiting_time): %(id)s.")
                % {"id": qid},
                field="questions",
            )
        if kind in SCALES and qid != kind:
            # statistics read the scores from these ids (one CSAT, one NPS, one CES per survey)
            raise ServiceError(
                _("A %(kind)s question must have the id %(kind)s.") % {"kind": kind}, field="questions"
            )
        if qid in seen:
            raise ServiceError(_("Two questions have the id %(id)s.") % {"id": qid}, field="questions")
        seen.add(qid)
        if not (question.get("text") or {}).get("pl", "").strip():
            raise ServiceError(_("Question %(id)s has no Polish wording.") % {"id": qid}, field="questions")
        if kind in ("choice", "tags"):
            options = question.get("options") or []
            ids = [option.get("id", "") for option in options]
            if not options or len(set(ids)) != len(ids) or not all(SLUG.match(i or "") for i in ids):
                raise ServiceError(
                    _("Question %(id)s needs options with distinct ids.") % {"id": qid}, field="questions"
                )
        if kind == "text" and not 1 <= int(question.get("max_length", 1000)) <= 4000:
            raise ServiceError(_("A comment may be 1 to 4000 characters long."), field="questions")


def _new_version(
    survey: Survey, *, name: dict, questions: list, user=None, change_note: str = ""
) -> SurveyVersion:
    questions_check(questions)
    latest = survey.versions.order_by("-number").first()
    return SurveyVersion.objects.create(
        survey=survey,
        number=(latest.number + 1) if latest else 1,
        name=name,
        questions=questions,
        content_hash=SurveyVersion.hash_of(questions),
        created_by=user,
        change_note=change_note,
    )


@transaction.atomic
def survey_version_create(
    *, survey: Survey, name: dict[str, str], questions: list[dict[str, Any]], change_note: str, user
) -> SurveyVersion:
    """A new wording of a survey, used from now on; answers already given keep their version."""
    if not change_note.strip():
        raise ServiceError(_("Say what changed and why."), field="change_note")
    if not name.get("pl", "").strip():
        raise ServiceError(_("Give the survey a Polish title."), field="name_pl")
    latest = survey.current_version()
    if latest.content_hash == SurveyVersion.hash_of(questions) and latest.name == name:
        raise ServiceError(_("Nothing changed: no new version was made."))
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    version = _new_version(survey, name=name, questions=questions, user=user, change_note=change_note.strip())
    survey.name = name
    survey.save(update_fields=["name"])
    log_action(
        survey,
        "feedback.survey.version_created",
        user=user,
        data={"version": version.number, "change_note": version.change_note},
    )
    return version


@transaction.atomic
def device_issue(*, point: ServicePoint, name: str, user) -> tuple[KioskDevice, str]:
    """Register a kiosk; the token is returned once, to be typed or scanned into the tablet."""
    token = new_token(24)
    device = KioskDevice.objects.create(name=name, point=point, token_hash=hash_token(token), issued_by=user)
    return device, token


@transaction.atomic
def device_revoke(*, device: KioskDevice) -> KioskDevice:
    device.revoked_at = timezone.now()
    device.save()
    return device


# Pairing codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as
# ABCD-EFGH. About 10^12 codes, valid for minutes, once, and tried at a limited rate.
PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PAIRING_LENGTH = 8
PAIRING_MINUTES = 15


def pairing_code_normal(code: str) -> str:
    """A pairing code as stored (hashed): upper case, without spaces and hyphens."""
    return "".join(code.split()).replace("-", "").upper()


@transaction.atomic
def kiosk_pairing_issue(*, point: ServicePoint, name: str, user) -> tuple[KioskPairing, str]:
    """A one-time code pairing a tablet with `point`; the code is returned once (as ABCD-EFGH)."""
    if not name.strip():
        raise ServiceError(_("Give the device a name."), field="name")
    if not point.is_active:
        raise ServiceError(_("This service point no longer collects ratings."))
    code = "".join(secrets.choice(PAIRING_ALPHABET) for _n in range(PAIRING_LENGTH))
    pairing = KioskPairing.objects.create(
        point=point,
        name=name.strip(),
        code_hash=hash_token(code),
        issued_by=user,
        expires_at=timezone.now() + timedelta(minutes=PAIRING_MINUTES),
    )
    log_action(
        pairing,
        "feedback.kiosk.pairing_issued",
        user=user,
        data={"point": point.code, "device": pairing.name, "expires_at": pairing.expires_at.isoformat()},
    )
    return pairing, f"{code[:4]}-{code[4:]}"


@transaction.atomic
def kiosk_pair(*, code: str) -> tuple[KioskDevice, str]:
    """Use up a pairing code: register the tablet as a kiosk device and return its token (once)."""
    normal = pairing_code_normal(code)
    pairing = (
        KioskPairing.objects.select_for_update()
        .select_related("point")
        .filter(code_hash=hash_token(normal))
        .first()
        if len(normal) == PAIRING_LENGTH
        else None
    )
    if pairing is None:
        raise ServiceError(_("This pairing code is not valid. Check it or ask staff for a new one."))
    if pairing.used_at is not None:
        raise ServiceError(_("This pairing code has already been used. Ask staff for a new one."))
    if pairing.expires_at < timezone.now():
        raise ServiceError(_("This pairing code has expired. Ask staff for a new one."))
    if not pairing.point.is_active:
        raise ServiceError(_("This service point no longer collects ratings."))
    token = new_token(24)
    device = KioskDevice.objects.create(
        name=pairing.name, point=pairing.point, token_hash=hash_token(token), issued_by=pairing.issued_by
    )
    pairing.used_at, pairing.device = timezone.now(), device
    pairing.save()
    log_action(
        pairing,
        "feedback.kiosk.paired",
        data={"point": pairing.point.code, "device": device.name, "device_id": device.pk},
    )
    return device, token


def device_for_token(token: str) -> KioskDevice | None:
    return (
        KioskDevice.objects.select_related("point__survey", "point__unit")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )


def _clean_answers(version: SurveyVersion, answers: dict[str, Any]) -> dict[str, Any]:
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


MAX_BATCH = 100


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
    return _new_response(
        _clean_answers(version, rating.answers),
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


def _new_response(cleaned: dict[str, Any], **fields) -> Response:
    """A rating from validated answers, with the scores copied to their own columns for statistics."""
    return Response(
        answers=cleaned,
        csat=cleaned.get("csat"),
        nps=cleaned.get("nps"),
        ces=cleaned.get("ces"),
        comment=cleaned.get("comment", ""),
        **fields,
    )


POST_CASE_VALID_DAYS = 30


@transaction.atomic
def survey_token_issue(
    *,
    unit: Unit,
    case_reference: str,
    user,
    valid_days: int = POST_CASE_VALID_DAYS,
    service: Service | None = None,
):
    """A one-time link to the post-case survey for a closed case; the token is returned once."""
    if not 1 <= valid_days <= 90:
        raise ServiceError(_("A survey link is valid for 1 to 90 days."), field="valid_days")
    token = new_token(18)
    survey_token = SurveyToken.objects.create(
        token_hash=hash_token(token),
        survey=Survey.objects.get(slug="post_case"),
        unit=unit,
        case_reference=case_reference,
        service=service,
        issued_by=user,
        expires_at=timezone.now() + timedelta(days=valid_days),
    )
    return survey_token, token


def survey_token_check(token: str) -> SurveyToken:
    """The token's record, or ServiceError: unknown, already used or expired."""
    survey_token = (
        SurveyToken.objects.select_related("survey", "unit").filter(token_hash=hash_token(token)).first()
    )
    if survey_token is None:
        raise ServiceError(_("This survey link is not valid."))
    if survey_token.used_at is not None:
        raise ServiceError(_("This survey has already been answered. Thank you!"))
    if survey_token.expires_at < timezone.now():
        raise ServiceError(_("This survey link has expired."))
    return survey_token


@transaction.atomic
def response_submit_with_token(*, token: str, client_id: uuid.UUID, answers: dict[str, Any]) -> Response:
    """Store the post-case rating and use up the token, both or neither."""
    existing = Response.objects.filter(client_id=client_id).first()
    if existing is not None:
        return existing
    survey_token = survey_token_check(token)
    survey_token = SurveyToken.objects.select_for_update().get(pk=survey_token.pk)
    if survey_token.used_at is not None:  # answered in another tab a moment ago
        raise ServiceError(_("This survey has already been answered. Thank you!"))
    version = survey_token.survey.current_version()
    now = timezone.now()
    response = _new_response(
        _clean_answers(version, answers),
        client_id=client_id,
        version=version,
        unit=survey_token.unit,
        service=survey_token.service,
        channel=Response.Channel.POST_CASE,
        submitted_at=now,
    )
    response.save()
    survey_token.used_at = now
    survey_token.save(update_fields=["used_at"])
    return response


@transaction.atomic
def response_exclude(*, response: Response, reason: str, user) -> Response:
    """Leave a rating out of statistics (it stays stored), with the reason, in the audit trail."""
    if not reason.strip():
        raise ServiceError(_("Give the reason for the exclusion."), field="reason")
    response.excluded, response.exclusion_reason, response.excluded_by = True, reason.strip(), user
    response.save(update_fields=["excluded", "exclusion_reason", "excluded_by"])
    mark_dirty([local_day(response.submitted_at)])
    log_action(
        response,
        "feedback.response.excluded",
        data={"reason": reason.strip(), "client_id": str(response.client_id)},
    )
    return response


@transaction.atomic
def target_set(*, unit: Unit, target_percent: int) -> SatisfactionTarget:
    if not 0 <= target_percent <= 100:
        raise ServiceError(_("A target is a percentage from 0 to 100."), field="target_percent")
    target = SatisfactionTarget.objects.filter(unit=unit).first() or SatisfactionTarget(unit=unit)
    target.target_percent = target_percent
    target.save()
    return target


@transaction.atomic
def point_save(*, point: ServicePoint) -> ServicePoint:
    point.full_clean()
    point.save()
    return point
