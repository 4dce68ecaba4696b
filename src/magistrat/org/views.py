"""Staff UI of the organisation model: units, staff, roles, office details, import and export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.collation import person_order
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.exports import tabular_response
from magistrat.core.importing import import_from_request
from magistrat.core.permissions import has_perm, permission_required, require, roles
from magistrat.org import importing, selectors, services
from magistrat.org.forms import (
    FilingSymbolForm,
    ImportForm,
    IntakeRouteForm,
    OfficeForm,
    PositionForm,
    RoleGrantForm,
    StaffForm,
    UnitForm,
    UnitHeadForm,
)
from magistrat.org.models import Office, Position, Unit


@permission_required("org.view_units")
def unit_list(request):
    return render(request, "org/unit_list.html", {"tree": selectors.unit_tree(include_inactive=True)})


@permission_required("org.view_units")
def unit_detail(request, code: str):
    unit = get_object_or_404(Unit.objects.select_related("parent", "head__user"), code=code)
    staff = None
    if has_perm(request.user, "org.view_staff", unit):
        staff = selectors.staff_list(user=request.user, unit=unit)
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "staff": staff,
            "children": unit.children.order_by("code"),
            "head_form": UnitHeadForm(unit=unit, initial={"head": unit.head_id}),
        },
    )


@permission_required("org.manage_units")
def unit_edit(request, code: str | None = None):
    unit = get_object_or_404(Unit, code=code) if code else None
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        unit = services.unit_save(unit=form.save(commit=False))
        messages.success(request, _("Unit %(code)s saved.") % {"code": unit.code})
        return redirect("org:unit_detail", code=unit.code)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@require_POST
@permission_required("org.manage_units")
def unit_set_head(request, code: str):
    unit = get_object_or_404(Unit, code=code)
    form = UnitHeadForm(request.POST, unit=unit)
    if form.is_valid():
        services.unit_set_head(unit=unit, head=form.cleaned_data["head"])
        messages.success(request, _("Head of %(code)s updated.") % {"code": unit.code})
    else:
        messages.error(request, _("Choose a staff member of this unit."))
    return redirect("org:unit_detail", code=unit.code)


def _staff_filters(request, perm: str) -> dict:
    active = {"": True, "active": True, "inactive": False, "all": None}.get(
        request.GET.get("status", ""), True
    )
    return {
        "query": request.GET.get("q", "").strip()[:100],
        "unit": selectors.unit_asked(user=request.user, perm=perm, raw=request.GET.get("unit", "")),
        "active": active,
    }


@permission_required("org.view_staff")
def staff_list(request):
    filters = _staff_filters(request, "org.view_staff")
    unit = filters["unit"]
    staff = selectors.staff_list(user=request.user, **filters)
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "units": selectors.units_in_scope(user=request.user, perm="org.view_staff"),
        "unit": unit,
    }
    template = "org/staff_list.html#results" if request.htmx else "org/staff_list.html"
    return render(request, template, context)


@permission_required("org.view_staff")
def staff_detail(request, pk: int):
    staff = selectors.staff_get(user=request.user, pk=pk)
    return render(
        request,
        "org/staff_detail.html",
        {
            "staff": staff,
            "assignments": selectors.role_assignments_of(staff),
            "role_form": RoleGrantForm(),
            "can_manage": has_perm(
                request.user, "org.manage_staff", [m.unit_id for m in staff.memberships.all()]
            ),
        },
    )


@permission_required("org.manage_staff")
def staff_edit(request, pk: int | None = None):
    staff = selectors.staff_get(user=request.user, pk=pk, perm="org.manage_staff") if pk else None
    units = selectors.units_in_scope(user=request.user, perm="org.manage_staff")
    initial = StaffForm.initial_for(staff) if staff else None
    form = StaffForm(request.POST or None, units=units, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if staff is None:
                staff = services.staff_create(**data)
                messages.success(request, _("Staff member %(name)s added.") % {"name": staff})
            else:
                staff = services.staff_update(staff=staff, **data)
                messages.success(request, _("Changes to %(name)s saved.") % {"name": staff})
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            return redirect("org:staff_detail", pk=staff.pk)
    return render(request, "org/staff_form.html", {"form": form, "staff": staff})


@require_POST
@permission_required("org.manage_staff")
def staff_set_active(request, pk: int):
    staff = selectors.staff_get(user=request.user, pk=pk, perm="org.manage_staff")
    active = request.POST.get("active") == "1"
    services.staff_set_active(staff=staff, active=active)
    messages.success(request, _("Account activated.") if active else _("Account deactivated."))
    return redirect("org:staff_detail", pk=staff.pk)


@require_POST
@permission_required("org.manage_roles")
def role_grant(request, pk: int):
    staff = selectors.staff_get(user=request.user, pk=pk, perm="org.manage_roles")
    form = RoleGrantForm(request.POST)
    if form.is_valid():
        try:
            services.role_grant(
                user=staff.user, role=form.cleaned_data["role"], unit=form.cleaned_data["unit"]
            )
            messages.success(request, _("Role granted."))
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose a valid role and scope."))
    return redirect("org:staff_detail", pk=staff.pk)


@require_POST
@permission_required("org.manage_roles")
def role_revoke(request, pk: int, assignment_id: int):
    staff = selectors.staff_get(user=request.user, pk=pk, perm="org.manage_roles")
    assignment = selectors.role_assignment_get(staff=staff, pk=assignment_id)
    services.role_revoke(assignment=assignment)
    messages.success(request, _("Role revoked."))
    return redirect("org:staff_detail", pk=staff.pk)


@permission_required("org.import_staff")
def staff_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["kind"] == "units":
        require(request.user, "org.manage_units")

    def run(data: bytes, name: str, apply: bool):
        return importing.run_import(form.cleaned_data["kind"], data, name, apply=apply)

    report = import_from_request(request, form, run)
    return render(
        request,
        "org/staff_import.html",
        {
            "form": form,
            "report": report,
            "unit_columns": list(
                zip(importing.template_headings("units"), importing.UNIT_COLUMNS, strict=True)
            ),
            "staff_columns": list(
                zip(importing.template_headings("staff"), importing.STAFF_COLUMNS, strict=True)
            ),
        },
    )


@permission_required("org.import_staff")
def staff_import_template(request, kind: str, fmt: str):
    """An empty import file to fill in: the header row (Polish headings) and one example row."""
    if kind not in ("units", "staff") or fmt not in ("csv", "xlsx"):
        raise Http404
    return tabular_response(
        name=f"{'units' if kind == 'units' else 'staff'}-import-template",
        headers=importing.template_headings(kind),
        rows=[importing.EXAMPLES[kind]],
        fmt=fmt,
        action="org.import_template.downloaded",
        filters={"kind": kind},
    )


@permission_required("org.export_staff")
def staff_export(request):
    """The staff list as filtered on the page (all statuses unless asked), in the user's scope."""
    filters = _staff_filters(request, "org.export_staff")
    if not request.GET.get("status"):
        filters["active"] = None
    staff = selectors.staff_list(user=request.user, perm="org.export_staff", **filters)
    headers = [
        _("employee number"),
        _("last name"),
        _("first name"),
        _("e-mail"),
        _("position"),
        _("primary unit"),
        _("other units"),
        _("phone"),
        _("room"),
        _("employed since"),
        _("active"),
    ]

    def row(person):
        primary = person.primary_unit
        others = [m.unit for m in person.memberships.all() if not m.is_primary]
        return [
            person.employee_number,
            person.user.last_name,
            person.user.first_name,
            person.user.email,
            person.position.name,
            f"{primary.name} ({primary.code})" if primary else "",
            "; ".join(f"{u.name} ({u.code})" for u in others),
            person.phone,
            person.room,
            person.employed_since,
            person.is_active,
        ]

    return tabular_response(
        name="staff",
        headers=headers,
        rows=(row(person) for person in staff),
        request=request,
        action="org.staff.exported",
        filters={
            "query": filters["query"],
            "unit": filters["unit"].code if filters["unit"] else None,
            "active": filters["active"],
        },
    )


