"""The Statement of Applicability: generated from the data, justified, approved, exported."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from magistrat.core.exceptions import ServiceError
from magistrat.isms.models import SoaEntry, SoaVersion
from magistrat.isms.services import soa as services
from tests.conftest import verified_login
from tests.isms.conftest import make_control, make_risk

pytestmark = pytest.mark.django_db


def _justify_all(version):
    for entry in version.entries.all():
        services.soa_entry_update(
            entry=entry,
            applicable=entry.applicable,
            reasons=entry.reasons or (["best_practice"] if entry.applicable else []),
            justification="Uzasadnienie" if entry.applicable else "Nie dotyczy: brak takich procesów",
        )


def test_draft_is_generated_from_controls_risks_and_evidence(officer, assessment, owner):
    control = make_control(owner, "A.8.13")
    risk = make_risk(assessment, owner)
    risk.controls.add(control)
    version = services.soa_generate(by=officer)
    assert version.entries.count() == 93
    backup = version.entries.get(control__ref="A.8.13")
    assert backup.applicable and backup.reasons == ["risk"]
    assert backup.implementation == SoaEntry.Implementation.IMPLEMENTED
    assert [r["code"] for r in backup.linked_risks] == [risk.code]
    other = version.entries.get(control__ref="A.5.1")
    assert not other.applicable and other.linked_risks == []
    with pytest.raises(ServiceError, match="draft already exists"):
        services.soa_generate(by=officer)


def test_approval_needs_every_justification(officer, leader, owner):
    version = services.soa_generate(by=officer)
    with pytest.raises(ServiceError, match="93 controls have no justification"):
        services.soa_submit(version=version)
    version.state = SoaVersion.State.SUBMITTED  # even if it got there, approval checks again
    version.save()
    with pytest.raises(ServiceError, match="no justification"):
        services.soa_approve(version=version, by=leader)
    version.refresh_from_db()
    assert version.state == SoaVersion.State.SUBMITTED and version.approved_at is None


def test_included_control_needs_a_reason(officer):
    version = services.soa_generate(by=officer)
    entry = version.entries.first()
    with pytest.raises(ServiceError, match="included"):
        services.soa_entry_update(entry=entry, applicable=True, reasons=[], justification="x")


def test_approved_version_is_frozen_and_the_next_carries_decisions_over(officer, leader, owner):
    version = services.soa_generate(by=officer)
    _justify_all(version)
    services.soa_submit(version=version)
    services.soa_approve(version=version, by=leader, note="Zatwierdzam")
    version.refresh_from_db()
    assert version.state == SoaVersion.State.APPROVED and version.approved_by == leader
    with pytest.raises(ServiceError, match="Only a draft"):
        services.soa_entry_update(
            entry=version.entries.first(), applicable=False, reasons=[], justification="x"
        )
    second = services.soa_generate(by=officer)
    assert second.number == 2
    assert second.entries.exclude(justification="").count() == 93
    _justify_all(second)
    services.soa_submit(version=second)
    services.soa_approve(version=second, by=leader)
    version.refresh_from_db()
    assert version.state == SoaVersion.State.SUPERSEDED


def test_leadership_approves_the_security_officer_cannot(client, officer, leader):
    version = services.soa_generate(by=officer)
    _justify_all(version)
    services.soa_submit(version=version)
    verified_login(client, officer)
    assert client.post(reverse("isms:soa_action", args=[1, "approve"])).status_code == 403
    client.force_login(leader)
    assert client.get(reverse("isms:soa_detail", args=[1])).status_code == 200
    assert client.post(reverse("isms:soa_action", args=[1, "approve"]), {"note": "OK"}).status_code == 302
    version.refresh_from_db()
    assert version.state == SoaVersion.State.APPROVED


def test_entry_edit_with_htmx_and_bad_input(officer_client, officer):
    version = services.soa_generate(by=officer)
    entry = version.entries.get(control__ref="A.5.1")
    url = reverse("isms:soa_entry", args=[1, entry.pk])
    assert officer_client.get(url, headers={"HX-Request": "true"}).status_code == 200
    response = officer_client.post(
        url, {"applicable": "yes", "justification": "x"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    response = officer_client.post(
        url,
        {"applicable": "yes", "reasons": ["legal"], "justification": "KRI § 20"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "KRI § 20" in response.content.decode()
    entry.refresh_from_db()
    assert entry.applicable and entry.reasons == ["legal"]


def test_exports_pdf_and_xlsx_of_an_approved_version(officer_client, officer, leader, client):
    version = services.soa_generate(by=officer)
    _justify_all(version)
    services.soa_submit(version=version)
    services.soa_approve(version=version, by=leader)
    response = officer_client.get(reverse("isms:soa_export", args=[1, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "v1" and "A.5.1" in [r[0] for r in rows]
    assert sum(1 for r in rows if r[0] and str(r[0]).startswith("A.")) == 93
    response = officer_client.get(reverse("isms:soa_export", args=[1, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(leader)
    assert client.get(reverse("isms:soa_list")).status_code == 200


def test_soa_pages_need_the_role(client, clerk, officer):
    services.soa_generate(by=officer)
    client.force_login(clerk.user)
    assert client.get(reverse("isms:soa_list")).status_code == 403
    assert client.get(reverse("isms:soa_detail", args=[1])).status_code == 403
    assert client.get(reverse("isms:soa_export", args=[1, "pdf"])).status_code == 403
