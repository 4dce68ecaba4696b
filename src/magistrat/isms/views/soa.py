"""The Statement of Applicability: versions, editing a draft, submission, approval, exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError
from magistrat.core.exports import tabular_response
from magistrat.core.pdf import pdf_response
from magistrat.core.permissions import has_perm, permission_required
from magistrat.isms import selectors
from magistrat.isms.forms import NoteForm, SoaEntryForm
from magistrat.isms.models import SoaEntry, SoaVersion
from magistrat.isms.services import soa as services


@permission_required("isms.view_isms")
def soa_list(request):
    return render(
        request, "isms/soa_list.html", {"versions": SoaVersion.objects.select_related("approved_by")}
    )


@require_POST
@permission_required("isms.manage_isms")
def soa_generate(request):
    try:
        version = services.soa_generate(by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("isms:soa_list")
    messages.success(request, _("Draft generated from the current data."))
    return redirect("isms:soa_detail", number=version.number)


def _entries(version: SoaVersion):
    return version.entries.select_related("control").order_by("control__position")


@permission_required("isms.view_isms")
def soa_detail(request, number: int):
    version = get_object_or_404(SoaVersion.objects.select_related("created_by", "approved_by"), number=number)
    entries = list(_entries(version))
    context = {
        "version": version,
        "entries": entries,
        "missing": sum(1 for e in entries if not e.justification),
        "applicable": sum(1 for e in entries if e.applicable),
        "can_edit": version.is_editable and has_perm(request.user, "isms.manage_isms"),
        "can_approve": version.state == SoaVersion.State.SUBMITTED
        and has_perm(request.user, "isms.approve_soa"),
        "note_form": NoteForm(),
        # What the version changes against the last approved one, for the approver above all.
        "diff": selectors.soa_diff(version),
    }
    return render(request, "isms/soa_detail.html", context)


@permission_required("isms.manage_isms")
def soa_entry(request, number: int, pk: int):
    """One control of a draft: the edit form (htmx) and saving it; the row comes back."""
    entry = get_object_or_404(
        SoaEntry.objects.select_related("version", "control"), pk=pk, version__number=number
    )
    if not entry.version.is_editable:
        raise PermissionDenied
    initial = {
        "applicable": "yes" if entry.applicable else "no",
        "reasons": entry.reasons,
        "justification": entry.justification,
    }
    form = SoaEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.soa_entry_update(entry=entry, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if request.htmx:
                return render(
                    request,
                    "isms/soa_detail.html#row",
                    {"entry": entry, "can_edit": True, "version": entry.version},
                )
            return redirect("isms:soa_detail", number=number)
    template = "isms/soa_detail.html#entry_form" if request.htmx else "isms/soa_entry.html"
    return render(
        request,
        template,
        {"entry": entry, "form": form, "version": entry.version},
        status=400 if form.errors else 200,
    )


ACTIONS = {
    "refresh": (
        "isms.manage_isms",
        lambda v, r, note: services.soa_refresh(version=v),
        _lazy("Draft refreshed from the data."),
    ),
    "submit": (
        "isms.manage_isms",
        lambda v, r, note: services.soa_submit(version=v),
        _lazy("Submitted for approval."),
    ),
    "return": (
        "isms.approve_soa",
        lambda v, r, note: services.soa_return(version=v, note=note),
        _lazy("Returned to the author."),
    ),
    "approve": (
        "isms.approve_soa",
        lambda v, r, note: services.soa_approve(version=v, by=r.user, note=note),
        _lazy("Approved."),
    ),
    "discard": (
        "isms.manage_isms",
        lambda v, r, note: services.soa_discard(version=v),
        _lazy("Draft discarded."),
    ),
}


@require_POST
@permission_required("isms.view_isms")
def soa_action(request, number: int, action: str):
    version = get_object_or_404(SoaVersion, number=number)
    if action not in ACTIONS:
        return redirect("isms:soa_detail", number=number)
    perm, run, success = ACTIONS[action]
    if not has_perm(request.user, perm):
        raise PermissionDenied
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        run(version, request, note)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("isms:soa_detail", number=number)
    messages.success(request, success)
    return redirect("isms:soa_list") if action == "discard" else redirect("isms:soa_detail", number=number)


def _export_rows(entries):
    for e in entries:
        yield [
            e.control.ref,
            e.control.title.get("pl", ""),
            e.control.title.get("en", ""),
            _("yes") if e.applicable else _("no"),
            ", ".join(e.reason_labels()),
            e.justification,
            e.get_implementation_display(),
            e.owners,
            "; ".join(c["name"] for c in e.applied_controls),
            "; ".join(f"{r['code']} {r['title']}" for r in e.linked_risks),
            "; ".join(f"{x['title']} (r{x['revision']}, {x['file']})" for x in e.linked_evidence),
        ]


@permission_required("isms.view_isms")
def soa_export(request, number: int, fmt: str):
    version = get_object_or_404(SoaVersion.objects.select_related("approved_by", "created_by"), number=number)
    entries = list(_entries(version))
    data = {"number": version.number, "state": version.state}
    if fmt == "pdf":
        return pdf_response(
            request,
            template="isms/soa_pdf.html",
            context={"version": version, "entries": entries},
            filename=f"soa-v{version.number}",
            action="isms.soa.exported",
            data=data | {"format": "pdf"},
        )
    approved = (
        _("approved %(date)s by %(name)s")
        % {
            "date": f"{version.approved_at:%Y-%m-%d}",
            "name": version.approved_by.get_full_name() or version.approved_by,
        }
        if version.approved_at and version.approved_by
        else version.get_state_display()
    )
    headers = [
        _("control"),
        _("title (pl)"),
        _("title (en)"),
        _("applicable"),
        _("reasons for inclusion"),
        _("justification"),
        _("implementation"),
        _("owner"),
        _("applied controls"),
        _("risks"),
        _("evidence"),
    ]
    return tabular_response(
        name=f"soa-v{version.number}",
        headers=headers,
        rows=_export_rows(entries),
        fmt="xlsx" if fmt == "xlsx" else "csv",
        request=request,
        action="isms.soa.exported",
        filters=data,
        preamble=[
            [_("Statement of Applicability"), f"v{version.number}", str(version.catalogue)],
            [_("State"), approved],
            [_("Scope of the ISMS"), version.scope],
        ],
    )
