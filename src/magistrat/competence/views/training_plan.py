"""Training needs, the yearly plan with budget totals per unit, mandatory-training compliance and
its export, training leave."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.competence import mandatory, training_policy
from magistrat.competence import training_selectors as selectors
from magistrat.competence.forms_training import BudgetForm, LeaveForm, NeedForm, NeedUpdateForm
from magistrat.competence.models import TrainingNeed
from magistrat.competence.schedule import direct_reports
from magistrat.competence.services import training_plan as services
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.exports import tabular_response
from magistrat.core.permissions import has_perm, permission_required, signed_in
from magistrat.org.models import Staff

VIEW = "competence.view_competence"
MANAGE = "competence.manage_competence"


def _year(request) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


def _raisable(user):
    """For whom the user may raise a need: anyone (HR), their reports, and themselves."""
    if has_perm(user, MANAGE):
        return (
            Staff.objects.filter(is_active=True)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
    ids = [s.pk for s in direct_reports(user)]
    staff = getattr(user, "staff", None)
    if staff is not None:
        ids.append(staff.pk)
    return Staff.objects.filter(pk__in=ids, is_active=True).select_related("user")


@signed_in
def needs(request):
    year = _year(request)
    state = request.GET.get("state", "")
    state = state if state in TrainingNeed.State.values else ""
    context = {
        "year": year,
        "state": state,
        "states": TrainingNeed.State.choices,
        "needs": selectors.needs_list(user=request.user, year=year, state=state),
        "plan": selectors.plan_get(year=year),
        "form": NeedForm(staff_queryset=_raisable(request.user), initial={"year": year}),
        "can_manage": has_perm(request.user, MANAGE),
        "update_form": NeedUpdateForm(),
    }
    return render(request, "competence/needs.html", context)


@signed_in
def need_create(request):
    form = NeedForm(request.POST or None, staff_queryset=_raisable(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_raise(user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Training need raised."))
            return redirect(f"{_url('competence:needs')}?year={need.plan.year}")
    context = {"form": form, "title": _("Raise a training need"), "back": "competence:needs"}
    return render(request, "competence/form.html", context, status=400 if form.errors else 200)


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@permission_required(MANAGE)
@require_POST
def need_update(request, pk: int):
    # HR's step: the unscoped permission reaches every unit's needs
    need = get_object_or_404(TrainingNeed.objects.select_related("plan", "staff"), pk=pk)
    form = NeedUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.need_update(user=request.user, need=need, **form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
    return redirect(f"{_url('competence:needs')}?year={need.plan.year}")


@permission_required(VIEW)
def plan(request, year: int):
    if not 2000 <= year <= 2100:
        raise Http404
    found = selectors.plan_get(year=year)
    units = set(selectors.visible_units(user=request.user).values_list("pk", flat=True))
    totals = [row for row in services.plan_totals(found) if row["unit"].pk in units] if found else []
    context = {
        "year": year,
        "plan": found,
        "totals": totals,
        "sum": {
            key: sum(row[key] for row in totals) for key in ("budget", "planned", "actual", "left", "needs")
        },
        "can_manage": has_perm(request.user, MANAGE),
        "budget_form": BudgetForm(),
    }
    return render(request, "competence/plan.html", context)


@permission_required(MANAGE)
@require_POST
def plan_action(request, year: int, action: str):
    if action not in ("budget", "approve", "gaps") or not 2000 <= year <= 2100:
        raise Http404
    try:
        if action == "budget":
            form = BudgetForm(request.POST)
            if not form.is_valid():
                raise ServiceError(" ".join(str(e) for errors in form.errors.values() for e in errors))
            services.budget_set(user=request.user, year=year, **form.cleaned_data)
            messages.success(request, _("Budget saved."))
        elif action == "approve":
            services.plan_approve(user=request.user, plan=services.plan_for_year(year=year))
            messages.success(request, _("Training plan approved."))
        else:
            count = services.needs_from_gaps(user=request.user, year=year)
            messages.success(request, _("Needs added from the gap matrix: %(count)s.") % {"count": count})
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("competence:plan", year=year)


# --- Mandatory trainings ----------------------------------------------------------------------------


@permission_required(VIEW)
def mandatory_matrix(request):
    unit = request.GET.get("unit", "")
    unit_id = int(unit) if unit.isdigit() and len(unit) < 10 else None
    if unit_id is not None and not selectors.visible_units(user=request.user).filter(pk=unit_id).exists():
        raise Http404
    day = timezone.localdate()
    # With a unit's list, the last completions are read once for the matrix and the list.
    done = selectors.compliance_done(user=request.user, day=day) if unit_id else None
    context = {
        "rules": mandatory.rules(),
        "rows": selectors.compliance_matrix(user=request.user, day=day, done=done),
        "people": selectors.compliance_people(user=request.user, unit_id=unit_id, day=day, done=done)
        if unit_id
        else None,
        "unit_id": unit_id,
        "expiring_days": training_policy.value("mandatory_expiring_days"),
        "settings": training_policy.mandatory_data()["settings"],
    }
    return render(request, "competence/mandatory.html", context)


@permission_required(VIEW)
def mandatory_export(request):
    rules = mandatory.rules()
    rows = []
    for person in selectors.compliance_people(user=request.user):
        row = [person.employee_number, person.name, person.unit.code if person.unit else "", person.position]
        for status in person.statuses:
            if status is None:
                row += [_("does not apply"), ""]
            else:
                until = status.valid_until or status.due_by
                row += [status.label, until.isoformat() if until else ""]
        rows.append(row)
    headers = [_("Employee number"), _("Employee"), _("Unit"), _("Position")]
    for rule in rules:
        headers += [rule.name, _("%(name)s: valid until / due by") % {"name": rule.name}]
    return tabular_response(
        name="mandatory-trainings",
        headers=headers,
        rows=rows,
        request=request,
        action="competence.mandatory.exported",
        preamble=[[_("Mandatory trainings on %(date)s") % {"date": timezone.localdate().isoformat()}]],
    )


# --- Training leave ----------------------------------------------------------------------------------


@permission_required(VIEW)
def leave_list(request):
    context = {
        "leaves": selectors.leave_list(user=request.user),
        "kinds": training_policy.leave_kinds(),
        "names": dict(training_policy.leave_choices()),
        "basis": training_policy.leave_data()["basis"],
        "can_manage": has_perm(request.user, MANAGE),
    }
    return render(request, "competence/leave_list.html", context)


@permission_required(MANAGE)
def leave_create(request):
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_grant(user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Training leave granted."))
            return redirect("competence:leave_list")
    context = {"form": form, "title": _("Grant training leave"), "back": "competence:leave_list"}
    return render(request, "competence/form.html", context, status=400 if form.errors else 200)
