"""Writes to applied controls, their evidence (files in revisions) and recurring checks."""

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.deadlines import add_months
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import require_may
from magistrat.core.uploads import CheckedFile
from magistrat.isms.models import AppliedControl, CheckResult, ControlCheck, Evidence, EvidenceRevision


@transaction.atomic
def control_save(*, control: AppliedControl) -> AppliedControl:
    if control.reference is not None and control.reference.kind != "control":
        raise ServiceError(_("Choose a control of the catalogue, not a clause."), field="reference")
    clean_or_refuse(control)
    control.save()
    return control


PERM = "isms.manage_isms"  # the control's owner acts without it (isms.permissions)


@transaction.atomic
def evidence_save(*, evidence: Evidence, user) -> Evidence:
    """Add or change a piece of evidence of a control (its files are revisions: `evidence_upload`)."""
    require_may(user, PERM, evidence)
    clean_or_refuse(evidence)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_upload(*, evidence: Evidence, file: CheckedFile, by, note: str = "") -> EvidenceRevision:
    """A new revision of the evidence file; earlier revisions stay downloadable."""
    require_may(by, PERM, evidence)
    Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
    number = (evidence.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    revision = EvidenceRevision(
        evidence=evidence,
        number=number,
        filename=file.name,
        content_type=file.content_type,
        size=file.size,
        sha256=file.sha256,
        note=note,
        uploaded_by=by,
    )
    revision.file.save(file.name, ContentFile(file.data), save=False)
    revision.save()
    log_action(
        revision,
        "isms.evidence.uploaded",
        user=by,
        data={
            "control": str(evidence.control),
            "evidence": evidence.title,
            "revision": number,
            "file": revision.filename,
            "hash": revision.sha256,
        },
    )
    return revision


@transaction.atomic
def check_save(*, check: ControlCheck) -> ControlCheck:
    clean_or_refuse(check)
    check.save()
    return check


@transaction.atomic
def check_result_record(
    *, check: ControlCheck, performed_on: date, outcome: str, notes: str = "", by
) -> CheckResult:
    """Record a check's result; the next one falls due `every_months` after it."""
    require_may(by, PERM, check)
    if performed_on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="performed_on")
    if outcome != CheckResult.Outcome.PASSED and not notes.strip():
        raise ServiceError(_("Describe what was found when a check does not pass."), field="notes")
    result = CheckResult(
        check_ref=check, performed_on=performed_on, outcome=outcome, notes=notes, performed_by=by
    )
    clean_or_refuse(result)
    result.save()
    check.next_due = add_months(performed_on, check.every_months)
    check.save()
    log_action(
        result,
        "isms.check.result_recorded",
        user=by,
        data={
            "check": check.title,
            "performed_on": performed_on.isoformat(),
            "outcome": outcome,
            "next_due": check.next_due.isoformat(),
        },
    )
    return result
