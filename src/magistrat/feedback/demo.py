"""Service points at the demo office's customer-facing units and two years of ratings."""

import uuid
from datetime import datetime, time, timedelta

from magistrat.core.audit import log_many
from magistrat.core.deadlines import WARSAW, is_working_day
from magistrat.core.demo import DemoContext
from magistrat.feedback.models import Response, SatisfactionTarget, ServicePoint, Survey
from magistrat.feedback.scrubbing import scrub

# unit code → (building, number of desks); a desk's code is <building letter>-<unit>-<number>.
DESKS = {
    "BOM-01": ("A", 8),
    "BOM-02": ("N", 4),
    "SA-01": ("A", 6),
    "SA-02": ("A", 6),
    "KM-01": ("C", 10),
    "KM-02": ("C", 6),
    "FN-03": ("R", 4),
    "USC": ("P", 2),
    "GN-02": ("D", 2),
    "AB-01": ("D", 2),
}
# A unit's typical rating: weights of 1..5 stars (KM-01 has queues; BOM-01 is praised).
PROFILES = {"KM-01": (8, 9, 18, 30, 35), "BOM-01": (2, 2, 6, 25, 65)}
DEFAULT_PROFILE = (4, 5, 11, 30, 50)
COMMENTS = {
    1: ["Bardzo długo czekałem w kolejce.", "Nikt nie potrafił mi pomóc.", "Zadzwońcie do mnie: 601 234 567"],
    2: ["Za mało otwartych stanowisk.", "Informacja była niejasna."],
    4: ["Sprawnie, choć trzeba było poczekać.", "Miła obsługa."],
    5: ["Pani bardzo pomocna, dziękuję!", "Szybko i konkretnie.", "Wzorowa obsługa."],
}
REASONS = {
    1: ["wait", "clarity"],
    2: ["wait", "place"],
    3: ["wait"],
    4: ["courtesy"],
    5: ["courtesy", "competence"],
}
RATINGS_PER_DESK_DAY = 3


def seed(context: DemoContext) -> None:
    rng, units, heads = context.rng, context.shared["units"], context.shared["heads"]
    desk_survey = Survey.objects.get(slug="desk")
    version = desk_survey.current_version()
    points = []
    for unit_code, (building, count) in DESKS.items():
        for number in range(1, count + 1):
            points.append(
                ServicePoint(
                    code=f"{building}-{unit_code.replace('-', '')}-{number:02d}",
                    name=f"Stanowisko {number}",
                    building=units[unit_code].location.split(",")[0],
                    unit=units[unit_code],
                    survey=desk_survey,
                    staffed_by=heads.get(unit_code) if number == 1 else None,
                )
            )
    ServicePoint.objects.bulk_create(points)
    log_many(points, "feedback.servicepoint.created", at=context.went_live)
    targets = [SatisfactionTarget(unit=units[code], target_percent=80) for code in DESKS]
    SatisfactionTarget.objects.bulk_create(targets)
    log_many(targets, "feedback.satisfactiontarget.created", at=context.went_live)

    responses = []
    day = context.went_live.date() + timedelta(days=1)
    per_day = 1 if context.small else RATINGS_PER_DESK_DAY * 2
    while day < context.today:
        if is_working_day(day):
            for point in points[:: 10 if context.small else 1]:
                weights = PROFILES.get(point.unit.code, DEFAULT_PROFILE)
                for _ in range(rng.randint(0, per_day)):
                    stars = rng.choices(range(1, 6), weights=weights)[0]
                    moment = datetime.combine(day, time(8, 0), tzinfo=WARSAW) + timedelta(
                        minutes=rng.randint(0, 540)
                    )
                    answers: dict = {"csat": stars}
                    if rng.random() < 0.4:
                        answers["reasons"] = REASONS[stars]
                    if stars in COMMENTS and rng.random() < 0.08:
                        answers["comment"] = scrub(rng.choice(COMMENTS[stars]))
                    responses.append(
                        Response(
                            client_id=uuid.UUID(int=rng.getrandbits(128)),
                            version=version,
                            point=point,
                            unit_id=point.unit_id,
                            channel=rng.choice(["qr", "qr", "kiosk"]),
                            submitted_at=moment,
                            answers=answers,
                            csat=stars,
                            comment=answers.get("comment", ""),
                        )
                    )
        day += timedelta(days=1)
    Response.objects.bulk_create(responses, batch_size=2000)
