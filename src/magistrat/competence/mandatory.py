"""Mandatory trainings as rules per employment category (competence/data/mandatory_trainings.yaml):
OHS initial and periodic (intervals by managerial/other posts), GDPR, information-security
awareness. Each person's status on a day and a unit's compliance, read in a few queries.

Status of a rule for a person on day D, from the completed enrolments of trainings carrying the
rule's code (completed on or before D):
- `valid`: done and not expiring within `mandatory_expiring_days` (once-only rules never expire);
- `expiring`: valid, but it expires within those days;
- `overdue`: done, but its validity ended;
- `never`: never done. It still counts as compliant while the first one is not yet due
  (`first_within_months` after the date of employment), so a new hire is not a gap on day one.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.db.models import Max, QuerySet
from django.utils.translation import gettext_lazy as _

from magistrat.competence import training_policy
from magistrat.competence.models import Enrolment
from magistrat.core.deadlines import add_months
from magistrat.org.models import Staff

STATUS_LABELS = {
    "valid": _("valid"),
    "expiring": _("expiring"),
    "overdue": _("overdue"),
    "never": _("never done"),
}
COMPLIANT = {"valid", "expiring"}


class Person(NamedTuple):
    """What the rules read of a member of staff: the category and whether the post is managerial
    (`Position`), and the date of employment. From a `Staff` (`person_of`), or read as values for
    thousands at once without building their model objects."""

    pk: int
    category: str
    managerial: bool
    employed_since: date | None


def person_of(staff: Staff | Person) -> Person:
    if isinstance(staff, Person):
        return staff
    return Person(staff.pk, staff.position.category, staff.position.is_managerial, staff.employed_since)


@dataclass(frozen=True)
class Rule:
    code: str
    names: dict
    basis: str
    applies_to: tuple[str, ...] | None  # None: every category
    once: bool
    interval_months: dict
    first_within_months: dict
    exemptible_office_staff: bool

    @property
    def name(self) -> str:
        return training_policy.localized(self.names)

    def applies(self, person: Person) -> bool:
        if self.applies_to is not None and person.category not in self.applies_to:
            return False
        return not (
            self.exemptible_office_staff
            and not person.managerial
            and training_policy.mandatory_data()["settings"].get("ohs_periodic_office_staff_exempt", False)
        )

    def months(self, table: dict, person: Person) -> int | None:
        return table.get("managerial" if person.managerial else "other") if table else None


def rules() -> list[Rule]:
    found = []
    for entry in training_policy.mandatory_data()["rules"]:
        applies = entry.get("applies_to", "all")
        found.append(
            Rule(
                code=entry["code"],
                names=entry["name"],
                basis=entry["basis"],
                applies_to=None if applies == "all" else tuple(applies),
                once=bool(entry.get("once", False)),
                interval_months=entry.get("interval_months", {}),
                first_within_months=entry.get("first_within_months", {}),
                exemptible_office_staff=bool(entry.get("exemptible_office_staff", False)),
            )
        )
    return found


def rule_choices() -> list[tuple[str, str]]:
    return [(rule.code, rule.name) for rule in rules()]


def rule_get(code: str) -> Rule | None:
    return next((rule for rule in rules() if rule.code == code), None)


@dataclass(frozen=True)
class Status:
    rule: Rule
    status: str  # valid / expiring / overdue / never
    done_on: date | None
    valid_until: date | None  # None: once-only, or never done
    due_by: date | None  # never done: by when the first one is due

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    def compliant(self, day: date) -> bool:
        if self.status in COMPLIANT:
            return True
        return self.status == "never" and self.due_by is not None and self.due_by >= day


def status_of(rule: Rule, person: Person, done_on: date | None, day: date) -> Status:
    expiring_days = training_policy.value("mandatory_expiring_days")
    if done_on is None:
        first = rule.months(rule.first_within_months, person)
        due_by = None
        if person.employed_since is not None:
            due_by = (
                person.employed_since
                if rule.once or first is None
                else add_months(person.employed_since, first)
            )
        return Status(rule, "never", None, None, due_by)
    if rule.once:
        return Status(rule, "valid", done_on, None, None)
    until = add_months(done_on, rule.months(rule.interval_months, person) or 0) - timedelta(days=1)
    if until < day:
        status = "overdue"
    elif until <= day + timedelta(days=expiring_days):
        status = "expiring"
    else:
        status = "valid"
    return Status(rule, status, done_on, until, None)


def _completed(staff, day: date) -> QuerySet:
    """Completed enrolments of mandatory trainings on or before `day` of `staff`: ids, or a `Staff`
    queryset's values("pk") read as a subquery (no list of thousands of ids)."""
    return (
        Enrolment.objects.filter(
            staff_id__in=staff,
            state=Enrolment.State.COMPLETED,
            completed_on__lte=day,
        )
        .exclude(training__mandatory_code="")
        .order_by()  # not the model's order by name: no join of the staff and users
    )


