"""The audit pages: programme, plan, detail with its checklist rows (htmx and plain posts),
findings with their nonconformity, acknowledgement, report PDF, findings export, my audits and the
home-page attention."""

import pytest
from django.urls import reverse

from magistrat.audits.models import Audit, ChecklistItem, Finding
from magistrat.audits.services import audits as services
from magistrat.core.attention import attention_for
from magistrat.core.models import AuditEntry
from tests.audits.conftest import audit_dates

pytestmark = pytest.mark.django_db


def _reported(audit, lead, units):
    services.audit_start(audit=audit, by=lead)
    for item in audit.checklist.all():
        services.checklist_answer(item=item, by=lead, result="conforms")
    finding = services.finding_record(
        audit=audit, by=lead, kind="minor", unit=units["SA-01"], clause=item.clause, description="Old cards."
    )
    services.audit_report(audit=audit, by=lead, summary="One minor nonconformity.")
    return finding


def test_the_programme_page_shows_coverage_and_overdue(client, quality, programme, units):
    from magistrat.audits.services import programme as programme_services

    programme_services.entry_add(programme=programme, by=quality, unit=units["FN"], risk="low")
    client.force_login(quality)
    page = client.get(reverse("audits:programme", args=[programme.year]))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("overdue: no audit planned") == 2 and "0 of 2 units due this year" in text


def test_the_quality_manager_plans_an_audit_through_the_form(client, quality, programme, units, lead, today):
    from magistrat.audits.models import Clause

    client.force_login(quality)
    start, end = audit_dates(today)
    data = {
        "title": "Registration audit",
        "units": [units["SA-01"].pk],
        "clauses": [Clause.objects.get(catalogue__code="iso27001", ref="A.5.15").pk],
        "planned_start": start.isoformat(),
        "planned_end": end.isoformat(),
        "lead": lead.pk,
    }
    response = client.post(reverse("audits:audit_plan", args=[programme.year]), data)
    audit = Audit.objects.get()
    assert response.status_code == 302 and response["Location"] == audit.get_absolute_url()
    assert audit.checklist.get().clause.ref == "A.5.15"


def test_an_own_unit_auditor_is_refused_on_the_form_and_nothing_is_saved(
    client, quality, programme, units, today
):
    from magistrat.audits.models import Clause
    from magistrat.audits.services import programme as programme_services
    from tests.factories import StaffFactory, grant

    own = grant(StaffFactory(unit=units["SA-01"]).user, "internal_auditor")
    programme_services.auditor_register(by=quality, user=own)
    client.force_login(quality)
    start, end = audit_dates(today)
    data = {
        "title": "Registration audit",
        "units": [units["SA-01"].pk],
        "clauses": [Clause.objects.get(catalogue__code="iso9001", ref="8.5").pk],
        "planned_start": start.isoformat(),
        "planned_end": end.isoformat(),
        "lead": own.pk,
    }
    response = client.post(reverse("audits:audit_plan", args=[programme.year]), data)
    assert response.status_code == 400 and "it is their own unit" in response.content.decode()
    assert not Audit.objects.exists()


