"""Generate synthetic ratings for load and dashboard benchmarks (never on a production office)."""

import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from magistrat.feedback.models import Response, ServicePoint

WEIGHTS = (5, 6, 12, 30, 47)


class Command(BaseCommand):
    help = "Add N synthetic ratings spread over the last two years at the existing service points."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=2_000_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=20_000)

    def handle(self, *args, count, seed, batch, **options):
        if settings.PRODUCTION:
            raise CommandError("Refusing to add synthetic ratings in production.")
        points = list(ServicePoint.objects.select_related("survey"))
        if not points:
            raise CommandError("No service points: run `magistrat demo --no-serve` first.")
        versions = {p.pk: p.survey.current_version() for p in points}
        rng = random.Random(seed)
        now = timezone.now()
        made = 0
        while made < count:
            rows = []
            for _ in range(min(batch, count - made)):
                point = rng.choice(points)
                stars = rng.choices(range(1, 6), weights=WEIGHTS)[0]
                rows.append(
                    Response(
                        client_id=uuid.uuid4(),
                        version=versions[point.pk],
                        point=point,
                        unit_id=point.unit_id,
                        channel=rng.choice(("qr", "qr", "kiosk", "post_case")),
                        submitted_at=now - timedelta(seconds=rng.randint(0, 730 * 86400)),
                        answers={"csat": stars},
                        csat=stars,
                    )
                )
            Response.objects.bulk_create(rows, batch_size=5000)
            made += len(rows)
            self.stdout.write(f"{made} ratings", ending="\r")
        self.stdout.write(f"\nAdded {made} ratings.")
