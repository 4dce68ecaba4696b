"""Incidents: one record drives the NIS2/KSC and GDPR clocks on the deadline engine."""

from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from magistrat.core.deadlines import WARSAW, Status
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import Notification
from magistrat.isms.attention import incident_clock_alerts
from magistrat.isms.clocks import incident_clocks
from magistrat.isms.models import Incident, IncidentEntry, IncidentReport
from magistrat.isms.reports import report_draft
from magistrat.isms.services import incidents as services
from tests.isms.conftest import make_asset

pytestmark = pytest.mark.django_db
Kind = IncidentReport.Kind


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WARSAW)


def register(handler, **fields) -> Incident:
    values = dict(
        title="Szyfrowanie dysków w Wydziale Podatków",
        description="Ransomware na trzech stacjach roboczych.",
        detected_at=at("2026-03-02 08:30"),
        aware_at=at("2026-03-02 10:00"),
        severity=Incident.Severity.HIGH,
        significant=True,
        handler=handler,
    )
    return services.incident_save(incident=Incident(**(values | fields)))


def clocks(incident) -> dict:
    incident = Incident.objects.prefetch_related("reports").get(pk=incident.pk)
    return {c.kind: c for c in incident_clocks(incident)}


def test_worked_example_nis2_and_gdpr_clocks(officer):
    incident = register(
        officer, personal_data_breach=True, breach_risk=Incident.BreachRisk.RISK, breach_subjects=1200
    )
    assert incident.number == "INC.1.2026"
    c = clocks(incident)
    assert c[Kind.NIS2_EARLY_WARNING].due == at("2026-03-03 10:00")
    assert c[Kind.NIS2_NOTIFICATION].due == at("2026-03-05 10:00")
    assert c[Kind.GDPR_NOTIFICATION].due == at("2026-03-05 10:00")
    # Until the notification is sent the final report runs from its due time: 5 April 2026 is a
    # Sunday (Easter), 6 April Easter Monday: the month ends on Tuesday 7 April (KPA art. 57 § 4).
    assert c[Kind.NIS2_FINAL].clock.due_day.isoformat() == "2026-04-07"
    assert (
        c[Kind.NIS2_EARLY_WARNING].status(at("2026-03-03 04:00")) == Status.DUE_SOON
    )  # last quarter of 24 h
    assert c[Kind.NIS2_EARLY_WARNING].status(at("2026-03-03 10:01")) == Status.OVERDUE

    services.incident_report_record(
        incident=incident, kind=Kind.NIS2_EARLY_WARNING, submitted_at=at("2026-03-02 18:00"), by=officer
    )
    services.incident_report_record(
        incident=incident,
        kind=Kind.NIS2_NOTIFICATION,
        submitted_at=at("2026-03-04 15:00"),
        reference="CSIRT-77",
        by=officer,
    )
    services.incident_report_record(
        incident=incident, kind=Kind.GDPR_NOTIFICATION, submitted_at=at("2026-03-05 11:00"), by=officer
    )
    c = clocks(incident)
    assert c[Kind.NIS2_EARLY_WARNING].status() == Status.DONE
    assert c[Kind.NIS2_NOTIFICATION].status() == Status.DONE
    assert c[Kind.GDPR_NOTIFICATION].status() == Status.DONE_LATE
    # Final report: one month after the notification sent on 4 March → 4 April is a Saturday,
    # then Easter Sunday and Monday: due Tuesday 7 April.
    assert c[Kind.NIS2_FINAL].clock.due_day.isoformat() == "2026-04-07"


def test_no_clocks_without_a_reporting_duty(officer):
    incident = register(officer, significant=False)
    assert clocks(incident) == {}
    breach = register(
        officer,
        significant=False,
        personal_data_breach=True,
        breach_risk=Incident.BreachRisk.UNLIKELY,
        not_notified_reason="Dane zaszyfrowane, klucz bezpieczny",
    )
    assert clocks(breach) == {}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"aware_at": at("2026-03-02 08:00")}, "before it is detected"),
        (
            {
                "detected_at": timezone.now() + timedelta(hours=1),
                "aware_at": timezone.now() + timedelta(hours=2),
            },
            "future",
        ),
        ({"personal_data_breach": True}, "Assess the risk"),
        ({"personal_data_breach": True, "breach_risk": "unlikely"}, "art. 33 ust. 5"),
    ],
)
def test_bad_incidents_are_refused(officer, fields, message):
    with pytest.raises(ServiceError, match=message):
        register(officer, **fields)
    assert Incident.objects.count() == 0


