"""Kiosk API: a registered tablet fetches its survey and sends ratings (also those it queued offline)."""

import uuid
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import APIKeyHeader

from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import has_perm
from magistrat.feedback import services
from magistrat.feedback.models import Response
from magistrat.org.models import Unit
from magistrat.services.models import Service


class KioskToken(APIKeyHeader):
    param_name = "X-Kiosk-Token"

    def authenticate(self, request, key):
        return services.device_for_token(key) if key else None


router = Router(tags=["kiosk"], auth=KioskToken())


class SurveyOut(Schema):
    point: str
    point_name: str
    survey: str
    version: int
    questions: list[dict[str, Any]]


class RatingIn(Schema):
    client_id: uuid.UUID
    submitted_at: datetime
    version: int | None = None
    answers: dict[str, Any]


class RatingOut(Schema):
    client_id: uuid.UUID
    stored: bool  # False: this client_id was already stored (a resend); nothing new was stored


class ErrorOut(Schema):
    detail: str
    field: str | None = None


@router.get("/kiosk/survey", response=SurveyOut, summary="The survey of the kiosk's service point")
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


def _outcome_status(outcome: services.Outcome) -> int:
    if outcome.error is None:
        return 201 if outcome.stored else 200
    return 429 if isinstance(outcome.error, services.RateLimited) else 400


def _rating(rating: RatingIn) -> services.Rating:
    return services.Rating(
        client_id=rating.client_id,
        answers=rating.answers,
        submitted_at=rating.submitted_at,
        version=rating.version,
    )


@router.post(
    "/kiosk/ratings",
    response={201: RatingOut, 200: RatingOut, 400: ErrorOut, 429: ErrorOut},
    summary="Store one rating; resending the same client_id stores nothing new",
)
def kiosk_rate(request, rating: RatingIn):
    device = request.auth
    [outcome] = services.responses_submit(
        ratings=[_rating(rating)], channel=Response.Channel.KIOSK, point=device.point, device=device
    )
    status = _outcome_status(outcome)
    if outcome.error is not None:
        return Status(status, ErrorOut(detail=str(outcome.error.message), field=outcome.error.field))
    return Status(status, RatingOut(client_id=outcome.client_id, stored=outcome.stored))


class BatchIn(Schema):
    ratings: list[RatingIn]


class BatchItemOut(Schema):
    client_id: uuid.UUID
    status: int  # 201 stored, 200 stored before (a resend), 400 refused, 429 over the rate limit
    detail: str | None = None
    field: str | None = None


class BatchOut(Schema):
    results: list[BatchItemOut]


@router.post(
    "/kiosk/ratings/batch",
    response={200: BatchOut, 400: ErrorOut},
    summary="Store up to 100 ratings (a kiosk's offline queue); one result per rating, in order",
)
def kiosk_rate_batch(request, batch: BatchIn):
    device = request.auth
    try:
        outcomes = services.responses_submit(
            ratings=[_rating(rating) for rating in batch.ratings],
            channel=Response.Channel.KIOSK,
            point=device.point,
            device=device,
        )
    except ServiceError as exc:
        return Status(400, ErrorOut(detail=str(exc.message), field=exc.field))
    return BatchOut(
        results=[
            BatchItemOut(
                client_id=outcome.client_id,
                status=_outcome_status(outcome),
                detail=str(outcome.error.message) if outcome.error else None,
                field=outcome.error.field if outcome.error else None,
            )
            for outcome in outcomes
        ]
    )


tokens_router = Router(tags=["post-case surveys"])


class SurveyTokenIn(Schema):
    unit: str  # code of the unit that handled the case, e.g. "SA-01"
    case_reference: str = ""  # the case system's reference; no personal data
    service: str = ""  # the slug of the service card the case was about, if known
    valid_days: int = services.POST_CASE_VALID_DAYS


class SurveyTokenOut(Schema):
    url: str
    expires_at: datetime


@tokens_router.post(
    "/survey-tokens",
    response={201: SurveyTokenOut, 400: ErrorOut, 403: ErrorOut},
    summary="A one-time post-case survey link for a closed case (send it to the resident)",
)
def survey_token_issue(request, body: SurveyTokenIn):
    unit = Unit.objects.filter(code=body.unit.upper(), is_active=True).first()
    if unit is None:
        return Status(400, ErrorOut(detail=_("Unknown unit."), field="unit"))
    if not has_perm(request.auth, "feedback.issue_survey_tokens", unit):
        return Status(403, ErrorOut(detail=_("You do not have permission to do this.")))
    service = Service.objects.filter(slug=body.service).first() if body.service else None
    if body.service and service is None:
        return Status(400, ErrorOut(detail=_("Unknown service."), field="service"))
    try:
        survey_token, token = services.survey_token_issue(
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