def test_a_checklist_row_is_answered_with_htmx_and_without(client, started, lead):
    item, other = started.checklist.order_by("position")
    client.force_login(lead)
    page = client.get(started.get_absolute_url()).content.decode()
    url = reverse("audits:checklist_answer", args=[item.pk])
    # Each row is a plain form (works without JavaScript) that htmx posts and swaps in place.
    assert f'action="{url}"' in page and f'hx-post="{url}"' in page and f'hx-target="#item-{item.pk}"' in page
    response = client.post(url, {"result": "conforms", "evidence": "Seen."}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    text = response.content.decode()
    assert text.lstrip().startswith(f'<tr id="item-{item.pk}"') and "Seen." in text and "<html" not in text
    response = client.post(reverse("audits:checklist_answer", args=[other.pk]), {"result": "nonconforms"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{other.pk}")
    assert set(ChecklistItem.objects.values_list("result", flat=True)) == {"conforms", "nonconforms"}
    bad = client.post(url, {"result": "maybe"}, headers={"HX-Request": "true"})
    assert bad.status_code == 400 and ChecklistItem.objects.get(pk=item.pk).result == "conforms"


def test_an_auditor_records_a_finding_and_its_page_links_the_nonconformity(client, started, lead, units):
    client.force_login(lead)
    clause = started.criteria.get(ref="8.7")
    response = client.post(
        reverse("audits:finding_add", args=[started.pk]),
        {"kind": "major", "unit": units["SA-01"].pk, "clause": clause.pk, "description": "No register."},
    )
    finding = Finding.objects.get()
    assert response.status_code == 302
    page = client.get(finding.get_absolute_url()).content.decode()
    from magistrat.quality.models import Nonconformity

    nc = Nonconformity.objects.get()
    assert reverse("quality:nc_detail", args=[nc.pk]) in page and nc.number in page


def test_the_unit_head_acknowledges_and_the_manager_closes(client, audit, lead, head, quality, units):
    _reported(audit, lead, units)
    client.force_login(head)
    assert "Acknowledge the findings" in client.get(audit.get_absolute_url()).content.decode()
    response = client.post(
        reverse("audits:audit_acknowledge", args=[audit.pk]),
        {"unit": units["SA-01"].pk, "comment": "Agreed."},
    )
    assert response.status_code == 302 and audit.acknowledgements.get().comment == "Agreed."
    client.force_login(quality)
    client.post(reverse("audits:audit_close", args=[audit.pk]))
    assert Audit.objects.get().state == Audit.State.CLOSED


def test_someone_who_is_not_the_head_cannot_acknowledge(client, audit, lead, units, sa_head):
    _reported(audit, lead, units)
    client.force_login(sa_head.user)  # sees SA's audits but is not the head of SA-01 in the tree
    assert client.get(reverse("audits:audit_acknowledge", args=[audit.pk])).status_code == 200
    response = client.post(reverse("audits:audit_acknowledge", args=[audit.pk]), {"unit": units["SA-01"].pk})
    assert response.status_code == 403 and not audit.acknowledgements.exists()


def test_closing_before_acknowledgement_is_refused_with_a_message(client, audit, lead, quality, units):
    _reported(audit, lead, units)
    client.force_login(quality)
    response = client.post(reverse("audits:audit_close", args=[audit.pk]), follow=True)
    assert "acknowledge the findings" in response.content.decode()
    assert Audit.objects.get().state == Audit.State.REPORTED


def test_the_report_pdf(client, audit, lead, quality, units):
    client.force_login(quality)
    assert client.get(reverse("audits:audit_pdf", args=[audit.pk])).status_code == 404  # not reported yet
    _reported(audit, lead, units)
    response = client.get(reverse("audits:audit_pdf", args=[audit.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="audits.report.downloaded", actor=quality).exists()


def test_findings_export_csv_and_xlsx(client, audit, lead, quality, units):
    _reported(audit, lead, units)
    client.force_login(quality)
    csv = client.get(reverse("audits:finding_export") + "?format=csv")
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")  # BOM for Polish Excel
    header, row = csv.content.decode("utf-8-sig").splitlines()
    assert header.count(";") == row.count(";") == 10
    assert row.startswith(f"Customer service audit;{audit.programme.year};1;") and ";SA-01;Old cards.;" in row
    xlsx = client.get(reverse("audits:finding_export") + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert AuditEntry.objects.filter(action="audits.findings.exported").count() == 2


def test_findings_list_is_narrowed_to_the_units_of_the_viewer(client, audit, lead, units, sa_head, fn_head):
    _reported(audit, lead, units)
    client.force_login(sa_head.user)
    assert "Customer service audit" in client.get(reverse("audits:finding_list")).content.decode()
    client.force_login(fn_head.user)
    assert "Customer service audit" not in client.get(reverse("audits:finding_list")).content.decode()
    assert client.get(audit.get_absolute_url()).status_code == 404


def test_my_audits_and_attention(client, audit, lead, member, head, units):
    client.force_login(member)
    assert "Customer service audit" in client.get(reverse("audits:my_audits")).content.decode()
    titles = [item.title for item in attention_for(lead)]
    assert "Audit: Customer service audit" in titles
    assert not [t for t in (i.title for i in attention_for(head)) if "Customer service audit" in t]
    _reported(audit, lead, units)
    assert "Audit: Customer service audit" not in [item.title for item in attention_for(lead)]
    items = [item for item in attention_for(head) if "Customer service audit" in item.title]
    assert [i.title for i in items] == ["Acknowledge the findings of Customer service audit for SA-01"]
    services.findings_acknowledge(audit=audit, unit=units["SA-01"], by=head)
    assert not [item for item in attention_for(head) if "Customer service audit" in item.title]


def test_the_auditor_register_pages(client, quality, lead, today):
    from magistrat.audits.models import Auditor

    auditor = Auditor.objects.get(user=lead)
    client.force_login(quality)
    assert client.get(reverse("audits:auditor_list")).status_code == 200
    response = client.post(
        reverse("audits:auditor_detail", args=[auditor.pk]),
        {"title": "Lead auditor course", "standards": "ISO 9001", "obtained_on": today.isoformat()},
    )
    assert response.status_code == 302 and auditor.qualifications.get().standards == "ISO 9001"
    bad = client.post(
        reverse("audits:auditor_detail", args=[auditor.pk]),
        {"title": "Bad\x1btitle", "standards": "ISO 9001", "obtained_on": today.isoformat()},
    )
    assert bad.status_code == 400 and auditor.qualifications.count() == 1
