"""The demo office's internal audits: auditors with the role and qualifications, an approved
programme, six audits in every state, nonconforming findings in the quality register — all
written through the services by the people who acted."""

import pytest

from magistrat.audits.models import Audit, Auditor, AuditProgramme, Finding
from magistrat.core.models import AuditEntry
from magistrat.core.permissions import has_perm
from magistrat.quality.models import Nonconformity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # they read English text


def test_the_demo_has_a_programme_with_six_audits_in_every_state(demo_office):
    logins = demo_office.logins
    assert AuditProgramme.objects.get().state == AuditProgramme.State.APPROVED
    states = sorted(Audit.objects.values_list("state", flat=True))
    assert states == ["closed", "closed", "in_progress", "planned", "planned", "reported"]
    auditors = list(Auditor.objects.select_related("user"))
    assert len(auditors) == 3 and all(a.qualifications.exists() for a in auditors)
    assert all(has_perm(a.user, "audits.conduct_audits") for a in auditors)
    assert {login.username for login in logins if login.role == "internal_auditor"} == {
        a.user.username for a in auditors
    }
    nonconforming = Finding.objects.filter(kind__in=Finding.NONCONFORMITIES)
    assert nonconforming.count() == 3
    for finding in nonconforming:
        nc = Nonconformity.objects.linked_to(finding).get()
        assert nc.source == "audit_finding" and nc.reported_by == finding.recorded_by
    for audit in Audit.objects.exclude(state="planned"):
        started = AuditEntry.objects.get(action="audits.audit.started", object_id=str(audit.pk))
        assert started.actor == audit.lead
    assert Audit.objects.get(state="reported").acknowledgements.count() == 0
    assert all(a.acknowledgements.count() == a.units.count() for a in Audit.objects.filter(state="closed"))
