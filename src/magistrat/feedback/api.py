"""Kiosk API: a registered tablet fetches its survey and sends ratings (also those it queued offline)."""

import uuid
from datetime import datetime
from typing import Annotated, Any

import pydantic
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import APIKeyHeader
from pydantic import AfterValidator, WithJsonSchema

from magistrat.api.permissions import requires
from magistrat.api.schemas import BODY, SIGNED_IN, AwareDateTime, ErrorOut, InputSchema, describe, with_errors
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import may
from magistrat.feedback import selectors
from magistrat.feedback.models import Response
from magistrat.feedback.services import ratings as rating_services
from magistrat.feedback.services import tokens as token_services
from magistrat.org.models import Unit
from magistrat.services.models import Service


class KioskToken(APIKeyHeader):
    param_name = "X-Kiosk-Token"

    def authenticate(self, request, key):
        return selectors.device_for_token(key) if key else None


router = Router(tags=["kiosk"], auth=KioskToken())


class SurveyOut(Schema):
    point: str
    point_name: str
    survey: str
    version: int
    questions: list[dict[str, Any]]


def _answer(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise ValueError(_("An answer is a number, a text, a list of texts or null."))


# Kept as sent (no conversion: true stays true, for the survey check to refuse it by its question).
Answer = Annotated[
    Any,
    AfterValidator(_answer),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "boolean"},
                {"type": "number"},
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {"type": "null"},
            ]
        }
    ),
]


class RatingIn(InputSchema):
    client_id: uuid.UUID
    # With its UTC offset, as a kiosk sends it (`new Date().toISOString()`). A time without one is
    # refused rather than guessed: around the change to winter time an hour of Warsaw time occurs
    # twice, and a clock that sends no offset may not be on Warsaw time at all.
    submitted_at: AwareDateTime
    version: int | None = Field(None, ge=1)  # the survey version the kiosk showed; null: the current one
    # By question id: a score (a whole number), an option or a comment (text), options (a list of
    # texts); null: not answered. What each question takes is checked against the survey version:
    # a value of the wrong kind for its question (true, 4.5, a number for a comment) is a 400
    # naming the question.
    answers: dict[str, Answer]


class RatingOut(Schema):
    client_id: uuid.UUID
    stored: bool  # False: this client_id was already stored (a resend); nothing new was stored


KIOSK = (401,)


@router.get(
    "/kiosk/survey",
    response=with_errors({200: SurveyOut}, *KIOSK),
    summary="The survey of the kiosk's service point",
)
def kiosk_survey(request):
    point = request.auth.point
    version = point.survey.current_version()
    return SurveyOut(
        point=point.code,
        point_name=point.name,
        survey=point.survey.slug,
        version=version.number,
        questions=version.questions,
    )


def _outcome_status(outcome: rating_services.Outcome) -> int:
    if outcome.error is None:
        return 201 if outcome.stored else 200
    return 429 if isinstance(outcome.error, rating_services.RateLimited) else 400


def _rating(rating: RatingIn) -> rating_services.Rating:
    return rating_services.Rating(
        client_id=rating.client_id,
        answers=rating.answers,
        submitted_at=rating.submitted_at,
        version=rating.version,
    )


@router.post(
    "/kiosk/ratings",
    response=with_errors({201: RatingOut, 200: RatingOut}, *KIOSK, *BODY, 429),
    summary="Store one rating; resending the same client_id stores nothing new",
)
def kiosk_rate(request, rating: RatingIn):
    device = request.auth
    [outcome] = rating_services.responses_submit(
        ratings=[_rating(rating)], channel=Response.Channel.KIOSK, point=device.point, device=device
    )
    status = _outcome_status(outcome)
    if outcome.error is not None:
        return Status(status, ErrorOut(detail=str(outcome.error.message), field=outcome.error.field))
    return Status(status, RatingOut(client_id=outcome.client_id, stored=outcome.stored))


class BatchIn(Schema):
    # Deliberately loose (objects of any shape): each rating is checked on its own as a RatingIn,
    # the text rule included, so that one bad rating is refused alone and the others are stored.
    # Were the list typed RatingIn, one naive time or NUL byte would refuse the whole batch, and a
    # kiosk resending its queue would be refused for ever.
    ratings: list[dict[str, Any]] = Field(
        description=(
            f"1 to {rating_services.MAX_BATCH} ratings, each shaped like RatingIn (POST /kiosk/ratings). "
            "Each is checked on its own: an invalid one gets status 400 in its result and the "
            "others are stored."
        ),
        json_schema_extra={"minItems": 1, "maxItems": rating_services.MAX_BATCH},
    )


