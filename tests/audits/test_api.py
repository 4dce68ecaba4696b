"""The audits' read API: audits and findings narrowed like the pages."""

import pytest

from magistrat.audits.services import audits as services

pytestmark = pytest.mark.django_db


def test_audits_and_findings_for_the_audited_units_head(client, started, lead, units, sa_head, fn_head):
    finding = services.finding_record(
        audit=started, by=lead, kind="observation", unit=units["SA-01"], description="Queues."
    )
    client.force_login(sa_head.user)
    audits = client.get("/api/v1/audits/audits").json()
    assert [(a["title"], a["units"], a["state"]) for a in audits["items"]] == [
        ("Customer service audit", ["SA-01"], "in_progress")
    ]
    assert audits["items"][0]["criteria"] == ["iso9001 8.5", "iso9001 8.7"]
    findings = client.get(f"/api/v1/audits/findings?audit={started.pk}").json()["items"]
    assert [(f["id"], f["kind"], f["unit"], f["clause"]) for f in findings] == [
        (finding.pk, "observation", "SA-01", None)
    ]
    client.force_login(fn_head.user)
    assert client.get("/api/v1/audits/audits").json()["items"] == []
    assert client.get("/api/v1/audits/findings").json()["items"] == []


def test_the_team_reads_its_audit_and_others_are_refused(client, started, lead, clerk):
    client.force_login(lead)
    assert client.get(f"/api/v1/audits/audits?id={started.pk}").json()["count"] == 1
    client.force_login(clerk.user)
    response = client.get("/api/v1/audits/audits")
    assert response.status_code == 403 and "detail" in response.json()
