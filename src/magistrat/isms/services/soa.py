"""The Statement of Applicability: generate a draft from the data, justify, submit, approve."""

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.isms.models import AppliedControl, Catalogue, RiskScenario, SoaEntry, SoaVersion

ANNEX_CATALOGUE = "iso27001"


def _annex_catalogue() -> Catalogue:
    catalogue = Catalogue.objects.filter(code=ANNEX_CATALOGUE).order_by("-version").first()
    if catalogue is None:
        raise ServiceError(_("The ISO/IEC 27001 catalogue is not loaded: run magistrat load_reference."))
    return catalogue


def _derived(catalogue: Catalogue) -> dict[int, dict]:
    """Per Annex A control: the applied controls, the risks they treat and their evidence."""
    controls = (
        AppliedControl.objects.filter(reference__catalogue=catalogue)
        .exclude(status=AppliedControl.Status.RETIRED)
        .select_related("owner")
        .prefetch_related(
            "evidence__revisions",
            Prefetch("risks", queryset=RiskScenario.objects.select_related("assessment").order_by("code")),
        )
        .order_by("name")
    )
    derived: dict[int, dict] = {}
    for control in controls:
        assert control.reference_id is not None  # filtered on the catalogue above
        item = derived.setdefault(
            control.reference_id, {"controls": [], "risks": {}, "evidence": [], "owners": [], "statuses": []}
        )
        item["controls"].append({"name": control.name, "status": control.status})
        item["statuses"].append(control.status)
        owner = control.owner.get_full_name() or control.owner.get_username()
        if owner not in item["owners"]:
            item["owners"].append(owner)
        for risk in control.risks.all():
            item["risks"][risk.code] = {
                "code": risk.code,
                "title": risk.title,
                "residual": risk.level("residual")["id"],
            }
        for evidence in control.evidence.all():
            latest = evidence.latest()
            if latest is not None:
                item["evidence"].append(
                    {
                        "title": evidence.title,
                        "revision": latest.number,
                        "file": latest.filename,
                        "sha256": latest.sha256,
                    }
                )
    return derived


def _implementation(statuses: list[str], applicable: bool) -> str:
    if not applicable:
        return SoaEntry.Implementation.NOT_APPLICABLE
    if statuses and all(s == AppliedControl.Status.IMPLEMENTED for s in statuses):
        return SoaEntry.Implementation.IMPLEMENTED
    if any(s in (AppliedControl.Status.IMPLEMENTED, AppliedControl.Status.IN_PROGRESS) for s in statuses):
        return SoaEntry.Implementation.PARTIAL
    return SoaEntry.Implementation.NOT_STARTED


def _apply_derived(entry: SoaEntry, item: dict | None) -> None:
    item = item or {"controls": [], "risks": {}, "evidence": [], "owners": [], "statuses": []}
    entry.applied_controls = item["controls"]
    entry.linked_risks = list(item["risks"].values())
    entry.linked_evidence = item["evidence"]
    entry.owners = ", ".join(item["owners"])[:300]
    entry.implementation = _implementation(item["statuses"], entry.applicable)


@transaction.atomic
def soa_generate(*, by, scope: str = "") -> SoaVersion:
    """A new draft: every Annex A control, with the last approved version's decisions carried over."""
    if SoaVersion.objects.filter(state__in=[SoaVersion.State.DRAFT, SoaVersion.State.SUBMITTED]).exists():
        raise ServiceError(_("A draft already exists: finish or discard it first."))
    catalogue = _annex_catalogue()
    previous = SoaVersion.objects.filter(state=SoaVersion.State.APPROVED).first()
    carried = {e.control.ref: e for e in previous.entries.select_related("control")} if previous else {}
    number = (SoaVersion.objects.aggregate(last=Max("number"))["last"] or 0) + 1
    version = SoaVersion.objects.create(
        number=number, catalogue=catalogue, created_by=by, scope=scope or (previous.scope if previous else "")
    )
    derived = _derived(catalogue)
    entries = []
    for control in catalogue.entries.filter(kind="control").order_by("position"):
        item = derived.get(control.pk)
        before = carried.get(control.ref)
        entry = SoaEntry(version=version, control=control)
        if before is not None:
            entry.applicable, entry.reasons, entry.justification = (
                before.applicable,
                before.reasons,
                before.justification,
            )
        else:
            entry.applicable = item is not None
            entry.reasons = [SoaEntry.Reason.RISK] if item and item["risks"] else []
        _apply_derived(entry, item)
        entries.append(entry)
    SoaEntry.objects.bulk_create(entries)
    log_action(version, "isms.soa.generated", data={"entries": len(entries), "carried_over": len(carried)})
    return version


