"""Who is assessed, by whom and when (u.p.s. art. 27), derived from the organisation model.

- Who (ust. 1): officials (stanowiska urzędnicze), managers included; not advisers, assistants,
  auxiliary and service staff, or elected and appointed staff (`Position.category`).
- By whom (ust. 2): only the direct superior, derived from the units: the head of the person's
  primary unit, and for that head the head of the parent unit. Nobody stands in for a vacant head.
- When (ust. 2, 8): at least every 2 years, not more often than every 6 months; after a negative
  assessment no sooner than 3 months after it ended (a rule of its own, so it may come sooner than
  6 months: ust. 8 is the special rule), and by the date the office's order sets.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.competence.models import Assessment, AssessmentOrder
from magistrat.core.deadlines import add_months, due_date, legal_period, next_working_day
from magistrat.core.permissions import has_perm
from magistrat.org.models import Membership, Position, Staff, Unit

NOT_ASSESSED = {
    Position.Category.ADVISER,
    Position.Category.ASSISTANT,
    Position.Category.AUXILIARY,
    Position.Category.ELECTED,
    Position.Category.APPOINTED,
}


def exclusion(staff: Staff) -> str:
    """Why the person is not assessed, or "" when they are (art. 27 ust. 1)."""
    if not staff.is_active:
        return _("not assessed: no longer employed")
    if staff.position.category in NOT_ASSESSED:
        return _("not assessed: %(category)s — art. 27 ust. 1") % {
            "category": staff.position.get_category_display()
        }
    return ""


class UnitTree:
    """The units with their heads and parents, read once, for deriving direct superiors."""

    def __init__(self, unit_ids: list[int] | None = None):
        units = Unit.objects.select_related("head__user")
        if unit_ids is not None:
            units = units.filter(pk__in=unit_ids)
        self.units = {u.pk: u for u in units}

    def superior_of(self, staff: Staff, unit_id: int | None) -> tuple[Staff | None, str]:
        """(the direct superior, or None with the reason)."""
        unit = self.units.get(unit_id) if unit_id else None
        if unit is None:
            return None, _("no direct superior: the person has no primary unit")
        if unit.head_id == staff.pk:
            parent = self.units.get(unit.parent_id) if unit.parent_id else None
            if parent is None:
                return None, _("no direct superior: the person heads the office")
            unit = parent
        if unit.head_id is None or unit.head_id == staff.pk:
            return None, _("no direct superior: %(unit)s has no head") % {"unit": unit}
        return unit.head, ""


def primary_unit_id(staff: Staff) -> int | None:
    if "primary_unit_pk" in staff.__dict__:  # annotated by staff_for_plan(): no membership objects
        return staff.__dict__["primary_unit_pk"]
    for membership in staff.memberships.all():
        if membership.is_primary:
            return membership.unit_id
    return None


def direct_superior(staff: Staff) -> Staff | None:
    """The person's direct superior, reading only their unit and its parent (not the whole tree)."""
    unit_id = primary_unit_id(staff)
    if unit_id is None:
        return None
    parent_id = Unit.objects.filter(pk=unit_id).values_list("parent_id", flat=True).first()
    return UnitTree([unit_id, parent_id] if parent_id else [unit_id]).superior_of(staff, unit_id)[0]


def office_head_user_id() -> int | None:
    """The head of the office (kierownik jednostki): the head of the top unit."""
    top = (
        Unit.objects.filter(parent__isnull=True, is_active=True).select_related("head").order_by("pk").first()
    )
    return top.head.user_id if top and top.head else None


