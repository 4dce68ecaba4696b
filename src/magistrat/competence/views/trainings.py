"""Trainings: the catalogue, a training's page (enrolment, attendance, the four Kirkpatrick levels),
an enrolment's page (rating, tests, behaviour, certificates), certificates' download, my trainings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.competence import mandatory
from magistrat.competence import training_selectors as selectors
from magistrat.competence.effect import effect
from magistrat.competence.forms_training import (
    CertificateForm,
    CompleteForm,
    EnrolForm,
    RatingForm,
    ScoresForm,
    TrainingForm,
)
from magistrat.competence.schedule import direct_reports, direct_superior
from magistrat.competence.services import trainings as services
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.forms import ReasonForm
from magistrat.core.permissions import (
    has_perm,
    object_permission_required,
    permission_required,
    signed_in,
)
from magistrat.core.uploads import check_upload
from magistrat.org.models import Staff

VIEW = "competence.view_competence"
MANAGE = "competence.manage_competence"


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


@signed_in
def training_list(request):
    """The catalogue: for holders of the view permission and superiors (who enrol their reports);
    everyone else is pointed to their own trainings."""
    sees = has_perm(request.user, VIEW) or bool(direct_reports(request.user))
    query = request.GET.get("q", "").strip()[:100]
    trainings = selectors.training_list(year=_year(request), query=query) if sees else []
    context = {
        "trainings": trainings,
        "sees": sees,
        "query": query,
        "year": _year(request) or "",
        "can_manage": has_perm(request.user, MANAGE),
    }
    return render(request, "competence/training_list.html", context)


@permission_required(MANAGE)
def training_create(request):
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        competences = data.pop("competences")
        try:
            training = services.training_create(user=request.user, competences=competences, **data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Training added."))
            return redirect("competence:training_detail", pk=training.pk)
    context = {"form": form, "title": _("Add a training"), "back": "competence:training_list"}
    return render(request, "competence/form.html", context, status=400 if form.errors else 200)


def _enrollable(user):
    """Whom the user may enrol: everyone (HR) or their direct reports."""
    if has_perm(user, MANAGE):
        return (
            Staff.objects.filter(is_active=True)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
    return Staff.objects.filter(pk__in=[s.pk for s in direct_reports(user)]).select_related("user")


@object_permission_required(VIEW)
def training_detail(request, pk: int, enrol_form=None, cancel_form=None):
    training = selectors.training_get(user=request.user, pk=pk)
    enrolments = list(selectors.training_enrolments(user=request.user, training=training))
    enrollable = _enrollable(request.user)
    rule = mandatory.rule_get(training.mandatory_code) if training.mandatory_code else None
    context = {
        "training": training,
        "enrolments": enrolments,
        "taken": training.enrolments.exclude(state="absent").count(),
        "rule": rule,
        "can_manage": has_perm(request.user, MANAGE),
        "enrol_form": enrol_form or (EnrolForm(staff_queryset=enrollable) if enrollable.exists() else None),
        "complete_form": CompleteForm(),
        "cancel_form": cancel_form or ReasonForm(),
        "completed": training.enrolments.filter(state="completed").exists(),
        "effect": effect(training),
        "today": timezone.localdate(),
    }
    status = 400 if enrol_form or cancel_form else 200
    return render(request, "competence/training_detail.html", context, status=status)


@object_permission_required(VIEW)
@require_POST
def training_enrol(request, pk: int):
    training = selectors.training_get(user=request.user, pk=pk)
    form = EnrolForm(request.POST, staff_queryset=_enrollable(request.user))
    if not form.is_valid():
        return training_detail(request, pk, enrol_form=form)
    try:
        services.enrol(user=request.user, training=training, staff=form.cleaned_data["staff"])
    except ServiceError as exc:
        add_to_form(form, exc)
        return training_detail(request, pk, enrol_form=form)
    messages.success(request, _("Enrolled."))
    return redirect("competence:training_detail", pk=training.pk)


@permission_required(MANAGE)
@require_POST
def training_cancel(request, pk: int):
    """HR cancels a training nobody has completed, saying why (enrolled people see it cancelled)."""
    training = selectors.training_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return training_detail(request, pk, cancel_form=form)
    try:
        services.training_cancel(user=request.user, training=training, reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        add_to_form(form, exc)
        return training_detail(request, pk, cancel_form=form)
    messages.success(request, _("The training is cancelled."))
    return redirect("competence:training_detail", pk=training.pk)


@object_permission_required(VIEW)
def enrolment_detail(request, pk: int):
    enrolment = selectors.enrolment_get(user=request.user, pk=pk)
    superior = direct_superior(enrolment.staff)
    context = {
        "enrolment": enrolment,
        "training": enrolment.training,
        "certificates": enrolment.certificates.all(),
        "is_participant": enrolment.staff.user_id == request.user.pk,
        "is_superior": superior is not None and superior.user_id == request.user.pk,
        "can_manage": has_perm(request.user, MANAGE),
        "behaviour_due": services.behaviour_due_on(enrolment),
        "rating_form": RatingForm(),
        "scores_form": ScoresForm(
            initial={"pre_score": enrolment.pre_score, "post_score": enrolment.post_score}
        ),
        "complete_form": CompleteForm(),
        "certificate_form": CertificateForm(),
        "today": timezone.localdate(),
    }
    return render(request, "competence/enrolment_detail.html", context)


ACTIONS = {
    "attend": None,
    "absent": None,
    "complete": CompleteForm,
    "scores": ScoresForm,
    "reaction": RatingForm,
    "behaviour": RatingForm,
    "certificate": CertificateForm,
}


@object_permission_required(VIEW)
@require_POST
def enrolment_action(request, pk: int, action: str):
    """One step on an enrolment; the services decide who may take it (HR, the participant, the
    direct superior) and refuse with the reason."""
    if action not in ACTIONS:
        raise Http404
    enrolment = selectors.enrolment_get(user=request.user, pk=pk)
    back = request.POST.get("next") == "training"
    target = (
        ("competence:training_detail", enrolment.training_id)
        if back
        else ("competence:enrolment_detail", enrolment.pk)
    )
    form_class = ACTIONS[action]
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(*target)
    data = form.cleaned_data if form is not None else {}
    user = request.user
    try:
        if action in ("attend", "absent"):
            services.attendance_record(user=user, enrolment=enrolment, attended=action == "attend")
        elif action == "complete":
            services.enrolment_complete(user=user, enrolment=enrolment, on=data["completed_on"])
        elif action == "scores":
            services.scores_record(user=user, enrolment=enrolment, **data)
        elif action == "reaction":
            services.reaction_submit(user=user, enrolment=enrolment, **data)
        elif action == "behaviour":
            services.behaviour_assess(user=user, enrolment=enrolment, **data)
        else:
            try:
                checked = check_upload(data["file"], kinds=("pdf", "png", "jpeg"))
            except ValidationError as exc:
                raise ServiceError(" ".join(exc.messages), field="file") from exc
            services.certificate_add(
                user=user,
                enrolment=enrolment,
                file=checked,
                issued_on=data["issued_on"],
                valid_until=data["valid_until"],
                number=data["number"],
            )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect(*target)


@object_permission_required(VIEW)
def certificate_download(request, pk: int):
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    try:
        handle = certificate.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    log_action(
        certificate,
        "competence.certificate.downloaded",
        data={"employee": str(certificate.staff), "training": str(certificate.enrolment.training)},
    )
    return FileResponse(
        handle, as_attachment=True, filename=certificate.filename, content_type=certificate.content_type
    )


@signed_in
def my_trainings(request):
    staff = getattr(request.user, "staff", None)
    today = timezone.localdate()
    context = {
        "enrolments": selectors.my_enrolments(user=request.user),
        "mandatory": mandatory.statuses([staff], today).get(staff.pk, []) if staff is not None else [],
        "leaves": staff.training_leaves.all() if staff is not None else [],
        "needs": staff.training_needs.select_related("competence", "plan") if staff is not None else [],
        "to_assess": selectors.report_enrolments_to_assess(user=request.user, today=today),
        "rating_form": RatingForm(),
        "today": today,
    }
    return render(request, "competence/my_trainings.html", context)
