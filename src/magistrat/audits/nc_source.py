"""Audit findings as a source of nonconformities (registered with `quality.sources` from
`AuditsConfig.ready()`): ISO 9001 10.2 treats a nonconformity found by an internal audit like any
other, in the one register. A major or minor nonconformity recorded by an auditor opens its record
at once (`open_nonconformity`), linked both ways: the record names the finding, the finding's page
shows its record (`{% nonconformities_for finding %}`). There is no data measure: a person judges
the effectiveness (often at the next audit of the unit).
"""

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from magistrat.audits.models import Finding
from magistrat.core.deadlines import local_date
from magistrat.quality.models import Nonconformity
from magistrat.quality.sources import Draft, Source, register_source

CODE = "audit_finding"


def _url(finding: Finding) -> str:
    return reverse("audits:finding_detail", args=[finding.pk])


def _propose(finding: Finding) -> Draft:
    audit = finding.audit
    clause = f" ({finding.clause.catalogue.code} {finding.clause.ref})" if finding.clause else ""
    title = gettext("Audit finding: %(type)s%(clause)s, %(audit)s") % {
        "type": finding.get_kind_display(),
        "clause": clause,
        "audit": audit.title,
    }
    description = finding.description
    if finding.evidence:
        description += "\n\n" + gettext("Evidence: %(evidence)s") % {"evidence": finding.evidence}
    return Draft(
        title=title[:200],
        description=description[:10_000],
        unit_id=finding.unit_id,
        detected_on=local_date(finding.created_at) if finding.created_at else None,
        trigger={"audit": audit.title, "finding": finding.number, "type": finding.kind},
    )


def open_nonconformity(finding: Finding, *, by) -> Nonconformity | None:
    """The finding's record in the quality register (none twice for one finding): raised by the
    auditor who recorded the finding, through the register's own numbering and events."""
    from magistrat.quality.services.nonconformities import nc_record_from_source

    return nc_record_from_source(by=by, source_code=CODE, linked=finding, draft=_propose(finding))


def register() -> None:
    register_source(
        Source(
            code=CODE,
            label=gettext_lazy("audit finding"),
            model="audits.finding",
            eligible=lambda finding: finding.is_nonconformity,
            propose=_propose,
            url=_url,
        )
    )
