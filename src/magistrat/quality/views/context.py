"""The context of the office and the quality policy: issues and interested parties, the context
reviews (frozen versions), the policy in force with its versions, drafting and approval."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError, run_service
from magistrat.core.permissions import may, permission_required, signed_in
from magistrat.quality import risk_selectors as selectors
from magistrat.quality.context_forms import ContextReviewForm, IssueForm, PartyForm, PolicyForm
from magistrat.quality.models import ContextIssue, ContextReview, InterestedParty, PolicyVersion
from magistrat.quality.services import context as services

VIEW, MANAGE, APPROVE = "quality.view_quality", "quality.manage_quality", "quality.approve_policy"


def _form_page(request, form, *, title: str, submit: str, back: str):
    context = {"form": form, "title": title, "submit": submit, "back": back}
    return render(request, "quality/form_page.html", context, status=400 if form.errors else 200)


@permission_required(VIEW)
def context_overview(request):
    context = selectors.context_current() | {
        "reviews": ContextReview.objects.select_related("reviewed_by")[:20],
        "due": selectors.reviews_due(today=timezone.localdate()),
        "can_manage": may(request.user, MANAGE),
    }
    return render(request, "quality/context.html", context)


def _record_form(request, form_class, record, fields, save, *, title: str):
    initial = {name: getattr(record, name) for name in fields} if record else None
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and run_service(
        request, form, lambda: save(by=request.user, **form.cleaned_data), _("Saved.")
    ):
        return redirect("quality:context")
    return _form_page(request, form, title=title, submit=_("Save"), back=reverse("quality:context"))


@permission_required(MANAGE)
def issue_edit(request, pk: int | None = None):
    issue = get_object_or_404(ContextIssue, pk=pk) if pk else None
    return _record_form(
        request,
        IssueForm,
        issue,
        services.ISSUE_FIELDS,
        lambda **values: services.issue_save(issue=issue, **values),
        title=_("Context issue"),
    )


@permission_required(MANAGE)
def party_edit(request, pk: int | None = None):
    party = get_object_or_404(InterestedParty, pk=pk) if pk else None
    return _record_form(
        request,
        PartyForm,
        party,
        services.PARTY_FIELDS,
        lambda **values: services.party_save(party=party, **values),
        title=_("Interested party"),
    )


@permission_required(MANAGE)
def context_review(request):
    last = ContextReview.objects.first()
    initial = {"scope": last.scope, "exclusions": last.exclusions} if last else None
    form = ContextReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and (
        review := run_service(
            request,
            form,
            lambda: services.context_review(by=request.user, **form.cleaned_data),
            _("The context is reviewed."),
        )
    ):
        return redirect("quality:context_version", pk=review.pk)
    return _form_page(
        request,
        form,
        title=_("Review the context"),
        submit=_("Record the review"),
        back=reverse("quality:context"),
    )


@permission_required(VIEW)
def context_version(request, pk: int):
    review = get_object_or_404(ContextReview.objects.select_related("reviewed_by"), pk=pk)
    return render(request, "quality/context_version.html", {"review": review})


@signed_in
def policy(request):
    """The quality policy in force, for every member of staff (ISO 9001 5.2.2 b: communicated and
    understood); its versions and the draft for those who manage or approve it."""
    oversee = may(request.user, MANAGE) or may(request.user, APPROVE) or may(request.user, VIEW)
    context = {
        "current": selectors.policy_in_force(),
        "draft": selectors.policy_draft_waiting() if oversee else None,
        "versions": PolicyVersion.objects.exclude(state=PolicyVersion.State.DRAFT).select_related(
            "approved_by"
        )
        if oversee
        else [],
        "can_manage": may(request.user, MANAGE),
        "can_approve": may(request.user, APPROVE),
    }
    return render(request, "quality/policy.html", context)


@permission_required(MANAGE)
def policy_draft(request):
    draft = selectors.policy_draft_waiting() or selectors.policy_in_force()
    initial = {"text": draft.text, "review_on": draft.review_on} if draft else None
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.policy_draft(by=request.user, **form.cleaned_data),
        _("The draft is saved. Leadership approves it."),
    ):
        return redirect("quality:policy")
    return _form_page(
        request,
        form,
        title=_("Draft the quality policy"),
        submit=_("Save the draft"),
        back=reverse("quality:policy"),
    )


@require_POST
@permission_required(APPROVE)
def policy_approve(request, pk: int):
    from django.contrib import messages

    version = get_object_or_404(PolicyVersion, pk=pk)
    try:
        services.policy_approve(by=request.user, version=version)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The quality policy version %(number)d is in force.") % {"number": version.number}
        )
    return redirect("quality:policy")
