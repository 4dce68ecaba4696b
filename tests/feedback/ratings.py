"""Ratings made directly in the database, for statistics tests."""

import uuid
from datetime import timedelta

from django.utils import timezone

from magistrat.feedback.models import Response


def add_ratings(point, stars: list[int], *, days_ago: int = 1, channel: str = "qr"):
    moment = timezone.now() - timedelta(days=days_ago)
    version = point.survey.current_version()
    Response.objects.bulk_create(
        [
            Response(
                client_id=uuid.uuid4(),
                version=version,
                point=point,
                unit_id=point.unit_id,
                channel=channel,
                submitted_at=moment,
                answers={"csat": s},
                csat=s,
            )
            for s in stars
        ]
    )
