import os
import random
import subprocess
import sys
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

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


@pytest.mark.django_db
def test_demo_people_depend_on_the_seed_alone():
    """The organisation seeder, which every other seeder builds on, gives the same people for the
    same seed and others for another (the whole office seeded once: tests/demo_office/)."""
    from magistrat.core.demo import DemoContext, registered_seeders
    from magistrat.org.models import Staff

    def seeded_names(seed):
        class Undo(Exception):
            pass

        today = timezone.localdate()
        went_live = datetime.combine(today - timedelta(days=730), time(8, 0), tzinfo=WARSAW)
        try:
            with transaction.atomic():
                import_string(registered_seeders(live=False)[0])(
                    DemoContext(rng=random.Random(seed), today=today, went_live=went_live, small=True)
                )
                names = sorted(Staff.objects.values_list("user__username", "position__name"))
                raise Undo
        except Undo:
            return names

    assert registered_seeders(live=False)[0] == "magistrat.org.demo.seed"
    assert seeded_names(7) == seeded_names(7)
    assert seeded_names(7) != seeded_names(8)


@pytest.mark.django_db(transaction=True)
def test_demo_command_seeds_once_then_reuses(tmp_path, settings, capsys):
    from magistrat.org.models import Staff

    if connection.vendor != "sqlite":
        pytest.skip("the demo command runs on the embedded SQLite database")
    settings.DATA_DIR = tmp_path
    call_command("demo", no_serve=True, seed=7, small=True)
    first = sorted(Staff.objects.values_list("user__username", flat=True))
    assert "admin" in capsys.readouterr().out
    call_command("demo", no_serve=True, seed=7, small=True)
    assert "Reusing" in capsys.readouterr().out
    assert sorted(Staff.objects.values_list("user__username", flat=True)) == first
    assert (tmp_path / "demo-logins.txt").exists()
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


@pytest.mark.django_db
def test_interval_jobs_run_once_in_each_slot():
    RUNS.clear()
    schedule = [Job("often", "tests.core.test_commands.record_run", every_minutes=15)]
    assert enqueue_due_jobs(datetime(2026, 11, 23, 10, 1, tzinfo=WARSAW), schedule) == ["often"]
    assert enqueue_due_jobs(datetime(2026, 11, 23, 10, 14, tzinfo=WARSAW), schedule) == []
    assert enqueue_due_jobs(datetime(2026, 11, 23, 10, 15, tzinfo=WARSAW), schedule) == ["often"]
    assert [run.slot.astimezone(WARSAW).minute for run in ScheduledRun.objects.order_by("slot")] == [0, 15]
    assert len(RUNS) == 2


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
    # (the modules' own items for this person, e.g. mandatory trainings never done, come too)
    notes = Notification.objects.filter(user=hr.user, url__startswith="/x/")
    assert [n.url for n in notes] == ["/x/1/"]
    # one e-mail for the overdue complaint, sent once though the reminder ran twice
    assert len([message for message in mail.outbox if "SK.1.2026" in message.subject]) == 1


def _redis_available() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def test_tasks_run_on_redis_when_configured(tmp_path):
    """With REDIS_URL the queue is RQ: a task enqueued by the app is run by the worker's RQ job class."""
    if not _redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379")
    env = {key: value for key, value in os.environ.items() if key not in {"PYTEST_VERSION", "DATABASE_URL"}}
    env.update(DATA_DIR=str(tmp_path), REDIS_URL="redis://127.0.0.1:6379/13", MAGISTRAT_ENV="development")

    def magistrat(*args):
        return subprocess.run(
            [sys.executable, "-m", "magistrat", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

    magistrat("migrate", "-v", "0")
    magistrat(
        "shell",
        "-v",
        "0",
        "-c",
        "import django_rq; django_rq.get_queue('default').empty(); "
        "from magistrat.core.tasks import send_notification_email as t; print(t.enqueue(0).id)",
    )
    result = magistrat("rqworker", "default", "--burst", "--job-class", "django_tasks_rq.backend.Job")
    assert "send_notification_email" in result.stderr + result.stdout
    assert "state=SUCCESSFUL" in result.stderr + result.stdout


def test_serve_runs_gunicorn_with_a_production_configuration(tmp_path):
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTEST_VERSION", "DATABASE_URL", "DEBUG"}
    }
    env.update(
        DATA_DIR=str(tmp_path),
        SECRET_KEY="x" * 60,
        AUDIT_KEY="y" * 48,
        ALLOWED_HOSTS="127.0.0.1",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "magistrat", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # Generous limits: they only bound a broken start, so a busy machine never fails the test.
        body = None
        deadline = time.monotonic() + 180
        while body is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=30) as response:  # noqa: S310
                    body = response.read().decode()
            except OSError:
                time.sleep(0.5)
        assert body == '{"status": "ok", "database": "ok"}'
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=60) as response:  # noqa: S310
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]
            assert "; Secure" in response.headers["Set-Cookie"]  # CSRF cookie only over HTTPS
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_wsgi_application_is_ready_when_imported():
    """Read-only data is loaded before the server answers (and, under --preload, before the
    workers fork), not in a background thread that competes with the first requests."""
    import threading

    import magistrat.wsgi  # noqa: F401
    from magistrat.core.polish import _stemmer

    assert _stemmer.cache_info().currsize == 1
    assert not any(thread.name == "stemmer-preload" for thread in threading.enumerate())


def test_serve_preloads_the_application(monkeypatch, tmp_path):
    from django.core.management import call_command

    started = {}
    monkeypatch.setenv("MAGISTRAT_ENV", "production")
    monkeypatch.setattr("magistrat.core.management.commands.serve.production_problems", lambda: [])
    monkeypatch.setattr("magistrat.core.management.commands.serve.call_command", lambda *a, **k: None)
    monkeypatch.setattr("os.execv", lambda path, argv: started.update(argv=argv))
    call_command("serve", "--bind", "127.0.0.1:1")
    assert "--preload" in started["argv"] and "magistrat.wsgi:application" in started["argv"]
