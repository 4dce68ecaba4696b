"""Who is assessed, by whom and when (u.p.s. art. 27), derived from the organisation model.

- Who (ust. 1): officials (stanowiska urzędnicze), managers included; not advisers, assistants,
  auxiliary and service staff, or elected and appointed staff (`Position.category`).
- By whom (ust. 2): only the direct superior, derived from the units: the head of the person's
  primary unit, and for that head the head of the parent unit. Nobody stands in for a vacant head.
- When (ust. 2, 8): at least every 2 years, not more often than every 6 months; after a negative
  assessment no sooner than 3 months after it ended (a rule of its own, so it may come sooner than
  6 months: ust. 8 is the special rule), and by the date the office's order sets.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.competence.models import Assessment, AssessmentOrder
from magistrat.core.deadlines import add_months, due_date, legal_period, next_working_day
from magistrat.core.permissions import has_perm
from magistrat.org.models import Position, Staff, Unit

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

    staff: Staff
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
    today = today or timezone.localdate()
    staff_list = list(staff_list)
    tree = UnitTree()
    order = AssessmentOrder.in_force(today)
    warn = timedelta(days=order.warn_days if order else 60)
    histories: dict[int, list[Assessment]] = {}
    assessments = (
        Assessment.objects.counted()
        .filter(employee__in=[s.pk for s in staff_list])
        .select_related("appeal", "order")
        .order_by("-started_on", "-pk")
    )
    for assessment in assessments:
        histories.setdefault(assessment.employee_id, []).append(assessment)
    rows = []
    for staff in staff_list:
        excluded = exclusion(staff)
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
    return Staff.objects.select_related("user", "position").prefetch_related("memberships")


def direct_reports(user) -> list[Staff]:
    """The staff whose direct superior the user is: the members of the units they head (but
    themselves) and the heads of the units directly below."""
    staff = getattr(user, "staff", None)
    if staff is None:
        return []
    headed = list(Unit.objects.filter(head=staff).values_list("pk", flat=True))
    if not headed:
        return []
    members = staff_for_plan().filter(memberships__unit_id__in=headed, memberships__is_primary=True)
    child_heads = staff_for_plan().filter(headed_units__parent_id__in=headed)
    found = {s.pk: s for s in [*members, *child_heads] if s.pk != staff.pk}
    tree = UnitTree()

    def reports_to_user(person: Staff) -> bool:
        superior = tree.superior_of(person, primary_unit_id(person))[0]
        return superior is not None and superior.pk == staff.pk

    return sorted(
        filter(reports_to_user, found.values()), key=lambda s: (s.user.last_name, s.user.first_name)
    )
