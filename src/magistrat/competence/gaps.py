"""The gap matrix (staff × competences, required vs held) and the as-of report, computed from the
competence model. Reads only: the selectors narrow them to what the user may see.

A cell compares the level the person's position requires with the latest level confirmed by the
superior, a test or a certificate; a self-assessment is not counted. The office matrix is
aggregated in the database (units × competences or groups: how many meet the required level);
a unit's matrix and the as-of report are computed per person."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from magistrat.competence.models import Competence, LevelRecord, PositionRequirement
from magistrat.org.models import Position, Staff, Unit

MET, GAP, MISSING, EXTRA = "met", "gap", "missing", "extra"


@dataclass
class Cell:
    competence: Competence
    required: int | None
    held: int | None

    @property
    def status(self) -> str:
        if not self.required:
            return EXTRA
        if self.held is None:
            return MISSING
        return MET if self.held >= self.required else GAP

    @property
    def gap(self) -> int:
        return max(0, (self.required or 0) - (self.held or 0))

    @property
    def css(self) -> str:
        return {MET: "high", GAP: "mid" if self.gap == 1 else "low", MISSING: "low", EXTRA: "few"}[
            self.status
        ]

    @property
    def text(self) -> str:
        """What the cell says in words (the colour only repeats it)."""
        held = "–" if self.held is None else str(self.held)
        if self.status == EXTRA:
            return _("%(held)s, not required") % {"held": held}
        if self.status == MET:
            return _("%(held)s of %(required)s required: met") % {"held": held, "required": self.required}
        if self.status == MISSING:
            return _("not assessed, %(required)s required") % {"required": self.required}
        return _("%(held)s of %(required)s required: gap %(gap)s") % {
            "held": held,
            "required": self.required,
            "gap": self.gap,
        }


@dataclass
class StaffRow:
    staff: Staff
    unit: Unit | None
    competences: list[Competence]
    levels: list[tuple[int | None, int | None]]  # (held, required) per competence, in column order

    @property
    def cells(self) -> list[Cell]:
        return [
            Cell(competence, required, held)
            for competence, (held, required) in zip(self.competences, self.levels, strict=True)
        ]

    @property
    def gaps(self) -> int:
        return sum(1 for held, required in self.levels if required and (held is None or held < required))

    def cells_html(self) -> str:
        """The row's cells: "held/required" shown, the same in words for screen readers, the colour
        from the status; empty where nothing is required or held. A large unit has thousands of
        cells and a cell depends only on its two numbers, so each kind is rendered once per
        language (a unit's page stays under 100 ms)."""
        rendered = _RENDERED.setdefault(get_language() or "", {})
        parts = []
        for pair in self.levels:
            html = rendered.get(pair)
            if html is None:
                html = rendered[pair] = _cell_html(*pair)
            parts.append(html)
        return mark_safe("".join(parts))  # noqa: S308 - each part is built by format_html


_RENDERED: dict[str, dict[tuple[int | None, int | None], str]] = {}


def _cell_html(held: int | None, required: int | None) -> str:
    if held is None and not required:
        return '<td class="few"></td>'
    cell = Cell(None, required, held)  # type: ignore[arg-type]
    shown = ("–" if held is None else str(held)) + (f"/{required}" if required else "")
    return format_html(
        '<td class="{}"><span aria-hidden="true">{}</span><span class="visually-hidden">{}</span></td>',
        cell.css,
        shown,
        cell.text,
    )


@dataclass
class Matrix:
    competences: list[Competence]
    rows: list[StaffRow] = field(default_factory=list)

    @property
    def cells(self) -> int:
        return sum(1 for r in self.rows for _held, required in r.levels if required)

    @property
    def met(self) -> int:
        return sum(
            1
            for r in self.rows
            for held, required in r.levels
            if required and held is not None and held >= required
        )


def _competences(group: str, ids: Iterable[int] | None = None):
    found = Competence.objects.filter(is_active=True)
    if group:
        found = found.filter(group=group)
    if ids is not None:
        found = found.filter(pk__in=list(ids))
    return list(found.order_by("group", "name"))


def unit_matrix(unit_ids: Iterable[int], *, group: str = "", person: Staff | None = None) -> Matrix:
    """Staff × competences of the units (or one person of them): every competence required of
    someone there or held by someone there (in the group, when given)."""
    unit_ids = list(unit_ids)
    only = {"pk": person.pk} if person is not None else {}
    staff = list(
        Staff.objects.filter(
            is_active=True, memberships__unit_id__in=unit_ids, memberships__is_primary=True, **only
        )
        .select_related("user", "position")
        .annotate(unit_id=F("memberships__unit_id"))
        .order_by("user__last_name", "user__first_name", "pk")
    )
    units = Unit.objects.in_bulk(unit_ids)
    required: dict[tuple[int, int], int] = {
        (p, c): level
        for p, c, level in PositionRequirement.objects.current()
        .filter(position_id__in={s.position_id for s in staff})
        .values_list("position_id", "competence_id", "level")
    }
    held: dict[tuple[int, int], int] = {
        (s, c): level
        for s, c, level in LevelRecord.objects.filter(
            is_current=True, staff_id__in=[s.pk for s in staff]
        ).values_list("staff_id", "competence_id", "level")
    }
    used = {c for _p, c in required} | {c for _s, c in held}
    competences = _competences(group, used)
    matrix = Matrix(competences)
    ids = [c.pk for c in competences]
    for person in staff:
        levels = [(held.get((person.pk, c)), required.get((person.position_id, c))) for c in ids]
        matrix.rows.append(StaffRow(person, units.get(person.unit_id), competences, levels))  # type: ignore[attr-defined]
    return matrix


@dataclass
class Share:
    required: int
    met: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.met / self.required) if self.required else None

    @property
    def css(self) -> str:
        percent = self.percent
        if percent is None:
            return "few"
        return "high" if percent >= 90 else "mid" if percent >= 60 else "low"

    @property
    def text(self) -> str:
        if not self.required:
            return _("not required")
        return _("%(met)d of %(required)d meet (%(percent)d%%)") % {
            "met": self.met,
            "required": self.required,
            "percent": self.percent,
        }


