"""Generate synthetic ratings for load and dashboard benchmarks (never on a production office)."""

import random
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from magistrat.core.deadlines import WARSAW
from magistrat.feedback import rollups
from magistrat.feedback.models import Response, ServicePoint, Survey

WEIGHTS = (5, 6, 12, 30, 47)
REASONS = ("wait", "courtesy", "competence", "clarity", "place")
COMMENTS = {
    1: "Długo czekałem w kolejce, nikt nie informował o opóźnieniu.",
    2: "Formularz był niejasny, musiałam przyjść drugi raz.",
    3: "W porządku, ale sala była zatłoczona.",
    4: "Sprawnie i uprzejmie.",
    5: "Pani bardzo pomogła, dziękuję!",
}


class Command(BaseCommand):
    help = (
        "Add N synthetic ratings over the last two years (working days, office hours) at the "
        "existing service points, then build the dashboard's rollups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=2_000_000)
        parser.add_argument("--seed", type=int, default=1)

    @staticmethod
    def _rating(rng, points, versions, post_case, moment) -> Response:
        point = rng.choice(points)
        stars = rng.choices(range(1, 6), weights=WEIGHTS)[0]
        channel = rng.choice(("qr", "qr", "kiosk", "post_case"))
        answers: dict = {"csat": stars}
        if rng.random() < 0.3:
            answers["reasons"] = sorted(set(rng.choices(REASONS, k=rng.randint(1, 2))))
        if rng.random() < 0.05:
            answers["comment"] = COMMENTS[stars]
        nps = None
        if channel == "post_case":
            nps = min(10, max(0, stars * 2 + rng.randint(-2, 1)))
            answers["nps"] = nps
        return Response(
            client_id=uuid.uuid4(),
            version=post_case if channel == "post_case" else versions[point.pk],
            point=None if channel == "post_case" else point,
            unit_id=point.unit_id,
            channel=channel,
            submitted_at=moment,
            answers=answers,
            csat=stars,
            nps=nps,
            comment=answers.get("comment", ""),
        )

    def handle(self, *args, count, seed, **options):
        if settings.PRODUCTION:
            raise CommandError("Refusing to add synthetic ratings in production.")
        points = list(ServicePoint.objects.select_related("survey"))
        if not points:
            raise CommandError("No service points: run `magistrat demo --no-serve` first.")
        versions = {p.pk: p.survey.current_version() for p in points}
        post_case = Survey.objects.get(slug="post_case").current_version()
        rng = random.Random(seed)
        today = timezone.localdate()
        days = [today - timedelta(days=n) for n in range(729, -1, -1)]
        days = [day for day in days if day.isoweekday() < 6]
        made = 0
        # Day by day, oldest first, as ratings really arrive (so rows lie in time order on disk).
        for index, day in enumerate(days):
            share = count * (index + 1) // len(days) - made
            start = datetime.combine(day, time(7, 30), tzinfo=WARSAW)
            moments = sorted(start + timedelta(seconds=rng.randint(0, 9 * 3600)) for _ in range(share))
            rows = [self._rating(rng, points, versions, post_case, moment) for moment in moments]
            Response.objects.bulk_create(rows, batch_size=5000)
            made += len(rows)
            if index % 20 == 0:
                self.stdout.write(f"{made} ratings", ending="\r")
        self.stdout.write(f"\nAdded {made} ratings. Building rollups…")
        rollups.mark_dirty(days)
        written = rollups.refresh()
        self.stdout.write(f"{written} rollup rows written.")
