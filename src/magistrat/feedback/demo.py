"""Service points at the demo office's customer-facing units and two years of ratings."""

import uuid
from datetime import datetime, time, timedelta

from magistrat.core.audit import log_many
from magistrat.core.deadlines import WARSAW, is_working_day
from magistrat.core.demo import DemoContext
from magistrat.core.reference import load_yaml
from magistrat.feedback import rollups
from magistrat.feedback.models import Response, SatisfactionTarget, ServicePoint, Survey
from magistrat.feedback.scrubbing import scrub


def _data() -> dict:
    return load_yaml("feedback", "demo_ratings.yaml")


def seed(context: DemoContext) -> None:
    rng, units, heads, data = context.rng, context.shared["units"], context.shared["heads"], _data()
    desk_survey = Survey.objects.get(slug="desk")
    version = desk_survey.current_version()
    points = []
    for unit_code, (building, count) in data["desks"].items():
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
    targets = [
        SatisfactionTarget(unit=units[code], target_percent=data["target_percent"]) for code in data["desks"]
    ]
    SatisfactionTarget.objects.bulk_create(targets)
    log_many(targets, "feedback.satisfactiontarget.created", at=context.went_live)

    responses = []
    day = context.went_live.date() + timedelta(days=1)
    per_day = 1 if context.small else data["ratings_per_desk_day"] * 2
    while day < context.today:
        if is_working_day(day):
            for point in points[:: 10 if context.small else 1]:
                weights = data["profiles"].get(point.unit.code, data["profiles"]["default"])
                for _ in range(rng.randint(0, per_day)):
                    stars = rng.choices(range(1, 6), weights=weights)[0]
                    moment = datetime.combine(day, time(8, 0), tzinfo=WARSAW) + timedelta(
                        minutes=rng.randint(0, 540)
                    )
                    answers: dict = {"csat": stars}
                    if rng.random() < 0.4:
                        answers["reasons"] = data["reasons"][stars]
                    if stars in data["comments"] and rng.random() < 0.08:
                        answers["comment"] = scrub(rng.choice(data["comments"][stars]))
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
    rollups.refresh()