@dataclass
class OfficeMatrix:
    columns: list[tuple[str, str]]  # (key, label): a group, or a competence's id
    units: list[Unit]
    shares: dict[tuple[int, str], Share]
    totals: dict[str, Share]

    def rows(self):
        for unit in self.units:
            yield unit, [self.shares.get((unit.pk, key), Share(0, 0)) for key, _label in self.columns]

    def total_row(self) -> list[Share]:
        return [self.totals.get(key, Share(0, 0)) for key, _label in self.columns]


def office_matrix(unit_ids: Iterable[int] | None, *, group: str = "") -> OfficeMatrix:
    """Units × competence groups (or × the competences of one group): how many of the staff whose
    position requires a competence hold at least the required level. Counted in the database by
    two grouped joins (what is required; what is met), no per-row subquery."""
    # One filter() call each: a further call on these many-valued relations would join them again.
    required_where: dict[str, object] = {
        "is_active": True,
        "memberships__is_primary": True,
        "position__competence_requirements__valid_until__isnull": True,
        "position__competence_requirements__competence__is_active": True,
    }
    met_where: dict[str, object] = {
        "is_current": True,
        "staff__is_active": True,
        "staff__memberships__is_primary": True,
        "staff__position__competence_requirements__valid_until__isnull": True,
        "staff__position__competence_requirements__competence": F("competence"),
        "level__gte": F("staff__position__competence_requirements__level"),
        "competence__is_active": True,
    }
    if unit_ids is not None:
        required_where["memberships__unit_id__in"] = met_where["staff__memberships__unit_id__in"] = list(
            unit_ids
        )
    if group:
        required_where["position__competence_requirements__competence__group"] = group
        met_where["competence__group"] = group
        required_key, met_key = "position__competence_requirements__competence_id", "competence_id"
    else:
        required_key, met_key = "position__competence_requirements__competence__group", "competence__group"
    required = (
        Staff.objects.filter(**required_where)
        .values_list("memberships__unit_id", required_key)
        .annotate(n=Count("pk"))
        .order_by()
    )
    met = {
        (unit, str(key)): n
        for unit, key, n in LevelRecord.objects.filter(**met_where)
        .values_list("staff__memberships__unit_id", met_key)
        .annotate(n=Count("pk"))
        .order_by()
    }
    shares: dict[tuple[int, str], Share] = {}
    totals: dict[str, Share] = {}
    for unit, key, n in required:
        share = shares[(unit, str(key))] = Share(n, met.get((unit, str(key)), 0))
        total = totals.setdefault(str(key), Share(0, 0))
        total.required += share.required
        total.met += share.met
    if group:
        columns = [(str(c.pk), c.name) for c in _competences(group, [int(k) for k in totals])]
    else:
        columns = [(value, str(label)) for value, label in Competence.Group.choices]
    units = list(Unit.objects.filter(pk__in={u for u, _k in shares}).order_by("code"))
    return OfficeMatrix(columns, units, shares, totals)