@permission_required("org.manage_office")
def office_edit(request):
    office = selectors.current_office() or Office()
    form = OfficeForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        services.office_save(office=form.save(commit=False))
        messages.success(request, _("Office details saved."))
        return redirect("org:office_edit")
    return render(request, "org/office_form.html", {"form": form})


@permission_required("org.view_units")
def role_list(request):
    """What each role may do: the permission sets, for administrators and auditors."""
    return render(request, "org/role_list.html", {"roles": roles().values()})


@permission_required("org.manage_staff")
def position_list(request, pk: int | None = None):
    """Job titles: the list, with a form to add one or rename the chosen one."""
    position = get_object_or_404(Position, pk=pk) if pk else None
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        position = services.position_save(position=form.save(commit=False))
        messages.success(request, _("Position %(name)s saved.") % {"name": position.name})
        return redirect("org:position_list")
    return render(
        request,
        "org/position_list.html",
        {"form": form, "position": position, "positions": selectors.position_list()},
    )


@require_POST
@permission_required("org.manage_roles")
def staff_security(request, pk: int):
    """Administrator actions on a person's sign-in: unlock after lockout, reset two-factor devices."""
    staff = selectors.staff_get(user=request.user, pk=pk, perm="org.manage_roles")
    action = request.POST.get("action")
    if action == "unlock":
        services.staff_unlock_sign_in(staff=staff)
        messages.success(request, _("Sign-in unlocked."))
    elif action == "reset_2fa":
        services.staff_reset_two_factor(staff=staff)
        messages.success(
            request, _("Two-factor authentication reset: the person enrols again at the next sign-in.")
        )
    else:
        messages.error(request, _("Unknown action."))
    return redirect("org:staff_detail", pk=staff.pk)