def may_decide(user) -> bool:
    """The head of the office decides appeals (art. 27 ust. 6); HR records the head's decision."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.pk == office_head_user_id() or has_perm(user, "competence.manage_competence")
    )


def after(day: date, key: str) -> date:
    """The first day after the period `key` counted from `day` has run out ("po upływie")."""
    return due_date(day, legal_period(key)) + timedelta(days=1)


@dataclass
class Timing:
    earliest: date | None  # no assessment before this day
    due_by: date | None  # the latest day for the next one (None: no date of employment known)
    reason: str  # which rule set the earliest day
    previous: Assessment | None
    in_progress: Assessment | None


def timing(staff: Staff, *, today: date | None = None, history: list[Assessment] | None = None) -> Timing:
    """When the person's next assessment may start and by when it must be made."""
    today = today or timezone.localdate()
    if history is None:
        history = list(
            Assessment.objects.counted()
            .filter(employee=staff)
            .select_related("appeal")
            .order_by("-started_on", "-pk")
        )
    in_progress = next((a for a in history if a.state in _UNFINISHED), None)
    made = [a for a in history if a.assessed_on is not None and a.state not in _UNFINISHED]
    previous = max(made, key=lambda a: (a.assessed_on, a.pk), default=None)
    if previous is None:
        base = staff.employed_since
        due_by = due_date(base, legal_period("assessment_max_interval")) if base else None
        return Timing(None, due_by, "", None, in_progress)
    assert previous.assessed_on is not None
    two_years = due_date(previous.assessed_on, legal_period("assessment_max_interval"))
    ended = previous.ended_on(today)
    if previous.is_negative:
        if ended is None:  # still open to an appeal: the next cannot be planned yet
            return Timing(None, two_years, "", previous, previous)
        earliest = after(ended, "assessment_after_negative")
        due_by = min(two_years, next_working_day(add_months(ended, previous.order.after_negative_due_months)))
        return Timing(
            earliest,
            due_by,
            _("art. 27 ust. 8: 3 months after a negative assessment ended"),
            previous,
            in_progress,
        )
    earliest = after(previous.assessed_on, "assessment_min_interval")
    return Timing(
        earliest, two_years, _("art. 27 ust. 2: not more often than every 6 months"), previous, in_progress
    )


_UNFINISHED = {Assessment.State.DRAFT, Assessment.State.ISSUED, Assessment.State.APPEALED}


@dataclass
class Row:
    """One person on the list of who is due."""

    staff: Staff  # `StaffValues` in the rows of `plan_people` until `with_staff`
    superior: Staff | None
    excluded: str
    timing: Timing | None
    status: str  # "excluded", "no_superior", "in_progress", "overdue", "due_soon", "planned", "unknown"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def _labels():
    from django.utils.translation import gettext_lazy

    return {
        "excluded": gettext_lazy("not assessed"),
        "no_superior": gettext_lazy("no direct superior"),
        "in_progress": gettext_lazy("assessment in progress"),
        "overdue": gettext_lazy("overdue"),
        "due_soon": gettext_lazy("due soon"),
        "planned": gettext_lazy("planned"),
        "unknown": gettext_lazy("no date of employment"),
    }


STATUS_LABELS = _labels()


def plan(staff_list, *, today: date | None = None) -> list[Row]:
    """The rows for a group of staff: who is assessed, by whom, and when (few queries)."""
    staff_list = list(staff_list)
    return _plan(staff_list, [s.pk for s in staff_list], today)


@dataclass(frozen=True)
class StaffValues:
    """What the schedule reads of a member of staff, read as values for thousands at once
    (`plan_people`): the rows' `staff` until `with_staff` puts the `Staff` in the rows shown."""

    pk: int
    is_active: bool
    employed_since: date | None
    position: Position  # one object per position, shared
    primary_unit_pk: int | None  # read by primary_unit_id()


def plan_people(staff: QuerySet, *, today: date | None = None) -> list[Row]:
    """`plan` of a `Staff` queryset (in its order) read as values, not as thousands of model
    objects: each row's `staff` is a `StaffValues`."""
    positions = Position.objects.in_bulk()
    primary = Membership.objects.filter(staff=OuterRef("pk"), is_primary=True).values("unit_id")[:1]
    people = [
        StaffValues(pk, is_active, employed_since, positions[position_id], unit_id)
        for pk, is_active, employed_since, position_id, unit_id in staff.annotate(
            primary_unit_pk=Subquery(primary)
        ).values_list("pk", "is_active", "employed_since", "position_id", "primary_unit_pk")
    ]
    return _plan(people, staff.values("pk"), today)


def with_staff(rows: list[Row], among: QuerySet | None = None) -> list[Row]:
    """The rows with their `Staff` (user, position) in place of `StaffValues`, read in one query:
    of the rows' ids, or of `among` (a queryset holding them all, read as a subquery)."""
    ids = among.values("pk") if among is not None else [row.staff.pk for row in rows]
    found = {person.pk: person for person in staff_for_plan().filter(pk__in=ids)}
    return [replace(row, staff=found[row.staff.pk]) for row in rows]


