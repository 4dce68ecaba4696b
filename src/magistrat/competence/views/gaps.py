"""The gap matrix (office and unit) with its exports, and the as-of report (ISO 9001 7.2)."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.competence import gaps, selectors
from magistrat.competence.forms_model import AsOfForm
from magistrat.competence.models import Competence, LevelRecord
from magistrat.core.exports import tabular_response
from magistrat.core.permissions import permission_required, unit_scope

VIEW = "competence.view_competence"


def _group(request) -> str:
    group = request.GET.get("group", "")
    return group if group in Competence.Group.values else ""


@permission_required(VIEW)
def office(request):
    """Units × competence groups (or the competences of one group): the share meeting the level."""
    group = _group(request)
    matrix = gaps.office_matrix(unit_scope(request.user, VIEW), group=group)
    context = {
        "matrix": matrix,
        "group": group,
        "group_label": Competence.Group(group).label if group else "",
        "groups": Competence.Group.choices,
        "units": selectors.visible_units(user=request.user).order_by("code"),
    }
    return render(request, "competence/gaps_office.html", context)


@permission_required(VIEW)
def unit(request, pk: int):
    """Staff × competences of one unit (404 outside the user's units)."""
    found = selectors.unit_get(user=request.user, pk=pk)
    group = _group(request)
    matrix = gaps.unit_matrix([found.pk], group=group)
    context = {
        "unit": found,
        "matrix": matrix,
        "group": group,
        "groups": Competence.Group.choices,
        "legend": [
            ("high", "3/2", _("met: the level held reaches the required one")),
            ("mid", "1/2", _("gap of one level")),
            ("low", "–/2", _("gap of two levels or more, or not assessed")),
            ("few", "2", _("not required of this position")),
        ],
    }
    return render(request, "competence/gaps_unit.html", context)


@permission_required(VIEW)
def export(request):
    """Every person × competence (required or held) of the user's units, or of one unit."""
    scope = unit_scope(request.user, VIEW)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        found = selectors.unit_get(user=request.user, pk=int(unit_id))
        unit_ids = [found.pk]
    else:
        unit_ids = (
            list(scope)
            if scope is not None
            else list(selectors.visible_units(user=request.user).values_list("pk", flat=True))
        )
    group = _group(request)
    matrix = gaps.unit_matrix(unit_ids, group=group)
    rows = (
        [
            row.staff.employee_number,
            str(row.staff),
            str(row.unit or ""),
            row.staff.position.name,
            cell.competence.get_group_display(),
            cell.competence.name,
            cell.required or "",
            "" if cell.held is None else cell.held,
            cell.gap if cell.required else "",
            cell.text,
        ]
        for row in matrix.rows
        for cell in row.cells
        if cell.required or cell.held is not None
    )
    headers = [
        _("employee number"),
        _("name"),
        _("unit"),
        _("position"),
        _("group"),
        _("competence"),
        _("required level"),
        _("level held"),
        _("gap"),
        _("status"),
    ]
    return tabular_response(
        name="competence-gaps",
        headers=headers,
        rows=rows,
        request=request,
        action="competence.gaps.exported",
        filters={"unit": unit_id, "group": group},
    )


@permission_required(VIEW)
def as_of(request):
    """Who was competent for a process or a position on a day: the levels each position required
    then and the levels its people had confirmed by then."""
    form = AsOfForm(request.GET or None, initial={"on": timezone.localdate()})
    tables = []
    if form.is_valid():
        process, position, day = (form.cleaned_data[name] for name in ("process", "position", "on"))
        scope = unit_scope(request.user, VIEW)
        if process:
            tables = gaps.as_of_process(process, day, unit_ids=scope)
        else:
            tables = gaps.as_of_position(position, day, unit_ids=scope)
        if request.GET.get("format") in ("csv", "xlsx"):
            return _as_of_export(request, form, tables)
    context = {"form": form, "tables": tables, "done": form.is_valid()}
    return render(request, "competence/as_of.html", context, status=400 if form.errors else 200)


def _as_of_export(request, form, tables):
    day, process, position = (form.cleaned_data[name] for name in ("on", "process", "position"))
    sources = dict(LevelRecord.Source.choices)
    data = (
        [
            row.staff.employee_number,
            str(row.staff),
            table.position.name,
            cell.competence.name,
            cell.required,
            "" if cell.held is None else cell.held,
            str(sources[cell.record.source]) if cell.record else "",
            cell.record.assessed_on if cell.record else None,
            cell.record.evidence if cell.record else "",
            _("yes") if cell.met else _("no"),
            _("yes") if row.competent else _("no"),
        ]
        for table in tables
        for row in table.rows
        for cell in row.cells
    )
    headers = [
        _("employee number"),
        _("name"),
        _("position"),
        _("competence"),
        _("required level"),
        _("level held"),
        _("source"),
        _("assessed on"),
        _("evidence"),
        _("level met"),
        _("competent for the position"),
    ]
    chosen = [_("Process"), str(process)] if process else [_("Position"), position.name]
    filters = {"process": process.code} if process else {"position": position.name}
    return tabular_response(
        name="competence-as-of",
        headers=headers,
        rows=data,
        request=request,
        preamble=[chosen, [_("On"), day]],
        action="competence.asof.exported",
        filters={**filters, "on": day.isoformat()},
    )
