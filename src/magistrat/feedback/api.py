"""Kiosk API: a registered tablet fetches its survey and sends ratings (also those it queued offline)."""

import uuid
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import APIKeyHeader

from magistrat.core.exceptions import ServiceError
from magistrat.feedback import services
from magistrat.feedback.models import Response


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


@router.post(
    "/kiosk/ratings",
    response={201: RatingOut, 200: RatingOut, 400: ErrorOut, 429: ErrorOut},
    summary="Store one rating; resending the same client_id stores nothing new",
)
def kiosk_rate(request, rating: RatingIn):
    device = request.auth
    point = device.point
    version = point.survey.versions.filter(number=rating.version).first() if rating.version else None
    if rating.version and version is None:
        return Status(400, ErrorOut(detail=_("Unknown survey version."), field="version"))
    try:
        response, created = services.response_submit(
            client_id=rating.client_id,
            point=point,
            channel=Response.Channel.KIOSK,
            answers=rating.answers,
            submitted_at=rating.submitted_at,
            device=device,
            version=version,
        )
    except services.RateLimited as exc:
        return Status(429, ErrorOut(detail=str(exc.message)))
    except ServiceError as exc:
        return Status(400, ErrorOut(detail=str(exc.message), field=exc.field))
    return Status(201 if created else 200, RatingOut(client_id=response.client_id, stored=created))
