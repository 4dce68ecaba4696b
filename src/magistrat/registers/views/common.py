"""What the registers' staff pages share: list filters, registering a case, the assign form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.cases.models import CASE_STATES
from magistrat.core.cases.views import CaseAction, case_views, upload_refused
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.exports import tabular_response
from magistrat.core.permissions import permission_required
from magistrat.registers import selectors
from magistrat.registers.forms import AssignForm


def person_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def unit_label(unit) -> str:
    return f"{unit.name} ({unit.code})" if unit is not None else ""


def year_param(request) -> int | None:
    """`?year=`: a year the calendar has (anything else is no year)."""
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and 1 <= int(year) <= 9999 else None


def list_filters(request, perm: str) -> dict:
    """A register list's filters from the address (the export's, and what the export logs)."""
    state = request.GET.get("state", "open")
    return {
        "query": request.GET.get("q", "").strip()[:100],
        "state": state if state in CASE_STATES else "all",
        "year": year_param(request),
        "unit_ids": selectors.unit_filter(user=request.user, perm=perm, raw=request.GET.get("unit", "")),
    }


def logged(filters: dict) -> dict:
    return {k: (sorted(v) if k == "unit_ids" else str(v)) for k, v in filters.items() if v is not None}


def register_view(
    *,
    permission: str,
    form,
    register,
    detail: str,
    template: str,
    received: str = "received_at",
    success=None,
):
    """The staff page registering a case (a letter, an e-mail, an ePUAP message, a visit): the form
    (its date of receipt now, unless changed), then `register(by=…, **data)` numbers the case and
    its page follows."""

    @permission_required(permission)
    def view(request):
        bound = form(request.POST or None, request.FILES or None, initial={received: timezone.localtime()})
        if request.method == "POST" and bound.is_valid():
            try:
                case = register(by=request.user, **bound.cleaned_data)
            except ValidationError as exc:
                upload_refused(bound, exc)
            except ServiceError as exc:
                add_to_form(bound, exc)
            else:
                messages.success(
                    request, (success or _("Registered as %(number)s.")) % {"number": case.number}
                )
                return redirect(detail, pk=case.pk)
        return render(request, template, {"form": bound}, status=400 if bound.errors else 200)

    return view


def assign_action(detail: str, assign, case_name: str, *, others: bool = True) -> CaseAction:
    """The assign form of a case page and its service (`assign(<case_name>=…, unit=…, handler=…,
    by=…)`). Choosing a unit reloads the people offered (an htmx GET of the page with ?unit=)."""

    def form(request, case, data=None, files=None) -> AssignForm:
        unit = case.unit
        if data is None and request.htmx:
            unit = selectors.assign_unit(raw=request.GET.get("unit", ""), default=case.unit)
        bound = AssignForm(
            data,
            case_unit=unit,
            others=others,
            initial={"unit": unit.pk if unit else None, "handler": getattr(case.handler, "staff", None)},
        )
        bound.fields["unit"].widget.attrs.update(
            {
                "hx-get": reverse(detail, args=[case.pk]),
                "hx-target": "#assign-form",
                "hx-select": "#assign-form",
                "hx-swap": "outerHTML",
            }
        )
        return bound

    return CaseAction(form=form, service=assign, case_name=case_name, permission="assign")


def register_pages(model, name: str, *, get, form, register, actions, received="received_at", **options):
    """A register's three case pages: registering a case, the case's page and its action post.
    `name` gives the URLs and templates ("complaint": registers:complaint_detail,
    registers/complaint_register.html); the model gives the permissions (registering needs the
    register's `register_*` permission, the case pages its `view_*`)."""
    permissions, detail = model.case_permissions, f"registers:{name}_detail"
    register_page = register_view(
        permission=permissions.assign,
        form=form,
        register=register,
        detail=detail,
        template=f"registers/{name}_register.html",
        received=received,
        success=options.pop("success", None),
    )
    template = f"registers/{name}_detail.html"
    pages = case_views(
        get=get, permission=permissions.view, template=template, detail=detail, actions=actions, **options
    )
    return register_page, *pages


def handling_headers() -> list:
    """The columns every register's export has, in this order, after its own."""
    return [_("unit"), _("handled by"), _("deadline"), _("status"), _("outcome")]


def handling(case) -> list:
    """A case's values for `handling_headers` (labels, never ids: unit names, people, choices)."""
    clock = case.clock
    return [
        unit_label(case.unit),
        person_name(case.handler),
        clock.due_day,
        clock.status().label,
        case.get_outcome_display(),
    ]


def export(request, cases, *, name: str, action: str, headers: list, row, filters: dict):
    """A register's list as a file (CSV for Polish Excel or XLSX), with the filters it was made with."""
    rows = (row(case) for case in cases)
    return tabular_response(
        name=name, headers=headers, rows=rows, request=request, action=action, filters=logged(filters)
    )
