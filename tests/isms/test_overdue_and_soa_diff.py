"""Oversight roles see the office's overdue figures (one query for the overview, home pages and
reminders); leadership approving a new SoA version sees what changed since the last approved one."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.core.attention import attention_for
from magistrat.core.models import Notification
from magistrat.core.tasks import daily_deadline_reminders
from magistrat.isms.models import TreatmentTask
from magistrat.isms.selectors import overdue_tasks, soa_diff
from magistrat.isms.services import soa as soa_services
from tests.conftest import verified_login
from tests.factories import StaffFactory, grant
from tests.isms.conftest import make_control, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_overdue(assessment, owner):
    risk = make_risk(assessment, owner)
    today = timezone.localdate()
    return [
        TreatmentTask.objects.create(
            scenario=risk, title=title, owner=owner, due_on=today - timedelta(days=days)
        )
        for title, days in (("Szkolenie phishingowe", 3), ("Segmentacja sieci", 10))
    ] + [
        TreatmentTask.objects.create(
            scenario=risk, title="Na później", owner=owner, due_on=today + timedelta(days=30)
        )
    ]


def _figure(page: str) -> int:
    return int(re.search(r'id="overdue-tasks-count"><span[^>]*>(\d+)', page).group(1))


def test_leadership_and_auditors_see_the_overdue_tasks_on_the_overview(client, two_overdue, leader, units):
    auditor = grant(StaffFactory(unit=units["FN"]).user, "auditor")
    for user in (leader, auditor):
        client.force_login(user)
        page = client.get(reverse("isms:overview")).content.decode()
        assert _figure(page) == 2
        assert "Szkolenie phishingowe" in page and "Segmentacja sieci" in page and "Na później" not in page
        assert overdue_tasks(user=user).count() == 2


def test_owners_oversight_and_officer_see_the_same_figures(two_overdue, owner, leader, officer, other_user):
    titles = lambda user: [i.title for i in attention_for(user)]  # noqa: E731
    assert sum("Treatment task" in t for t in titles(owner)) == 2  # the owner's own, both overdue
    assert sum("Treatment task" in t for t in titles(officer)) == 2
    summary = [t for t in titles(leader) if "treatment tasks of the office are overdue" in t]
    assert summary == ["2 treatment tasks of the office are overdue"]
    assert overdue_tasks(user=other_user).count() == 0 and not any(
        "treatment" in t for t in titles(other_user)
    )


def test_the_daily_reminder_tells_leadership_too(two_overdue, leader, owner):
    daily_deadline_reminders.enqueue()
    assert Notification.objects.filter(user=leader, url__startswith=reverse("isms:overview")).exists()
    assert Notification.objects.filter(user=owner).count() >= 2


def _approved(officer, leader):
    version = soa_services.soa_generate(by=officer)
    for entry in version.entries.all():
        soa_services.soa_entry_update(
            entry=entry,
            applicable=entry.applicable,
            reasons=entry.reasons or (["best_practice"] if entry.applicable else []),
            justification="Uzasadnienie" if entry.applicable else "Nie dotyczy",
        )
    soa_services.soa_submit(version=version)
    return soa_services.soa_approve(version=version, by=leader)


def test_the_approver_sees_what_changed_per_control(client, officer, leader, owner):
    first = _approved(officer, leader)
    assert soa_diff(first) is None  # nothing approved before the first version
    make_control(owner, "A.8.13")
    draft = soa_services.soa_generate(by=officer)
    entry = draft.entries.get(control__ref="A.5.1")
    soa_services.soa_entry_update(entry=entry, applicable=True, reasons=["legal"], justification="KRI § 20")
    soa_services.soa_submit(version=draft)
    diff = soa_diff(draft)
    assert diff.base == first
    changed = {c.ref: {f.label: (f.before, f.after) for f in c.fields} for c in diff.changes}
    assert set(changed) == {"A.5.1", "A.8.13"}
    assert changed["A.5.1"]["applicable"] == ("no", "yes")
    assert changed["A.5.1"]["justification"] == ("Nie dotyczy", "KRI § 20")
    assert changed["A.8.13"]["applied controls"] == ("", "Kopie zapasowe (implemented)")
    assert diff.unchanged == 91
    client.force_login(leader)
    page = client.get(reverse("isms:soa_detail", args=[draft.number])).content.decode()
    section = re.search(r'<section[^>]*id="soa-diff".*?</section>', page, re.S).group(0)
    assert "A.5.1" in section and "A.8.13" in section and "KRI § 20" in section and "A.5.2 " not in section
    assert reverse("isms:soa_action", args=[draft.number, "approve"]) in page


def test_the_diff_is_shown_to_whoever_reads_the_soa(client, officer, leader, clerk):
    _approved(officer, leader)
    draft = soa_services.soa_generate(by=officer)
    verified_login(client, officer)
    assert 'id="soa-diff"' in client.get(reverse("isms:soa_detail", args=[draft.number])).content.decode()
    client.force_login(clerk.user)
    assert client.get(reverse("isms:soa_detail", args=[draft.number])).status_code == 403