def _require_draft(version: SoaVersion) -> None:
    if not version.is_editable:
        raise ServiceError(_("Only a draft can be changed."))


@transaction.atomic
def soa_refresh(*, version: SoaVersion) -> SoaVersion:
    """Bring the draft's controls, risks, evidence and implementation up to date with the data."""
    _require_draft(version)
    derived = _derived(version.catalogue)
    for entry in version.entries.select_for_update():
        _apply_derived(entry, derived.get(entry.control_id))
        entry.save()
    log_action(version, "isms.soa.refreshed", data={"number": version.number})
    return version


@transaction.atomic
def soa_entry_update(
    *, entry: SoaEntry, applicable: bool, reasons: list[str], justification: str
) -> SoaEntry:
    _require_draft(entry.version)
    unknown = set(reasons) - set(SoaEntry.Reason.values)
    if unknown:
        raise ServiceError(_("Unknown reason."), field="reasons")
    if applicable and not reasons:
        raise ServiceError(_("Say why the control is included."), field="reasons")
    entry.applicable = applicable
    entry.reasons = list(reasons) if applicable else []
    entry.justification = justification.strip()
    if not applicable:
        entry.implementation = SoaEntry.Implementation.NOT_APPLICABLE
    elif entry.implementation == SoaEntry.Implementation.NOT_APPLICABLE:
        entry.implementation = _implementation([c["status"] for c in entry.applied_controls], True)
    entry.save()
    log_action(
        entry,
        "isms.soa.entry_decided",
        data={
            "number": entry.version.number,
            "control": entry.control.ref,
            "applicable": entry.applicable,
            "reasons": entry.reasons,
            "justification": entry.justification,
        },
    )
    return entry


def _check_justified(version: SoaVersion) -> None:
    missing = list(
        version.entries.filter(justification="")
        .order_by("control__position")
        .values_list("control__ref", flat=True)
    )
    if missing:
        shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
        raise ServiceError(
            _("%(count)d controls have no justification: %(refs)s.") % {"count": len(missing), "refs": shown}
        )


@transaction.atomic
def soa_submit(*, version: SoaVersion) -> SoaVersion:
    _require_draft(version)
    _check_justified(version)
    version.state, version.submitted_at = SoaVersion.State.SUBMITTED, timezone.now()
    version.save()
    log_action(version, "isms.soa.submitted", data={"number": version.number})
    return version


@transaction.atomic
def soa_return(*, version: SoaVersion, note: str) -> SoaVersion:
    """Leadership sends the submitted draft back, saying what to change."""
    if version.state != SoaVersion.State.SUBMITTED:
        raise ServiceError(_("Only a submitted version can be returned."))
    if not note.strip():
        raise ServiceError(_("Say what should change."), field="note")
    version.state, version.approval_note = SoaVersion.State.DRAFT, note.strip()
    version.save()
    log_action(version, "isms.soa.returned", data={"number": version.number, "note": version.approval_note})
    return version


@transaction.atomic
def soa_approve(*, version: SoaVersion, by, note: str = "") -> SoaVersion:
    """Approve the submitted version; the one approved before it is superseded."""
    _check_justified(version)
    if version.state != SoaVersion.State.SUBMITTED:
        raise ServiceError(_("Only a version submitted for approval can be approved."))
    for previous in SoaVersion.objects.select_for_update().filter(state=SoaVersion.State.APPROVED):
        previous.state = SoaVersion.State.SUPERSEDED
        previous.save()
    version.state, version.approved_by, version.approved_at = SoaVersion.State.APPROVED, by, timezone.now()
    version.approval_note = note.strip()
    version.save()
    log_action(version, "isms.soa.approved", data={"number": version.number})
    return version


@transaction.atomic
def soa_discard(*, version: SoaVersion) -> None:
    _require_draft(version)
    log_action(version, "isms.soa.discarded", data={"number": version.number})
    SoaEntry.objects.filter(version=version).delete()
    version.delete()
