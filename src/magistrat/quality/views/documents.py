"""Controlled documents' pages: the register (filters, export), a document with its versions and
distribution, writing and approving versions, downloads, the staff member's "my documents" with
acknowledgements, and the acknowledgement status for unit heads and the quality manager."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.exports import tabular_response
from magistrat.core.permissions import (
    may,
    object_permission_required,
    permission_required,
    require_may,
    signed_in,
)
from magistrat.core.uploads import check_upload
from magistrat.quality import document_selectors as selectors
from magistrat.quality.addressing import is_addressed
from magistrat.quality.document_forms import (
    ApproveForm,
    DistributionForm,
    DocumentForm,
    NoteForm,
    VersionForm,
)
from magistrat.quality.models import Distribution, Document, DocumentVersion
from magistrat.quality.services import documents as services

MANAGE, VIEW = "quality.manage_quality", "quality.view_quality"


def _filters(request) -> selectors.DocumentFilters:
    kind = request.GET.get("kind", "")
    return selectors.DocumentFilters(
        kind=kind if kind in Document.Kind.values else "",
        unit=request.GET.get("unit", "").strip()[:30],
        review_due=request.GET.get("review_due") == "1",
        query=request.GET.get("q", "").strip()[:100],
    )


@permission_required(VIEW)
def document_list(request):
    filters = _filters(request)
    documents = selectors.document_list(user=request.user, filters=filters)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "kinds": Document.Kind.choices,
        "today": timezone.localdate(),
        "can_manage": may(request.user, MANAGE),
    }
    template = "quality/document_list.html#results" if request.htmx else "quality/document_list.html"
    return render(request, template, context)


@permission_required(VIEW)
def document_export(request):
    filters = _filters(request)
    headers = [
        _("Number"),
        _("Title"),
        _("Kind"),
        _("Owner"),
        _("Unit"),
        _("Current version"),
        _("Effective from"),
        _("Next review"),
        _("JRWA class symbol"),
        _("Archive category"),
    ]

    def rows():
        for d in selectors.document_list(user=request.user, filters=filters):
            current = d.current_versions[0] if d.current_versions else None
            yield [
                d.number,
                d.title,
                d.get_kind_display(),
                d.owner.get_full_name() or d.owner.get_username(),
                str(d.unit),
                current.number if current else "",
                current.effective_on if current else None,
                d.next_review_on,
                d.jrwa_symbol,
                d.archive_category,
            ]

    return tabular_response(
        name="documents",
        headers=headers,
        rows=rows(),
        request=request,
        action="quality.document.exported",
        filters={
            "kind": filters.kind,
            "unit": filters.unit,
            "review_due": filters.review_due,
            "q": filters.query,
        },
    )


@permission_required(MANAGE)
def document_create(request):
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Document registered. Upload its first version."))
            return redirect("quality:version_create", pk=document.pk)
    return render(
        request,
        "quality/form_page.html",
        {
            "form": form,
            "title": _("New controlled document"),
            "back": reverse("quality:document_list"),
            "submit": _("Register"),
        },
        status=400 if form.errors else 200,
    )


@object_permission_required(VIEW)
def document_detail(request, pk: int):
    document = selectors.document_get(user=request.user, pk=pk)
    can_act = may(request.user, MANAGE, document)
    versions = list(document.versions.select_related("author", "approved_by"))
    my_acks = set(document.versions.filter(acknowledgements__user=request.user).values_list("pk", flat=True))
    context = {
        "document": document,
        "versions": versions,
        "current": next((v for v in versions if v.state == DocumentVersion.State.CURRENT), None),
        "distribution": document.distribution.select_related("unit", "position", "person"),
        "can_act": can_act,
        "may_approve": can_act,
        "addressed": is_addressed(request.user, document),
        "my_acks": my_acks,
        "counts": selectors.acknowledgement_counts(document) if can_act or may(request.user, VIEW) else None,
        "approve_form": ApproveForm(initial={"effective_on": timezone.localdate()}),
        "note_form": NoteForm(),
        "distribution_form": DistributionForm(),
        "today": timezone.localdate(),
    }
    return render(request, "quality/document_detail.html", context)


def _document_to_act_on(request, pk: int) -> Document:
    document = selectors.document_get(user=request.user, pk=pk)
    if not may(request.user, MANAGE, document):
        raise Http404
    return document


@object_permission_required(MANAGE)
def version_create(request, pk: int):
    document = _document_to_act_on(request, pk)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            checked = check_upload(form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            try:
                services.version_draft(
                    document=document,
                    by=request.user,
                    file=checked,
                    change_note=form.cleaned_data["change_note"],
                )
            except ServiceError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("Draft saved. Submit it for approval when ready."))
                return redirect("quality:document_detail", pk=document.pk)
    return render(
        request,
        "quality/form_page.html",
        {
            "form": form,
            "title": _("New version: %(document)s") % {"document": document},
            "back": reverse("quality:document_detail", args=[document.pk]),
            "submit": _("Save the draft"),
            "multipart": True,
        },
        status=400 if form.errors else 200,
    )


STEPS = ("submit", "approve", "return", "discard")


@require_POST
@object_permission_required(MANAGE)
def version_step(request, pk: int, step: str):
    version = get_object_or_404(DocumentVersion.objects.select_related("document"), pk=pk)
    if step not in STEPS or not may(request.user, MANAGE, version):
        raise Http404
    try:
        if step == "submit":
            services.version_submit(version=version, by=request.user)
            done = _("Version submitted for approval.")
        elif step == "approve":
            form = ApproveForm(request.POST)
            if not form.is_valid():
                raise ServiceError(_("Give the date the version takes effect."))
            services.version_approve(
                version=version,
                by=request.user,
                effective_on=form.cleaned_data["effective_on"],
                note=form.cleaned_data["note"],
            )
            done = _("Version approved.")
        elif step == "return":
            note_form = NoteForm(request.POST)
            services.version_return(
                version=version,
                by=request.user,
                note=note_form.cleaned_data["note"] if note_form.is_valid() else "",
            )
            done = _("Version returned to its author.")
        else:
            services.version_discard(version=version, by=request.user)
            done = _("Draft discarded.")
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("quality:document_detail", pk=version.document_id)


@object_permission_required(VIEW)
def version_download(request, pk: int):
    version = selectors.version_get(user=request.user, pk=pk)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    log_action(
        version,
        "quality.document.downloaded",
        data={"number": version.document.number, "version": version.number},
    )
    return FileResponse(
        handle, as_attachment=True, filename=version.filename, content_type=version.content_type
    )


@require_POST
@object_permission_required(VIEW)
def version_acknowledge(request, pk: int):
    version = selectors.version_get(user=request.user, pk=pk)
    try:
        services.version_acknowledge(version=version, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: your acknowledgement is recorded."))
    if request.POST.get("next") == "mine":
        return redirect("quality:document_mine")
    return redirect("quality:document_detail", pk=version.document_id)


@require_POST
@object_permission_required(MANAGE)
def distribution_add(request, pk: int):
    document = _document_to_act_on(request, pk)
    form = DistributionForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Choose one unit, position or person."))
        services.distribution_add(document=document, by=request.user, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Document distributed."))
    return redirect("quality:document_detail", pk=document.pk)


@require_POST
@object_permission_required(MANAGE)
def distribution_remove(request, pk: int):
    distribution = get_object_or_404(Distribution.objects.select_related("document"), pk=pk)
    if not may(request.user, VIEW, distribution.document) or not may(request.user, MANAGE, distribution):
        raise Http404
    services.distribution_remove(distribution=distribution, by=request.user)
    messages.success(request, _("Distribution removed."))
    return redirect("quality:document_detail", pk=distribution.document_id)


@require_POST
@object_permission_required(MANAGE)
def document_reviewed(request, pk: int):
    document = _document_to_act_on(request, pk)
    require_may(request.user, MANAGE, document)
    form = NoteForm(request.POST)
    try:
        services.document_reviewed(
            document=document, by=request.user, note=form.cleaned_data["note"] if form.is_valid() else ""
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Review recorded: the document stays in force."))
    return redirect("quality:document_detail", pk=document.pk)


MINE_DONE_SHOWN = 30  # the latest acknowledgements; all on asking (a long-serving official has hundreds)


@signed_in
def document_mine(request):
    everything = request.GET.get("done") == "all"
    mine = selectors.my_documents(user=request.user, done_shown=None if everything else MINE_DONE_SHOWN)
    context = {
        "to_do": mine.to_do,
        "done": mine.done,
        "done_count": mine.done_count,
        "everything": everything,
        "today": timezone.localdate(),
    }
    return render(request, "quality/document_mine.html", context)


def _ack_filters(request) -> selectors.AckFilters:
    return selectors.AckFilters(
        unit=request.GET.get("unit", "").strip()[:30],
        document=request.GET.get("document", "").strip()[:30],
        outstanding=request.GET.get("outstanding") == "1",
        overdue=request.GET.get("overdue") == "1",
    )


@permission_required(VIEW)
def ack_status(request):
    """Who has not yet acknowledged what: unit heads see their units, the quality manager the office."""
    filters = _ack_filters(request)
    today = timezone.localdate()
    found = selectors.acknowledgements(user=request.user, unit=filters.unit)
    rows = selectors.AckList(found, filters, today)
    page = Paginator(rows, selectors.PAGE_ROWS).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "figures": selectors.ack_figures(found, today),
        "by_unit": selectors.ack_by_unit(found, today),
        "today": today,
    }
    return render(request, "quality/ack_status.html", context)


@permission_required(VIEW)
def ack_export(request):
    filters = _ack_filters(request)
    today = timezone.localdate()
    headers = [
        _("Person"),
        _("Unit"),
        _("Document"),
        _("Version"),
        _("Acknowledge by"),
        _("Acknowledged"),
        _("Status"),
    ]
    rows = (
        [
            str(row.staff),
            str(row.unit) if row.unit else "",
            str(row.version.document),
            row.version.number,
            row.due,
            row.acknowledged_at,
            _("acknowledged") if row.done else (_("overdue") if row.overdue(today) else _("to acknowledge")),
        ]
        for row in selectors.ack_rows(user=request.user, filters=filters, today=today, with_times=True)
    )
    return tabular_response(
        name="acknowledgements",
        headers=headers,
        rows=rows,
        request=request,
        action="quality.ack.exported",
        filters={
            "unit": filters.unit,
            "document": filters.document,
            "outstanding": filters.outstanding,
            "overdue": filters.overdue,
        },
    )
