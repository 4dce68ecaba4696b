"""Mandatory trainings as rules per category (data/mandatory_trainings.yaml), each person's status
and a unit's compliance, published as a KPI source of the performance registry."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from magistrat.competence import mandatory, training_policy
from magistrat.competence.kpi_sources import MANDATORY_COMPLIANCE
from magistrat.performance.sources import compute, get_source
from tests.competence.training_helpers import complete, training

pytestmark = pytest.mark.django_db


def test_the_rules_file_has_its_shape():
    data = training_policy.mandatory_data()
    assert data["version"] == 1 and isinstance(data["settings"]["ohs_periodic_office_staff_exempt"], bool)
    codes = [rule.code for rule in mandatory.rules()]
    assert codes == ["ohs-initial", "ohs-periodic", "gdpr", "infosec-awareness"]
    for rule in mandatory.rules():
        assert rule.basis and rule.names["pl"] and rule.names["en"]
        assert rule.once or set(rule.interval_months) == {"managerial", "other"}
    periodic = mandatory.rule_get("ohs-periodic")
    assert periodic.interval_months == {"managerial": 60, "other": 72}
    assert periodic.first_within_months == {"managerial": 6, "other": 12}


def test_policy_entries_have_whole_numbers_and_reasons():
    for name, entry in training_policy.rules().items():
        assert isinstance(entry["value"], int) and entry["reason"].strip(), name


def _status(person, code, day):
    return next(s for s in mandatory.statuses([person], day)[person.pk] if s.rule.code == code)


def test_statuses_valid_expiring_overdue_never(people):
    official, manager = people["official"], people["sa_chief"]
    day = date(2026, 6, 15)
    assert _status(official, "gdpr", day).status == "never"
    gdpr = training(people, mandatory_code="gdpr", starts_on=date(2025, 9, 1))
    complete(people, gdpr, official, on=date(2025, 9, 1))
    # valid for 12 months: until 31 August 2026; within 90 days of 15 June 2026
    assert _status(official, "gdpr", date(2026, 1, 1)).status == "valid"
    assert _status(official, "gdpr", day).status == "expiring"
    assert _status(official, "gdpr", day).valid_until == date(2026, 8, 31)
    assert _status(official, "gdpr", date(2026, 9, 1)).status == "overdue"
    ohs = training(people, mandatory_code="ohs-periodic", starts_on=date(2021, 3, 1))
    complete(people, ohs, manager, on=date(2021, 3, 1))
    complete(people, ohs, official, on=date(2021, 3, 1))
    # managers every 5 years, office staff every 6
    assert _status(manager, "ohs-periodic", date(2026, 3, 2)).status == "overdue"
    assert (
        _status(official, "ohs-periodic", date(2026, 3, 2)).status == "expiring"
        or _status(official, "ohs-periodic", date(2026, 3, 2)).status == "valid"
    )
    assert _status(official, "ohs-periodic", date(2027, 3, 1)).status == "overdue"


def test_a_new_hire_is_compliant_until_the_first_training_is_due(people):
    from tests.factories import StaffFactory

    hired = date(2026, 1, 15)
    person = StaffFactory(unit=people["official"].memberships.first().unit, employed_since=hired)
    status = _status(person, "ohs-periodic", date(2026, 6, 1))
    assert (
        status.status == "never" and status.due_by == date(2027, 1, 15) and status.compliant(date(2026, 6, 1))
    )
    assert not status.compliant(date(2027, 1, 16))
    initial = _status(person, "ohs-initial", date(2026, 6, 1))
    assert initial.due_by == hired and not initial.compliant(date(2026, 6, 1))


def test_rules_apply_by_category_and_the_office_exemption(people, monkeypatch):
    mayor = people["mayor"]  # elected: no information-security awareness rule in the data
    assert "infosec-awareness" not in {
        s.rule.code for s in mandatory.statuses([mayor], date(2026, 1, 1))[mayor.pk]
    }
    data = dict(training_policy.mandatory_data())
    monkeypatch.setattr(
        training_policy,
        "mandatory_data",
        lambda: {**data, "settings": {"ohs_periodic_office_staff_exempt": True}},
    )
    codes = {
        s.rule.code for s in mandatory.statuses([people["official"]], date(2026, 1, 1))[people["official"].pk]
    }
    assert "ohs-periodic" not in codes
    manager_codes = {
        s.rule.code for s in mandatory.statuses([people["sa_chief"]], date(2026, 1, 1))[people["sa_chief"].pk]
    }
    assert "ohs-periodic" in manager_codes  # managers are never exempt


def test_the_kpi_source_is_registered_and_computes_unit_compliance(people, units):
    source = get_source(MANDATORY_COMPLIANCE)
    assert source is not None and source.unit_of_measure == "%" and source.direction == "higher"
    today = timezone.localdate()
    before = compute(MANDATORY_COMPLIANCE, start=today - timedelta(days=30), end=today, unit=units["SA-01"])
    assert before.sample and before.value is not None
    for code in ("ohs-initial", "ohs-periodic", "gdpr", "infosec-awareness"):
        course = training(people, mandatory_code=code, title=code, starts_on=today - timedelta(days=10))
        for person in (people["official"], people["aux"], people["sa01_chief"]):
            complete(people, course, person)
    after = compute(MANDATORY_COMPLIANCE, start=today - timedelta(days=30), end=today, unit=units["SA-01"])
    assert after.value == 100.0 and after.sample == before.sample
    office = compute(MANDATORY_COMPLIANCE, start=today - timedelta(days=30), end=today)
    assert office.sample > after.sample and office.value < 100.0
    # the period's end decides: before the trainings, nothing was done
    earlier = compute(
        MANDATORY_COMPLIANCE,
        start=today - timedelta(days=60),
        end=today - timedelta(days=20),
        unit=units["SA-01"],
    )
    assert earlier.value == before.value


def test_the_series_agrees_with_each_period(people, units):
    from magistrat.performance.sources import compute_series

    today = timezone.localdate()
    course = training(people, mandatory_code="gdpr", starts_on=today - timedelta(days=40))
    complete(people, course, people["official"])
    periods = [(today - timedelta(days=90), today - timedelta(days=60)), (today - timedelta(days=30), today)]
    series = compute_series(MANDATORY_COMPLIANCE, periods=periods, unit=units["SA-01"])
    single = [compute(MANDATORY_COMPLIANCE, start=a, end=b, unit=units["SA-01"]) for a, b in periods]
    assert [v.value for v in series] == [v.value for v in single]
    assert series[1].value > series[0].value
