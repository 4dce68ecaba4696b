import subprocess
import sys
from datetime import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import task

from magistrat.core.deadlines import WARSAW, Status
from magistrat.core.models import Notification, ScheduledRun
from magistrat.core.scheduling import Job, enqueue_due_jobs


def test_serve_refuses_an_insecure_configuration(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATA_DIR": str(tmp_path), "DEBUG": "1", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "magistrat", "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "Refusing to start" in result.stderr
    assert (
        "DEBUG is on" in result.stderr and "SECRET_KEY" in result.stderr and "ALLOWED_HOSTS" in result.stderr
    )


@pytest.mark.django_db(transaction=True)
def test_demo_seeds_once_and_is_realistic(tmp_path, settings):
    from magistrat.org.models import RoleAssignment, Staff, Unit

    settings.DATA_DIR = tmp_path
    call_command("demo", no_serve=True, seed=7)
    assert Unit.objects.count() >= 25
    assert 250 <= Staff.objects.count() <= 350
    assert RoleAssignment.objects.filter(role="quality_manager").exists()
    assert all(Unit.objects.filter(head__isnull=False).values_list("code", flat=True))
    first = sorted(Staff.objects.values_list("user__username", flat=True))
    call_command("demo", no_serve=True, seed=7)  # second run reuses
    assert sorted(Staff.objects.values_list("user__username", flat=True)) == first
    call_command("verify_audit")


RUNS: list[int] = []


@task()
def record_run() -> None:
    RUNS.append(1)


@pytest.mark.django_db
def test_scheduled_jobs_are_enqueued_once_per_slot():
    RUNS.clear()
    calls = RUNS
    schedule = [Job("reminders", "tests.core.test_commands.record_run", datetime(2026, 1, 1, 7).time())]
    assert enqueue_due_jobs(datetime(2026, 11, 23, 6, 59, tzinfo=WARSAW), schedule) == []
    assert enqueue_due_jobs(datetime(2026, 11, 23, 7, 0, tzinfo=WARSAW), schedule) == ["reminders"]
    assert enqueue_due_jobs(datetime(2026, 11, 23, 9, 30, tzinfo=WARSAW), schedule) == []
    assert enqueue_due_jobs(datetime(2026, 11, 24, 8, 0, tzinfo=WARSAW), schedule) == ["reminders"]
    assert len(calls) == 2 and ScheduledRun.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_daily_reminders_notify_once_and_send_email(units, hr):
    from magistrat.core import attention
    from magistrat.core.attention import AttentionItem
    from magistrat.core.tasks import daily_deadline_reminders

    def provider(user):
        if user == hr.user:
            yield AttentionItem(title="Skarga SK.1.2026", url="/x/1/", module="Skargi", status=Status.OVERDUE)
            yield AttentionItem(title="Not urgent", url="/x/2/", module="Skargi", status=Status.OPEN)

    attention.register(provider)
    try:
        daily_deadline_reminders.enqueue()
        daily_deadline_reminders.enqueue()
    finally:
        attention._providers.remove(provider)
    notes = Notification.objects.filter(user=hr.user)
    assert [n.url for n in notes] == ["/x/1/"]
    assert len(mail.outbox) == 1
    assert "SK.1.2026" in mail.outbox[0].subject
