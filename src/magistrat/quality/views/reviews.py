"""The management review's pages: the list, preparing a review, its pack (live while in
preparation, frozen once held) with comments, holding it, its decisions, PDF and DOCX."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.docx import docx_response
from magistrat.core.exceptions import ServiceError, run_service
from magistrat.core.pdf import pdf_response
from magistrat.core.permissions import has_perm, may, object_permission_required, permission_required
from magistrat.quality.models import ManagementReview
from magistrat.quality.review_forms import CommentForm, DecisionForm, HoldForm, ReviewForm
from magistrat.quality.review_inputs import compile_pack
from magistrat.quality.services import reviews as services

VIEW, MANAGE = "quality.view_quality", "quality.manage_quality"


def _review(request, pk: int, perm: str = VIEW) -> ManagementReview:
    """A review is the whole office's (like the context and the process map): every holder of
    `quality.view_quality` reads it, whatever their units; the quality manager prepares it."""
    if not has_perm(request.user, perm):
        raise Http404
    return get_object_or_404(ManagementReview.objects.select_related("chair"), pk=pk)


def _pack(review: ManagementReview) -> dict:
    if review.pack is not None:
        return review.pack
    return compile_pack(start=review.period_start, end=review.period_end, comments=review.comments)


@permission_required(VIEW)
def review_list(request):
    reviews = ManagementReview.objects.select_related("chair")
    return render(
        request, "quality/review_list.html", {"reviews": reviews, "can_manage": may(request.user, MANAGE)}
    )


@permission_required(MANAGE)
def review_create(request):
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and (
        review := run_service(
            request,
            form,
            lambda: services.review_prepare(by=request.user, **form.cleaned_data),
            _("Review prepared."),
        )
    ):
        return redirect("quality:review_detail", pk=review.pk)
    context = {
        "form": form,
        "title": _("Prepare a management review"),
        "submit": _("Prepare"),
        "back": reverse("quality:review_list"),
    }
    return render(request, "quality/form_page.html", context, status=400 if form.errors else 200)


@object_permission_required(VIEW)
def review_detail(request, pk: int, hold_form=None, decision_form=None):
    review = _review(request, pk)
    manage = may(request.user, MANAGE, review)
    draft = review.state == ManagementReview.State.DRAFT
    context = {
        "review": review,
        "pack": _pack(review),
        "decisions": review.decisions.select_related("action", "action__owner"),
        "can_manage": manage,
        "hold_form": (hold_form or HoldForm()) if manage and draft else None,
        "decision_form": (decision_form or DecisionForm()) if manage and not draft else None,
    }
    status = 400 if (hold_form and hold_form.errors) or (decision_form and decision_form.errors) else 200
    return render(request, "quality/review_detail.html", context, status=status)


def _managed(request, pk: int) -> ManagementReview:
    return _review(request, pk, MANAGE)


@require_POST
@object_permission_required(MANAGE)
def review_comment(request, pk: int):
    review = _managed(request, pk)
    form = CommentForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("The comment could not be saved: check its text."))
        services.review_comment(by=request.user, review=review, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Comment saved."))
    return redirect(
        reverse("quality:review_detail", args=[review.pk]) + f"#clause-{slugify(form.data.get('clause', ''))}"
    )


@require_POST
@object_permission_required(MANAGE)
def review_hold(request, pk: int):
    review = _managed(request, pk)
    form = HoldForm(request.POST)
    if run_service(
        request,
        form,
        lambda: services.review_hold(by=request.user, review=review, **form.cleaned_data),
        _("The review is held; its pack is frozen."),
    ):
        return redirect("quality:review_detail", pk=review.pk)
    return review_detail(request, pk, hold_form=form)


@require_POST
@object_permission_required(MANAGE)
def review_decide(request, pk: int):
    review = _managed(request, pk)
    form = DecisionForm(request.POST)
    if run_service(
        request,
        form,
        lambda: services.review_decide(by=request.user, review=review, **form.cleaned_data),
        _("Decision recorded."),
    ):
        return redirect("quality:review_detail", pk=review.pk)
    return review_detail(request, pk, decision_form=form)


@object_permission_required(VIEW)
def review_pdf(request, pk: int):
    review = _review(request, pk)
    context = {
        "review": review,
        "pack": _pack(review),
        "decisions": review.decisions.select_related("action"),
    }
    return pdf_response(
        request,
        template="quality/review_pdf.html",
        context=context,
        filename=f"przeglad-zarzadzania-{review.period_end:%Y-%m-%d}",
        action="quality.review.exported",
        data={"review": review.title, "format": "pdf"},
    )


@object_permission_required(VIEW)
def review_docx(request, pk: int):
    review = _review(request, pk)
    pack = _pack(review)

    def build(doc):
        doc.heading(review.title, 0)
        doc.paragraph(_("Period: %(start)s – %(end)s") % {"start": pack["start"], "end": pack["end"]})
        if review.pack_hash:
            doc.paragraph(
                _("Held on %(day)s; SHA-256 of the pack: %(hash)s")
                % {"day": review.held_on, "hash": review.pack_hash}
            )
        for section in pack["sections"]:
            doc.heading(f"{section['clause']} {section['title']}", 1)
            rows = [
                [entry["label"], figure["label"], figure["value"]]
                for entry in section["inputs"]
                for figure in entry["figures"]
            ]
            if rows:
                doc.table([_("Source"), _("Figure"), _("Value")], rows)
            if section["comment"]:
                doc.paragraph(section["comment"])
        if review.conclusions:
            doc.heading(_("Conclusions"), 1)
            doc.paragraph(review.conclusions)
        decisions = list(review.decisions.select_related("action"))
        if decisions:
            doc.heading(_("Decisions"), 1)
            doc.table(
                [_("Kind"), _("Decision"), _("Action")],
                [[d.get_kind_display(), d.text, d.action.title if d.action else ""] for d in decisions],
            )

    return docx_response(
        build=build,
        filename=f"przeglad-zarzadzania-{review.period_end:%Y-%m-%d}",
        action="quality.review.exported",
        data={"review": review.title, "format": "docx"},
    )
