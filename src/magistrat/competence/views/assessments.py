"""Pages of periodic assessments: the register, the employee's and superior's own page, one
assessment with its steps, the PDF for the personnel file, and the list of who is due."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.competence import selectors
from magistrat.competence.forms import AppealForm, DecisionForm, DeliveryForm, MarksForm, SecondNegativeForm
from magistrat.competence.models import Assessment
from magistrat.competence.schedule import staff_for_plan
from magistrat.competence.services import assessments as services
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.exports import tabular_response
from magistrat.core.pdf import pdf_response
from magistrat.core.permissions import (
    get_for,
    has_perm,
    may,
    object_permission_required,
    permission_required,
    signed_in,
)

VIEW = "competence.view_competence"
MANAGE = "competence.manage_competence"


@permission_required(VIEW)
def overview(request):
    state = request.GET.get("state", "")
    state = state if state in Assessment.State.values else ""
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.assessment_list(user=request.user, state=state, query=query), 50).get_page(
        request.GET.get("page")
    )
    due = selectors.due_rows(user=request.user, statuses=("overdue", "due_soon", "no_superior"), limit=200)
    context = {
        "page": page,
        "state": state,
        "query": query,
        "states": Assessment.State.choices,
        "due": due,
        "can_manage": has_perm(request.user, MANAGE),
    }
    return render(request, "competence/overview.html", context)


@permission_required(VIEW)
def due_export(request):
    """Every official and non-official of the user's units with who assesses them and when."""
    rows = (
        [
            r.staff.employee_number,
            str(r.staff),
            r.staff.position.name,
            r.staff.position.get_category_display(),
            str(r.superior or ""),
            r.status_label,
            r.excluded,
            r.timing.previous.assessed_on if r.timing and r.timing.previous else None,
            r.timing.earliest if r.timing else None,
            r.timing.due_by if r.timing else None,
        ]
        for r in selectors.due_rows(user=request.user)
    )
    headers = [
        _("employee number"),
        _("name"),
        _("position"),
        _("employment category"),
        _("direct superior"),
        _("status"),
        _("why not assessed"),
        _("last assessment made on"),
        _("next not before"),
        _("next due by"),
    ]
    return tabular_response(
        name="assessments-due", headers=headers, rows=rows, request=request, action="competence.due.exported"
    )


@signed_in
def mine(request):
    """The employee's own assessments and, for a superior, their direct reports."""
    context = {
        "own": selectors.my_assessments(user=request.user),
        "reports": selectors.report_rows(user=request.user),
        "made": selectors.assessed_by(user=request.user).exclude(state=Assessment.State.ANNULLED)[:50],
    }
    return render(request, "competence/mine.html", context)


@object_permission_required(MANAGE)
@require_POST
def assessment_start(request, staff_pk: int):
    employee = get_for(request.user, MANAGE, staff_for_plan(), pk=staff_pk)
    try:
        assessment = services.assessment_start(user=request.user, employee=employee)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("competence:mine")
    messages.success(request, _("Assessment of %(person)s started.") % {"person": employee})
    return redirect("competence:assessment_marks", pk=assessment.pk)


def _flags(user, assessment: Assessment) -> dict:
    is_employee = assessment.employee.user_id == user.pk
    appeal = getattr(assessment, "appeal", None)
    return {
        "is_employee": is_employee,
        "can_mark": assessment.state == Assessment.State.DRAFT and assessment.superior_id == user.pk,
        "can_deliver": assessment.state in (Assessment.State.ISSUED, Assessment.State.DELIVERED)
        and (assessment.delivered_on is None or assessment.delivered_to_head_on is None)
        and may(user, MANAGE, assessment),
        "can_confirm": is_employee and assessment.state == Assessment.State.ISSUED,
        "can_appeal": is_employee and assessment.may_appeal(),
        "can_decide": appeal is not None and not appeal.decision and may(user, MANAGE, appeal),
        "can_record_second_negative": assessment.second_negative
        and not assessment.second_negative_handled_on
        and has_perm(user, MANAGE),
    }