def completions(staff, day: date) -> list[tuple[int, str, date]]:
    """(staff id, rule code, day) of every completed mandatory training on or before `day`."""
    rows = _completed(staff, day).values_list("staff_id", "training__mandatory_code", "completed_on")
    return [(staff_id, code, done) for staff_id, code, done in rows if done is not None]


def latest(rows, day: date) -> dict[tuple[int, str], date]:
    """{(staff id, rule code): the latest completion on or before `day`} of `completions` rows."""
    found: dict[tuple[int, str], date] = {}
    for staff_id, code, done in rows:
        key = (staff_id, code)
        if done <= day and (key not in found or done > found[key]):
            found[key] = done
    return found


def last_done(staff, day: date) -> dict[tuple[int, str], date]:
    """{(staff id, rule code): the latest completion on or before `day`}, in one query that
    groups them (staff: ids, or a queryset's values("pk"))."""
    rows = (
        _completed(staff, day)
        .values_list("staff_id", "training__mandatory_code")
        .annotate(done=Max("completed_on"))
    )
    return {(staff_id, code): done for staff_id, code, done in rows}


def statuses(staff_list, day: date, *, done: dict | None = None) -> dict[int, list[Status]]:
    """Every applicable rule's status for each person (by staff id): `Staff` objects or `Person`s.

    A status depends only on the rule, whether the post is managerial and the day it was done (or,
    never done, the day of employment), and is immutable: people who share those share one, so an
    office of thousands computes a few hundred."""
    found = [person_of(s) for s in staff_list]
    if done is None:
        done = last_done([p.pk for p in found], day)
    every = rules()
    applicable: dict[tuple[str, bool], list[Rule]] = {}
    shared: dict[tuple, Status] = {}
    result = {}
    for person in found:
        kind = (person.category, person.managerial)
        if kind not in applicable:
            applicable[kind] = [rule for rule in every if rule.applies(person)]
        row = []
        for rule in applicable[kind]:
            done_on = done.get((person.pk, rule.code))
            key = (rule.code, person.managerial, done_on, person.employed_since if done_on is None else None)
            status = shared.get(key)
            if status is None:
                status = shared[key] = status_of(rule, person, done_on, day)
            row.append(status)
        result[person.pk] = row
    return result


def staff_of_units(unit_ids=None, *, day: date | None = None):
    """Active staff with their primary unit, employed by `day` (everyone with `unit_ids` None)."""
    staff = Staff.objects.filter(is_active=True, memberships__is_primary=True).select_related(
        "user", "position"
    )
    if unit_ids is not None:
        staff = staff.filter(memberships__unit_id__in=unit_ids)
    if day is not None:
        from django.db.models import Q

        staff = staff.filter(Q(employed_since__isnull=True) | Q(employed_since__lte=day))
    return staff.distinct()


@dataclass
class Compliance:
    compliant: int = 0
    total: int = 0
    counts: dict = None  # type: ignore[assignment]

    @property
    def percent(self) -> float | None:
        return round(100 * self.compliant / self.total, 1) if self.total else None


def compliance(staff_list, day: date, *, done: dict | None = None) -> Compliance:
    result = Compliance(counts=defaultdict(int))
    for found in statuses(staff_list, day, done=done).values():
        for status in found:
            result.total += 1
            result.counts[status.status] += 1
            if status.compliant(day):
                result.compliant += 1
    return result