# --- "Who was competent for process X / position Y on date D" (ISO 9001 7.2) -----------------------


@dataclass
class AsOfCell:
    competence: Competence
    required: int
    record: LevelRecord | None

    @property
    def held(self) -> int | None:
        return self.record.level if self.record else None

    @property
    def met(self) -> bool:
        return self.record is not None and self.record.level >= self.required


@dataclass
class AsOfRow:
    staff: Staff
    cells: list[AsOfCell]

    @property
    def competent(self) -> bool:
        return all(c.met for c in self.cells)

    @property
    def gaps(self) -> list[AsOfCell]:
        return [c for c in self.cells if not c.met]


def as_of(
    position: Position, day: date, *, unit_ids: Iterable[int] | None = None
) -> tuple[list, list[AsOfRow]]:
    """The competences `position` required on `day` and, for everyone in that position employed on
    that day, the level confirmed by then (the latest record on or before the day)."""
    requirements = list(
        PositionRequirement.objects.on(day).filter(position=position).select_related("competence")
    )
    requirements.sort(key=lambda r: (r.competence.group, r.competence.name))
    staff = Staff.objects.filter(position=position).filter(
        Q(employed_since__isnull=True) | Q(employed_since__lte=day)
    )
    if unit_ids is not None:
        staff = staff.filter(memberships__unit_id__in=list(unit_ids), memberships__is_primary=True)
    staff_list = list(staff.select_related("user").order_by("user__last_name", "user__first_name", "pk"))
    latest: dict[tuple[int, int], LevelRecord] = {}
    records = (
        LevelRecord.objects.filter(
            staff__in=staff_list,
            competence__in=[r.competence_id for r in requirements],
            assessed_on__lte=day,
        )
        .exclude(source=LevelRecord.Source.SELF)
        .order_by("assessed_on", "pk")
    )
    for record in records:
        latest[(record.staff_id, record.competence_id)] = record
    rows = [
        AsOfRow(
            person,
            [AsOfCell(r.competence, r.level, latest.get((person.pk, r.competence_id))) for r in requirements],
        )
        for person in staff_list
    ]
    return requirements, rows


@dataclass
class AsOfTable:
    """The people in one position on the day, against what the position required then."""

    position: Position
    requirements: list
    rows: list[AsOfRow]


def as_of_position(
    position: Position, day: date, *, unit_ids: Iterable[int] | None = None
) -> list[AsOfTable]:
    return [AsOfTable(position, *as_of(position, day, unit_ids=unit_ids))]


def as_of_process(process, day: date, *, unit_ids: Iterable[int] | None = None) -> list[AsOfTable]:
    """Who was competent for a process on `day`: the people whose primary unit runs it (its leading
    unit and the units taking part, with their sub-units), each against what their own position
    required on that day: one table per position."""
    units = Unit.objects.subtree_ids([process.unit_id, *process.other_units.values_list("pk", flat=True)])
    if unit_ids is not None:
        units &= set(unit_ids)
    positions = (
        Position.objects.filter(staff__memberships__unit_id__in=units, staff__memberships__is_primary=True)
        .distinct()
        .order_by("name")
    )
    return [table for position in positions for table in as_of_position(position, day, unit_ids=units)]