@object_permission_required(VIEW)
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    services.assessment_viewed(user=request.user, assessment=assessment)
    context = {
        "assessment": assessment,
        "appeal": getattr(assessment, "appeal", None),
        "marks": assessment.marks_table(),
        "delivery_form": DeliveryForm(),
        "appeal_form": AppealForm(),
        "decision_form": DecisionForm(),
        "second_negative_form": SecondNegativeForm(),
        **_flags(request.user, assessment),
    }
    return render(request, "competence/assessment_detail.html", context)


@object_permission_required(VIEW)
def assessment_pdf(request, pk: int):
    """The assessment for the personnel file (part B)."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if assessment.assessed_on is None:
        raise Http404
    services.assessment_viewed(user=request.user, assessment=assessment, what="pdf")
    return pdf_response(
        request,
        template="competence/assessment_pdf.html",
        context={
            "assessment": assessment,
            "marks": assessment.marks_table(),
            "appeal": getattr(assessment, "appeal", None),
        },
        filename=f"ocena-okresowa-{assessment.employee.employee_number}-{assessment.assessed_on:%Y%m%d}",
        action="competence.assessment.pdf_downloaded",
        data={"employee": str(assessment.employee), "assessment": assessment.pk},
    )


@object_permission_required(MANAGE)
def assessment_marks(request, pk: int):
    """The superior fills in the marks; "make the assessment" issues it."""
    assessment = get_for(
        request.user, MANAGE, Assessment.objects.select_related("order", "employee__user"), pk=pk
    )
    form = MarksForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                user=request.user,
                assessment=assessment,
                marks=form.marks(),
                conclusions=form.cleaned_data["conclusions"],
            )
            if "issue" in request.POST:
                services.assessment_issue(user=request.user, assessment=assessment)
                messages.success(request, _("The assessment is made: deliver it without delay."))
                return redirect("competence:assessment_detail", pk=assessment.pk)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Marks saved."))
            return redirect("competence:assessment_marks", pk=assessment.pk)
    status = 400 if form.errors else 200
    return render(
        request, "competence/assessment_marks.html", {"assessment": assessment, "form": form}, status=status
    )


def _run(request, action, form=None) -> None:
    """One step posted from the assessment's page: its form's errors, or the service's refusal, or
    "Saved." as a message on the page it returns to."""
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return
    try:
        action()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))


@object_permission_required(MANAGE)
@require_POST
def assessment_action(request, pk: int, action: str):
    """The superior's, HR's and the head's steps: delivery, the appeal decision, ust. 9."""
    assessment = get_for(
        request.user, MANAGE, Assessment.objects.select_related("employee__user", "order"), pk=pk
    )
    if action == "deliver":
        form = DeliveryForm(request.POST)
        _run(
            request,
            lambda: services.assessment_deliver(
                user=request.user, assessment=assessment, **form.cleaned_data
            ),
            form=form,
        )
    elif action == "decide":
        appeal = getattr(assessment, "appeal", None)
        decision = DecisionForm(request.POST)
        if appeal is None:
            messages.error(request, _("There is no appeal against this assessment."))
        else:
            _run(
                request,
                lambda: services.appeal_decide(
                    user=request.user,
                    appeal=appeal,
                    decision=decision.cleaned_data["decision"],
                    reasons=decision.cleaned_data["reasons"],
                    changed_outcome=decision.cleaned_data["changed_outcome"],
                ),
                form=decision,
            )
    elif action == "second-negative":
        second = SecondNegativeForm(request.POST)
        _run(
            request,
            lambda: services.second_negative_record(
                user=request.user, assessment=assessment, note=second.cleaned_data["note"]
            ),
            form=second,
        )
    else:
        raise Http404
    return redirect("competence:assessment_detail", pk=assessment.pk)


@object_permission_required(VIEW)
@require_POST
def assessment_respond(request, pk: int, action: str):
    """The employee's steps: confirming receipt, filing an appeal (art. 27 ust. 5)."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if action == "confirm":
        _run(
            request,
            lambda: services.assessment_confirm_receipt(user=request.user, assessment=assessment),
        )
    elif action == "appeal":
        form = AppealForm(request.POST)
        _run(
            request,
            lambda: services.appeal_file(
                user=request.user, assessment=assessment, reasons=form.cleaned_data["reasons"]
            ),
            form=form,
        )
    else:
        raise Http404
    return redirect("competence:assessment_detail", pk=assessment.pk)
