"""Writes of the feedback module: surveys from the catalogue, kiosk devices, ratings, exclusions."""

import uuid
from datetime import datetime, timedelta
from typing import Any

import yaml
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.reference import data_text
from magistrat.core.tokens import hash_token, new_token
from magistrat.feedback.models import (
    KioskDevice,
    Response,
    SatisfactionTarget,
    ServicePoint,
    Survey,
    SurveyToken,
    SurveyVersion,
)
from magistrat.feedback.scrubbing import scrub
from magistrat.org.models import Unit

SCALES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
# Anti-abuse. Over the limit: refused (429), nothing stored. A burst: stored but flagged for review.
DEVICE_LIMIT_PER_MINUTE = settings.MAGISTRAT_KIOSK_RATINGS_PER_MINUTE
IP_LIMIT_PER_HOUR = 20
BURST_COUNT, BURST_SECONDS = 5, 30
# A device may send what it queued while offline, but not from the future or the distant past.
MAX_CLOCK_SKEW = timedelta(minutes=10)
MAX_OFFLINE_AGE = timedelta(days=14)


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
        digest = SurveyVersion.hash_of(spec["questions"])
        latest = survey.versions.order_by("-number").first()
        if latest is None or latest.content_hash != digest:
            created.append(
                SurveyVersion.objects.create(
                    survey=survey,
                    number=(latest.number + 1) if latest else 1,
                    questions=spec["questions"],
                    content_hash=digest,
                )
            )
    return created


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


def device_for_token(token: str) -> KioskDevice | None:
    return (
        KioskDevice.objects.select_related("point__survey", "point__unit")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )


def _clean_answers(version: SurveyVersion, answers: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(answers, dict):
        raise ServiceError(_("Answers must be an object."), field="answers")
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


def response_submit(
    *,
    client_id: uuid.UUID,
    point: ServicePoint,
    channel: str,
    answers: dict[str, Any],
    submitted_at: datetime | None = None,
    device: KioskDevice | None = None,
    client_key: str = "",
    version: SurveyVersion | None = None,
) -> tuple[Response, bool]:
    """Store one rating. Returns (response, created); the same client_id again returns the stored one.

    `client_key` identifies the sender for rate limiting when there is no device (e.g. an IP
    address); it is never stored.
    """
    existing = Response.objects.filter(client_id=client_id).first()
    if existing is not None:
        return existing, False
    from magistrat.core.ratelimit import allow

    now = timezone.now()
    submitted_at = submitted_at or now
    if submitted_at > now + MAX_CLOCK_SKEW or submitted_at < now - MAX_OFFLINE_AGE:
        raise ServiceError(_("The time of the rating is not plausible."), field="submitted_at")
    if not point.is_active:
        raise ServiceError(_("This service point no longer collects ratings."), field="point")
    version = version or point.survey.current_version()
    if version.survey_id != point.survey_id:
        raise ServiceError(_("This survey is not used at this service point."), field="version")
    cleaned = _clean_answers(version, answers)
    if device is not None:
        # Ratings a kiosk queued while offline are flushed at once when it reconnects: only
        # live ratings count towards the device's per-minute limit, so none of the queue is refused.
        live = submitted_at > now - timedelta(minutes=2)
        if live and not allow(f"fb-device:{device.pk}", limit=DEVICE_LIMIT_PER_MINUTE, window_seconds=60):
            raise RateLimited(_("Too many ratings from this device. Wait a minute."))
    elif not allow(f"fb-client:{client_key}", limit=IP_LIMIT_PER_HOUR, window_seconds=3600):
        raise RateLimited(_("Too many ratings from this address. Try again later."))
    window_start = submitted_at - timedelta(seconds=BURST_SECONDS)
    recent = Response.objects.filter(
        point=point, submitted_at__gte=window_start, submitted_at__lte=submitted_at
    )
    burst = recent.count() + 1 >= BURST_COUNT
    response = _new_response(
        cleaned,
        client_id=client_id,
        version=version,
        point=point,
        unit_id=point.unit_id,
        device=device,
        channel=channel,
        submitted_at=submitted_at,
        flagged=burst,
        flag_reason=_("%(n)d ratings within %(s)d seconds at this point")
        % {"n": recent.count() + 1, "s": BURST_SECONDS}
        if burst
        else "",
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:  # the same client_id arrived twice at once: keep the first
        return Response.objects.get(client_id=client_id), False
    return response, True


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
def survey_token_issue(*, unit: Unit, case_reference: str, user, valid_days: int = POST_CASE_VALID_DAYS):
    """A one-time link to the post-case survey for a closed case; the token is returned once."""
    if not 1 <= valid_days <= 90:
        raise ServiceError(_("A survey link is valid for 1 to 90 days."), field="valid_days")
    token = new_token(18)
    survey_token = SurveyToken.objects.create(
        token_hash=hash_token(token),
        survey=Survey.objects.get(slug="post_case"),
        unit=unit,
        case_reference=case_reference,
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
