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


tokens_router = Router(tags=["post-case surveys"])


class SurveyTokenIn(Schema):
    unit: str  # code of the unit that handled the case, e.g. "SA-01"
    case_reference: str = ""  # the case system's reference; no personal data
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
    try:
        survey_token, token = services.survey_token_issue(
            unit=unit, case_reference=body.case_reference, user=request.auth, valid_days=body.valid_days
        )
    except ServiceError as exc:
        return Status(400, ErrorOut(detail=str(exc.message), field=exc.field))
    url = request.build_absolute_uri(reverse("feedback_survey", args=[token]))
    return Status(201, SurveyTokenOut(url=url, expires_at=survey_token.expires_at))