def _plan(people: list, staff_ids, today: date | None) -> list[Row]:
    today = today or timezone.localdate()
    tree = UnitTree()
    order = AssessmentOrder.in_force(today)
    warn = timedelta(days=order.warn_days if order else 60)
    histories: dict[int, list[Assessment]] = {}
    # `timing` reads of a history only the assessment in progress (one at most: a constraint) and
    # the last one made: those two, not every assessment since the person was hired.
    last_made = (
        Assessment.objects.counted()
        .filter(employee=OuterRef("employee"), assessed_on__isnull=False)
        .exclude(state__in=_UNFINISHED)
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )
    assessments = (
        Assessment.objects.counted()
        .filter(employee__in=staff_ids)
        .filter(Q(state__in=_UNFINISHED) | Q(pk=Subquery(last_made)))
        # The few orders are shared, not read with each assessment; only what `timing` and the
        # rows read of an assessment (not its marks), for thousands of people.
        .select_related("appeal")
        .prefetch_related("order")
        .only(
            "employee",
            "order",
            "state",
            "started_on",
            "assessed_on",
            "outcome",
            "delivered_on",
            "appeal__decision",
            "appeal__decided_on",
            "appeal__changed_outcome",
        )
        .order_by("-started_on", "-pk")
    )
    for assessment in assessments:
        histories.setdefault(assessment.employee_id, []).append(assessment)
    exclusions: dict[tuple[bool, int], str] = {}  # the same for everyone on a post
    rows = []
    for staff in people:
        kind = (staff.is_active, staff.position.pk)
        if kind not in exclusions:
            exclusions[kind] = exclusion(staff)
        excluded = exclusions[kind]
        superior, reason = tree.superior_of(staff, primary_unit_id(staff))
        if excluded:
            rows.append(Row(staff, superior, excluded, None, "excluded"))
            continue
        when = timing(staff, today=today, history=histories.get(staff.pk, []))
        if superior is None:
            status = "no_superior"
            excluded = reason
        elif when.in_progress is not None:
            status = "in_progress"
        elif when.due_by is None:
            status = "unknown"
        elif when.due_by < today:
            status = "overdue"
        elif when.due_by - warn <= today:
            status = "due_soon"
        else:
            status = "planned"
        rows.append(Row(staff, superior, excluded, when, status))
    return rows


def staff_for_plan():
    """Staff with their user, position (the few positions shared) and the id of their primary
    unit (`primary_unit_id` reads it), for lists of thousands."""
    primary = Membership.objects.filter(staff=OuterRef("pk"), is_primary=True).values("unit_id")[:1]
    return (
        Staff.objects.select_related("user")
        .prefetch_related("position")
        .annotate(primary_unit_pk=Subquery(primary))
    )


def direct_reports(user) -> list[Staff]:
    """The staff whose direct superior the user is: the members of the units they head (but
    themselves) and the heads of the units directly below."""
    staff = getattr(user, "staff", None)
    if staff is None:
        return []
    # The units they head and the units directly below: a report's primary unit is one of them,
    # and they are all the tree that decides who reports to the user (not every unit's head).
    units = list(Unit.objects.filter(Q(head=staff) | Q(parent__head=staff)).values_list("pk", "head_id"))
    headed = [pk for pk, head_id in units if head_id == staff.pk]
    if not headed:
        return []
    members = staff_for_plan().filter(memberships__unit_id__in=headed, memberships__is_primary=True)
    child_heads = staff_for_plan().filter(headed_units__parent_id__in=headed)
    found = {s.pk: s for s in [*members, *child_heads] if s.pk != staff.pk}
    tree = UnitTree([pk for pk, _head_id in units])

    def reports_to_user(person: Staff) -> bool:
        superior = tree.superior_of(person, primary_unit_id(person))[0]
        return superior is not None and superior.pk == staff.pk

    return sorted(
        filter(reports_to_user, found.values()), key=lambda s: (s.user.last_name, s.user.first_name)
    )