class BatchItemOut(Schema):
    index: int  # the rating's position in the batch, from 0 (identifies it when client_id is unreadable)
    client_id: uuid.UUID | None  # null: the rating's client_id is missing or not a UUID
    status: int  # 201 stored, 200 stored before (a resend), 400 refused, 429 over the rate limit
    detail: str | None = None
    field: str | None = None


class BatchOut(Schema):
    results: list[BatchItemOut]


def _client_id(raw: dict[str, Any]) -> uuid.UUID | None:
    value = raw.get("client_id")
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


@router.post(
    "/kiosk/ratings/batch",
    response=with_errors({200: BatchOut}, *KIOSK, *BODY),
    summary="Store up to 100 ratings (a kiosk's offline queue); one result per rating, in order",
)
def kiosk_rate_batch(request, batch: BatchIn):
    device = request.auth
    if not 1 <= len(batch.ratings) <= rating_services.MAX_BATCH:
        return Status(
            400,
            ErrorOut(
                detail=_("Send from 1 to %(n)d ratings at a time.") % {"n": rating_services.MAX_BATCH},
                field="ratings",
            ),
        )
    results: list[BatchItemOut | None] = [None] * len(batch.ratings)
    valid: list[tuple[int, rating_services.Rating]] = []
    for index, raw in enumerate(batch.ratings):
        try:
            valid.append((index, _rating(RatingIn.model_validate(raw))))
        except pydantic.ValidationError as exc:
            detail, field = describe(exc.errors(include_url=False))
            results[index] = BatchItemOut(
                index=index, client_id=_client_id(raw), status=400, detail=detail, field=field
            )
    if valid:
        try:
            outcomes = rating_services.responses_submit(
                ratings=[rating for _index, rating in valid],
                channel=Response.Channel.KIOSK,
                point=device.point,
                device=device,
            )
        except ServiceError as exc:
            return Status(400, ErrorOut(detail=str(exc.message), field=exc.field))
        for (index, _sent), outcome in zip(valid, outcomes, strict=True):
            results[index] = BatchItemOut(
                index=index,
                client_id=outcome.client_id,
                status=_outcome_status(outcome),
                detail=str(outcome.error.message) if outcome.error else None,
                field=outcome.error.field if outcome.error else None,
            )
    return BatchOut(results=[result for result in results if result is not None])


tokens_router = Router(tags=["post-case surveys"])


class SurveyTokenIn(InputSchema):
    unit: str  # code of the unit that handled the case, e.g. "SA-01"
    case_reference: str = Field("", max_length=100)  # the case system's reference; no personal data
    service: str = ""  # the slug of the service card the case was about, if known
    valid_days: int = token_services.POST_CASE_VALID_DAYS  # 1 to POST_CASE_MAX_VALID_DAYS (400 otherwise)


class SurveyTokenOut(Schema):
    url: str
    expires_at: datetime


@tokens_router.post(
    "/survey-tokens",
    response=with_errors({201: SurveyTokenOut}, *SIGNED_IN, *BODY),
    summary="A one-time post-case survey link for a closed case (send it to the resident)",
)
@requires("feedback.issue_survey_tokens")
def survey_token_issue(request, body: SurveyTokenIn):
    unit = Unit.objects.filter(code=body.unit.upper(), is_active=True).first()
    if unit is None:
        return Status(400, ErrorOut(detail=_("Unknown unit."), field="unit"))
    if not may(request.auth, "feedback.issue_survey_tokens", unit):
        return Status(403, ErrorOut(detail=_("You do not have permission to do this.")))
    service = Service.objects.filter(slug=body.service).first() if body.service else None
    if body.service and service is None:
        return Status(400, ErrorOut(detail=_("Unknown service."), field="service"))
    try:
        survey_token, token = token_services.survey_token_issue(
            unit=unit,
            case_reference=body.case_reference,
            user=request.auth,
            valid_days=body.valid_days,
            service=service,
        )
    except ServiceError as exc:
        return Status(400, ErrorOut(detail=str(exc.message), field=exc.field))
    url = request.build_absolute_uri(reverse("feedback_survey", args=[token]))
    return Status(201, SurveyTokenOut(url=url, expires_at=survey_token.expires_at))
