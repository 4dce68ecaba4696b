"""Ratings made directly in the database, for statistics tests."""

import uuid
from datetime import timedelta

from django.utils import timezone

from magistrat.feedback.models import Response


def rating(point, /, *, csat: int | None = 5, submitted_at=None, answers=None, **fields) -> Response:
    """An unsaved rating with the unit and survey of `point` (also given `point=None`, e.g. for a
    service), now unless `submitted_at` says otherwise."""
    answers = answers if answers is not None else {"csat": csat}
    return Response(
        client_id=uuid.uuid4(),
        version=point.survey.current_version(),
        point=fields.pop("point", point),
        unit_id=point.unit_id,
        channel=fields.pop("channel", "qr"),
        submitted_at=submitted_at or timezone.now(),
        answers=answers,
        csat=csat,
        **fields,
    )


def add_ratings(point, stars: list[int], *, days_ago: int = 1, channel: str = "qr"):
    moment = timezone.now() - timedelta(days=days_ago)
    Response.objects.bulk_create([rating(point, csat=s, submitted_at=moment, channel=channel) for s in stars])
