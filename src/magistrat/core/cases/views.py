"""What every case page shares: the page with one form per action, and posting one action.

A register lists its actions (`CaseAction`: the form, the service call, which of the case's
permissions it needs); the page shows a form only where `may` allows it (`can_manage`,
`can_assign` in the context), and a post asks `may` again before the service, which asks too.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.cases.models import Case
from magistrat.core.cases.selectors import case_history
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.forms import Form
from magistrat.core.permissions import may, permission_required, require_may


@dataclass(frozen=True)
class CaseAction:
    # A form class, or a function (request, case, data, files) -> form for forms that depend on the
    # case or the request (the people offered for a case's unit).
    form: Any
    # The service: called with the case as `case_name`, the form's cleaned data and `by`.
    service: Callable[..., object]
    case_name: str
    permission: str = "manage"  # which of the case's permissions it needs: "manage" or "assign"

    def build(self, request, case: Case, data=None, files=None) -> Form:
        if isinstance(self.form, type):
            return self.form(data, files)
        return self.form(request, case, data, files)

    def run(self, case: Case, data: dict, user) -> object:
        # A closing's confirmation has done its job in the form.
        fields = {name: value for name, value in data.items() if name != "confirm"}
        return self.service(**{self.case_name: case}, by=user, **fields)


def upload_refused(form, exc: ValidationError) -> None:
    """An upload the checks refused (core.uploads.check_upload): the error goes on the form's file field."""
    files = [name for name, field in form.fields.items() if isinstance(field, forms.FileField)]
    form.add_error(files[0] if files else None, exc)


def case_flags(user, case: Case) -> dict[str, bool]:
    permissions = case.case_permissions
    return {
        "can_manage": may(user, permissions.manage, case),
        "can_assign": may(user, permissions.assign, case),
    }


def case_page(
    request,
    case: Case,
    *,
    template: str,
    actions: Mapping[str, CaseAction],
    context: dict | None = None,
    bound: tuple[str, Form] | None = None,
) -> Any:
    """The case's page: its clock, history, what the user may do and a form per action (the one
    just posted, bound with its errors, answers 400)."""
    forms = {f"{name}_form": action.build(request, case) for name, action in actions.items()}
    if bound is not None:
        forms[f"{bound[0]}_form"] = bound[1]
    page = {"case": case, "clock": case.clock, "history": case_history(case)} | case_flags(request.user, case)
    return render(request, template, page | forms | (context or {}), status=400 if bound else 200)


def case_post(
    request,
    case: Case,
    action: str,
    *,
    actions: Mapping[str, CaseAction],
    detail: str,
    page: Callable[..., Any],
) -> Any:
    """One action posted on the case page: `may` for the action's permission, then a valid form
    runs its service and goes back to the case; a refusal shows the page again (`page(bound=…)`)
    with the reason on the form."""
    spec = actions.get(action)
    require_may(request.user, getattr(case.case_permissions, spec.permission if spec else "manage"), case)
    if spec is None:
        return redirect(detail, pk=case.pk)
    form = spec.build(request, case, request.POST, request.FILES)
    if form.is_valid():
        try:
            spec.run(case, form.cleaned_data, request.user)
        except ValidationError as exc:
            upload_refused(form, exc)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(detail, pk=case.pk)
    case.refresh_from_db()
    return page(bound=(action, form))


def case_views(
    *,
    get: Callable[..., Case],
    permission: str,
    template: str,
    detail: str,
    actions: Mapping[str, CaseAction],
    context: Callable[[Case], dict] | None = None,
) -> tuple[Callable, Callable]:
    """A register's case page and its action post, as two views: `get(user=…, pk=…)` is the
    register's selector (404 for a case the user may not see), `permission` opens the register."""

    def page(request, case: Case, bound=None):
        extra = context(case) if context else None
        return case_page(request, case, template=template, actions=actions, context=extra, bound=bound)

    @permission_required(permission)
    def detail_view(request, pk: int):
        return page(request, get(user=request.user, pk=pk))

    @require_POST
    @permission_required(permission)
    def action_view(request, pk: int, action: str):
        """One form each on the case page (assign, extend, close…); errors re-render that page."""
        case = get(user=request.user, pk=pk)
        return case_post(
            request,
            case,
            action,
            actions=actions,
            detail=detail,
            page=lambda bound: page(request, case, bound),
        )

    return detail_view, action_view
