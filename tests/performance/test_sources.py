"""The KPI sources the modules register, each on known data, and computing a KPI's series from
them (idempotent; the nightly job computes the period just ended)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from magistrat.core.deadlines import WARSAW
from magistrat.core.models import AuditEntry
from magistrat.feedback.models import Response, ServicePoint, Survey
from magistrat.feedback.stats import wilson_interval
from magistrat.performance import sources
from magistrat.performance.models import KpiValue
from magistrat.performance.periods import last_ended, period_of
from magistrat.performance.services.compute import kpi_compute, kpis_compute
from tests.feedback.ratings import rating

pytestmark = pytest.mark.django_db


def test_the_modules_register_their_sources():
    assert {s.code for s in sources.registered_sources()} >= {
        "feedback.csat",
        "feedback.nps",
        "registers.complaints_on_time",
        "registers.info_requests_on_time",
        "registers.petitions_on_time",
        "isms.incidents",
        "quality.actions_overdue",
    }
    # The BIP keeps no deadline for publishing an item, so "published late" has no source.
    assert not [s for s in sources.registered_sources() if s.code.startswith("bip.")]


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(11, 0), tzinfo=WARSAW)


@pytest.fixture
def point(units):
    return ServicePoint.objects.create(
        code="A-S07", name="Stanowisko 7", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )


def test_csat_is_the_share_of_satisfied_with_its_wilson_interval(point, units, today):
    start, end = last_ended(today, "monthly")
    moment = _moment(start + timedelta(days=3))
    stars = [5] * 25 + [4] * 5 + [2] * 10
    Response.objects.bulk_create(
        [
            rating(
                point,
                csat=s,
                submitted_at=moment,
                answers={"csat": s, "nps": 10 if s == 5 else 3},
                nps=10 if s == 5 else 3,
            )
            for s in stars
        ]
    )
    value = sources.compute("feedback.csat", start=start, end=end, unit=units["SA"])  # SA-01 is below SA
    low, high = wilson_interval(30, 40)
    assert (value.value, value.sample) == (75.0, 40)
    assert value.low == pytest.approx(100 * low) and value.high == pytest.approx(100 * high)
    assert sources.compute("feedback.csat", start=start, end=end, unit=units["FN"]) == sources.Value(
        value=None, sample=0, records_url=value.records_url.replace("SA", "FN"), data={"satisfied": 0}
    )
    nps = sources.compute("feedback.nps", start=start, end=end)
    assert nps.sample == 40 and nps.value == pytest.approx(100 * (25 - 15) / 40)
    assert nps.low < nps.value < nps.high


def test_too_few_ratings_give_no_value_but_their_sample(point, today):
    start, end = last_ended(today, "monthly")
    Response.objects.bulk_create([rating(point, csat=5, submitted_at=_moment(start)) for _ in range(5)])
    value = sources.compute("feedback.csat", start=start, end=end)
    assert value.value is None and value.sample == 5


def _info_request(unit, closer, *, days_ago: int):
    from magistrat.registers.services import info_request_close, info_request_register

    request = info_request_register(
        channel="email",
        subject="Budget figures",
        request_text="Please send the budget.",
        release_form="electronic",
        requester_email="jan@example.org",
        received_at=timezone.now() - timedelta(days=days_ago),
        unit=unit,
    )
    return info_request_close(request=request, outcome="released", released="The budget.", by=closer)


def test_requests_answered_on_time(units, fn_head, today):
    _info_request(units["FN"], fn_head.user, days_ago=40)  # late: 14 days
    _info_request(units["FN"], fn_head.user, days_ago=2)
    _info_request(units["FN"], fn_head.user, days_ago=3)
    start, end = period_of(today, "monthly")
    value = sources.compute("registers.info_requests_on_time", start=start, end=end, unit=units["FN"])
    assert (value.value, value.sample, value.data) == (66.67, 3, {"closed": 3, "on_time": 2})
    assert (
        sources.compute("registers.info_requests_on_time", start=start, end=end, unit=units["SA"]).sample == 0
    )
    earlier = sources.compute(
        "registers.info_requests_on_time", start=start - timedelta(days=60), end=start - timedelta(days=1)
    )
    assert earlier.value is None and earlier.sample == 0


def test_complaints_and_petitions_on_time(units, fn_head, today):
    from magistrat.registers.services.complaints import complaint_close, complaint_register

    complaint = complaint_register(
        kind="complaint",
        channel="email",
        subject="Rude clerk",
        content="…",
        unit=units["FN"],
        received_at=timezone.now() - timedelta(days=60),
    )
    complaint_close(complaint=complaint, outcome="unjustified", reply="We checked.", by=fn_head.user)
    start, end = period_of(today, "monthly")
    late = sources.compute("registers.complaints_on_time", start=start, end=end)
    assert (late.value, late.sample) == (0.0, 1)
    assert sources.compute("registers.petitions_on_time", start=start, end=end).sample == 0


def test_security_incidents_are_counted_in_the_month_they_were_detected(security_handler, today):
    from magistrat.isms.models import Incident
    from magistrat.isms.services.incidents import incident_save

    start, end = last_ended(today, "monthly")
    for day in (start, end, end + timedelta(days=1)):
        incident_save(
            incident=Incident(
                title="Phishing",
                description="A phishing e-mail.",
                detected_at=_moment(day),
                aware_at=_moment(day),
                severity=Incident.Severity.LOW,
                handler=security_handler,
            )
        )
    assert sources.compute("isms.incidents", start=start, end=end).value == 2.0
    series = sources.compute_series("isms.incidents", periods=[last_ended(start, "monthly"), (start, end)])
    assert [v.value for v in series] == [0.0, 2.0]


@pytest.fixture
def security_handler(units):
    from tests.factories import StaffFactory, grant

    return grant(StaffFactory(unit=units["SA"]).user, "security_officer")


def test_overdue_actions_at_the_end_of_each_period(quality, owner, units, today):
    from magistrat.quality.services.actions import action_create, action_done

    start, end = last_ended(today, "monthly")
    due = start + timedelta(days=2)
    late = action_create(by=quality, title="Late", owner=owner, unit=units["FN"], due_on=due, today=due)
    done = action_create(by=quality, title="Done", owner=owner, unit=units["FN"], due_on=due, today=due)
    action_done(action=done, by=owner, now=_moment(start + timedelta(days=10)))
    action_create(
        by=quality, title="Later", owner=owner, unit=units["SA"], due_on=end + timedelta(days=3), today=end
    )
    previous = last_ended(start, "monthly")
    series = sources.compute_series(
        "quality.actions_overdue", periods=[previous, (start, end)], unit=units["FN"]
    )
    assert [v.value for v in series] == [0.0, 1.0]
    assert sources.compute("quality.actions_overdue", start=start, end=end, unit=units["SA"]).value == 0.0
    del late


def test_computing_a_kpi_is_idempotent_and_audited(make_kpi, office_objective, point, quality, today):
    kpi = make_kpi(
        office_objective, name="CSAT", source="feedback.csat", target=80, amber_threshold=80, red_threshold=70
    )
    start, end = last_ended(today, "monthly")
    Response.objects.bulk_create([rating(point, csat=5, submitted_at=_moment(start)) for _ in range(30)])
    written = kpi_compute(kpi=kpi, by=quality, today=today)
    expected = len(KpiValue.objects.filter(kpi=kpi))
    assert written == expected >= 12  # every month of the objective's years up to the last ended one
    assert KpiValue.objects.get(kpi=kpi, period_start=start).value == 100.0
    assert KpiValue.objects.filter(kpi=kpi, value__isnull=True).count() == expected - 1  # gaps, not zeros
    events = AuditEntry.objects.filter(action="performance.kpi.values_computed")
    assert events.count() == 1 and events.get().data["periods"] == expected
    assert kpi_compute(kpi=kpi, by=quality, today=today) == 0  # nothing changed: nothing written
    assert events.count() == 1
    Response.objects.bulk_create([rating(point, csat=1, submitted_at=_moment(start)) for _ in range(10)])
    assert kpi_compute(kpi=kpi, by=quality, today=today) == 1
    assert KpiValue.objects.get(kpi=kpi, period_start=start).value == 75.0


def test_the_nightly_job_computes_the_period_just_ended(make_kpi, office_objective, today):
    from magistrat.performance.tasks import kpis_compute_ended

    kpi = make_kpi(
        office_objective,
        name="Incidents",
        source="isms.incidents",
        direction="lower",
        target=0,
        amber_threshold=1,
        red_threshold=3,
    )
    make_kpi(office_objective, name="By hand")
    kpis_compute_ended.call()
    assert list(KpiValue.objects.values_list("kpi_id", "period_start", "value")) == [
        (kpi.pk, last_ended(today, "monthly")[0], 0.0)
    ]
    assert kpis_compute(today=today, only_last=True) == 0