@permission_required("org.manage_office")
def intake_edit(request):
    """Who receives each register's new cases until they are assigned (office configuration)."""
    from magistrat.org import intake

    current = intake.routes()
    rows = []
    for entry in intake.registers():
        route = current[entry.code]
        form = IntakeRouteForm(
            request.POST or None,
            prefix=entry.code,
            register=entry,
            initial={"role": route.role, "unit": route.unit},
        )
        rows.append((entry, route, form))
    if request.method == "POST" and all(form.is_valid() for _e, _r, form in rows):
        try:
            with transaction.atomic():
                for entry, route, form in rows:
                    data = form.cleaned_data
                    if (data["role"], data["unit"]) != (route.role, route.unit):
                        services.intake_route_save(register=entry.code, **data)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Intake saved."))
            return redirect("org:intake_edit")
    current = intake.routes()
    table = [
        {
            "register": entry,
            "form": form,
            "route": current[entry.code],
            "receivers": person_order(intake.receivers(entry.code, current=current))[:20],
            "nobody": not intake.holders(entry.code, current=current).exists(),
            "waiting": entry.waiting().count(),
        }
        for entry, _route, form in rows
    ]
    has_errors = any(form.errors for _e, _r, form in rows)
    return render(
        request,
        "org/intake.html",
        {"rows": table, "has_errors": has_errors},
        status=400 if has_errors else 200,
    )


@permission_required("org.manage_office")
def filing_symbols_edit(request):
    """The filing symbol each register's case numbers start with (office configuration)."""
    from magistrat.org import filing

    data = request.POST or None
    rows = [
        (row, FilingSymbolForm(data, prefix=row.register.code, initial={"symbol": row.symbol}))
        for row in filing.symbols()
    ]
    if request.method == "POST" and all(form.is_valid() for _row, form in rows):
        try:
            with transaction.atomic():
                for row, form in rows:
                    symbol = form.cleaned_data["symbol"]
                    if symbol != row.symbol:
                        services.filing_symbol_save(register=row.register.code, symbol=symbol)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Filing symbols saved."))
            return redirect("org:filing_symbols_edit")
    failed = request.method == "POST"
    context = {"rows": rows, "failed": failed}
    return render(request, "org/filing_symbols.html", context, status=400 if failed else 200)
