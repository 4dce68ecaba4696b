"""Post-case survey links: issued by the case system for a closed case, used once by the resident."""

import uuid
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import require_may
from magistrat.core.tokens import hash_token, new_token
from magistrat.feedback import policy
from magistrat.feedback.models import Response, Survey, SurveyToken
from magistrat.feedback.services.ratings import clean_answers, new_response
from magistrat.org.models import Unit
from magistrat.services.models import Service

# Reasons in feedback/data/policy.yaml.
POST_CASE_VALID_DAYS = policy.value("post_case_valid_days")
POST_CASE_MAX_VALID_DAYS = policy.value("post_case_max_valid_days")


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
    require_may(user, "feedback.issue_survey_tokens", unit)
    if not 1 <= valid_days <= POST_CASE_MAX_VALID_DAYS:
        raise ServiceError(
            _("A survey link is valid for 1 to %(n)d days.") % {"n": POST_CASE_MAX_VALID_DAYS},
            field="valid_days",
        )
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
    # The link itself (the token) never reaches the trail: it is the resident's key to the survey.
    log_action(
        survey_token,
        "feedback.survey_link.issued",
        user=user,
        data={
            "unit": unit.code,
            "case_reference": case_reference,
            "service": service.slug if service else None,
            "expires_at": survey_token.expires_at.isoformat(),
        },
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
    """Store the post-case rating and use up the token, both or neither.

    Using the link writes no audit entry: the rating is anonymous, and an entry naming the case at
    the moment its rating arrived would tie the two together in a trail many people may read."""
    existing = Response.objects.filter(client_id=client_id).first()
    if existing is not None:
        return existing
    survey_token = survey_token_check(token)
    survey_token = SurveyToken.objects.select_for_update().get(pk=survey_token.pk)
    if survey_token.used_at is not None:  # answered in another tab a moment ago
        raise ServiceError(_("This survey has already been answered. Thank you!"))
    version = survey_token.survey.current_version()
    now = timezone.now()
    response = new_response(
        clean_answers(version, answers),
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