def test_database_refuses_awareness_before_detection(officer):
    incident = register(officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(aware_at=at("2026-03-01 00:00"))


def test_reports_follow_the_rules(officer):
    incident = register(officer)
    with pytest.raises(ServiceError, match="does not require"):
        services.incident_report_record(
            incident=incident, kind=Kind.GDPR_NOTIFICATION, submitted_at=at("2026-03-02 12:00"), by=officer
        )
    with pytest.raises(ServiceError, match="follows the incident notification"):
        services.incident_report_record(
            incident=incident, kind=Kind.NIS2_FINAL, submitted_at=at("2026-03-02 12:00"), by=officer
        )
    with pytest.raises(ServiceError, match="after the office became aware"):
        services.incident_report_record(
            incident=incident, kind=Kind.NIS2_EARLY_WARNING, submitted_at=at("2026-03-02 09:00"), by=officer
        )
    services.incident_report_record(
        incident=incident, kind=Kind.NIS2_EARLY_WARNING, submitted_at=at("2026-03-02 12:00"), by=officer
    )
    with pytest.raises(ServiceError, match="already recorded"):
        services.incident_report_record(
            incident=incident, kind=Kind.NIS2_EARLY_WARNING, submitted_at=at("2026-03-02 13:00"), by=officer
        )
    assert incident.reports.count() == 1


def test_timeline_actions_and_closing(officer, owner):
    incident = register(officer)
    with pytest.raises(ServiceError, match="owner and a deadline"):
        services.incident_entry_add(
            incident=incident, kind="action", at=at("2026-03-02 11:00"), text="Odtworzyć kopie", by=officer
        )
    action = services.incident_entry_add(
        incident=incident,
        kind="action",
        at=at("2026-03-02 11:00"),
        text="Odtworzyć kopie",
        by=officer,
        owner=owner,
        due_on=timezone.localdate(),
    )
    with pytest.raises(ServiceError, match="lessons"):
        services.incident_close(incident=incident, lessons_learned=" ")
    with pytest.raises(ServiceError, match="open actions"):
        services.incident_close(incident=incident, lessons_learned="Segmentacja sieci")
    services.incident_action_done(entry=action, user=owner)
    services.incident_close(incident=incident, lessons_learned="Segmentacja sieci")
    assert Incident.objects.get().closed_at is not None


def test_report_drafts_are_prefilled(officer, office):
    incident = register(
        officer,
        personal_data_breach=True,
        breach_risk="high",
        breach_subjects=40,
        consequences="Kradzież tożsamości",
    )
    incident.assets.add(make_asset("PODATKI", officer))
    authority, fields = report_draft(incident, Kind.GDPR_NOTIFICATION)
    values = {f.label: f.value for f in fields}
    assert "UODO" in authority["authority"]
    assert values["Approximate number of data subjects"] == "40"
    assert values["Likely consequences"] == "Kradzież tożsamości"
    assert office.name in values["Controller and data protection officer (contact)"]
    _authority, fields = report_draft(incident, Kind.NIS2_NOTIFICATION)
    assert "PODATKI" in {f.label: f.value for f in fields}["Affected systems and services"]


def test_clock_alerts_reach_the_handler_once_per_state(officer, owner):
    now = timezone.now()
    register(officer, detected_at=now - timedelta(hours=20), aware_at=now - timedelta(hours=20))
    assert incident_clock_alerts.call() >= 1
    titles = list(Notification.objects.filter(user=officer).values_list("title", flat=True))
    assert any("early warning" in t.lower() or "wczesne" in t.lower() for t in titles)
    count = Notification.objects.count()
    incident_clock_alerts.call()
    assert Notification.objects.count() == count
    assert not Notification.objects.filter(user=owner).exists()


def test_incident_pages(client, officer_client, officer, owner, clerk, leader):
    incident = register(officer, personal_data_breach=True, breach_risk="risk")
    for url in [
        reverse("isms:incident_list"),
        reverse("isms:incident_list") + "?state=all",
        reverse("isms:incident_detail", args=[incident.pk]),
        reverse("isms:incident_edit", args=[incident.pk]),
        reverse("isms:incident_create"),
        reverse("isms:incident_report_draft", args=[incident.pk, Kind.GDPR_NOTIFICATION]),
        reverse("isms:breach_register"),
        reverse("isms:breach_register") + "?format=xlsx",
    ]:
        assert officer_client.get(url).status_code == 200, url
    pdf = officer_client.get(
        reverse("isms:incident_report_draft", args=[incident.pk, Kind.NIS2_EARLY_WARNING]) + "?format=pdf"
    )
    assert pdf.content.startswith(b"%PDF")
    response = officer_client.post(
        reverse("isms:incident_action", args=[incident.pk, "report"]),
        {"kind": Kind.NIS2_EARLY_WARNING, "submitted_at": "2026-03-02T09:00"},
    )
    assert response.status_code == 400 and not incident.reports.exists()
    client.force_login(leader)
    assert client.get(reverse("isms:incident_list")).status_code == 200
    assert (
        client.post(
            reverse("isms:incident_action", args=[incident.pk, "close"]), {"lessons_learned": "x"}
        ).status_code
        == 403
    )
    client.force_login(clerk.user)
    assert client.get(reverse("isms:incident_list")).status_code == 403
    assert client.get(reverse("isms:incident_detail", args=[incident.pk])).status_code == 404
    assert client.get(reverse("isms:breach_register")).status_code == 403


def test_form_refuses_awareness_before_detection(officer_client, officer):
    data = {
        "title": "Phishing",
        "description": "Kliknięty link",
        "detected_at": "2026-03-02T10:00",
        "aware_at": "2026-03-02T09:00",
        "handler": officer.pk,
        "severity": "medium",
    }
    response = officer_client.post(reverse("isms:incident_create"), data)
    assert response.status_code == 400 and Incident.objects.count() == 0
    data["aware_at"] = "2026-03-02T11:00"
    assert officer_client.post(reverse("isms:incident_create"), data).status_code == 302
    assert IncidentEntry.objects.count() == 0 and Incident.objects.count() == 1
