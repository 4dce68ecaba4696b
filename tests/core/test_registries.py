"""What every app contributes to core is registered by the app (`AppConfig.ready()`), not listed in
core: scheduled jobs and demo seeders, each in its owner's module."""

from datetime import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.tasks import Task
from django.test import RequestFactory
from django.urls import reverse
from django.utils.module_loading import import_string

from magistrat.core import demo, scheduling
from magistrat.core.context_processors import magistrat as core_context
from magistrat.core.demo import register_seeder, registered_seeders
from magistrat.core.scheduling import Job, register_jobs, scheduled_jobs
from magistrat.org.context_processors import office as office_context


def test_every_app_registers_its_scheduled_jobs():
    jobs = {job.name: job for job in scheduled_jobs()}
    assert {name: (job.task, job.at, job.every_minutes) for name, job in jobs.items()} == {
        "daily-deadline-reminders": ("magistrat.core.tasks.daily_deadline_reminders", time(7, 0), None),
        "audit-anchor": ("magistrat.core.audit_anchors.audit_anchor", None, 60),
        "satisfaction-alerts": ("magistrat.feedback.alerts.satisfaction_alerts", time(6, 30), None),
        "rating-rollups": ("magistrat.feedback.rollups.refresh_rollups", None, 15),
        "incident-clock-alerts": ("magistrat.isms.attention.incident_clock_alerts", None, 15),
        "bip-publication": ("magistrat.bip.tasks.publish_and_archive_due_items", None, 5),
        "quality-effectiveness-measure": (
            "magistrat.quality.tasks.effectiveness_measure_due",
            time(5, 30),
            None,
        ),
        "quality-documents-take-effect": ("magistrat.quality.tasks.documents_take_effect", time(5, 0), None),
        "comms-publication": ("magistrat.comms.tasks.publish_expire_and_retry", None, 1),
        "performance-kpis-compute": ("magistrat.performance.tasks.kpis_compute_ended", time(4, 30), None),
    }
    for job in jobs.values():
        assert isinstance(import_string(job.task), Task), job.name
        app = job.task.split(".")[1]
        # declared in the jobs module of the app whose task it runs
        assert job in import_string(f"magistrat.{app}.jobs.JOBS"), job.name


def test_a_job_registered_twice_differently_is_refused(monkeypatch):
    monkeypatch.setattr(scheduling, "_jobs", {})
    job = Job("nightly", "magistrat.core.tasks.daily_deadline_reminders", time(2, 0))
    register_jobs([job, job])  # the same job again is harmless (ready() may run twice in tests)
    with pytest.raises(ImproperlyConfigured):
        register_jobs([Job("nightly", "magistrat.core.tasks.daily_deadline_reminders", time(3, 0))])
    with pytest.raises(ImproperlyConfigured):
        register_jobs([Job("when", "magistrat.core.tasks.daily_deadline_reminders")])
    assert scheduled_jobs() == [job]


def test_every_app_registers_its_demo_seeder_in_the_order_the_demo_office_needs():
    # The order is part of the demo office (one random generator, units and heads handed on):
    # it is the order the seeders ran in when core listed them.
    assert registered_seeders(live=False) == [
        "magistrat.org.demo.seed",
        "magistrat.registers.demo.seed",
        "magistrat.feedback.demo.seed",
        "magistrat.services.demo.seed",
    ]
    assert registered_seeders(live=True) == [
        "magistrat.isms.demo.seed",
        "magistrat.bip.demo.seed",
        "magistrat.registers.demo.seed_live",
        "magistrat.competence.demo.seed",
        "magistrat.competence.demo_model.seed",
        "magistrat.comms.demo.seed",  # after the bulletin: news link to its items
        "magistrat.quality.context_demo.seed",
        # last: nonconformities link to the complaints, requests, incidents and ratings seeded before
        "magistrat.quality.demo.seed",
        "magistrat.quality.document_demo.seed",
        # after the quality register: nonconforming audit findings open records in it
        "magistrat.audits.demo.seed",
        # after every module: computed KPIs read their ratings, cases, incidents and actions
        "magistrat.performance.demo.seed",
        # after the KPIs and documents: processes link to them
        "magistrat.quality.process_demo.seed",
        # last: the management review's pack reads every module's records
        "magistrat.quality.review_demo.seed",
    ]
    for path in registered_seeders(live=False) + registered_seeders(live=True):
        assert callable(import_string(path)), path


def test_a_seeder_registered_twice_differently_is_refused(monkeypatch):
    monkeypatch.setattr(demo, "_seeders", {})
    register_seeder("magistrat.org.demo.seed", order=10)
    register_seeder("magistrat.org.demo.seed", order=10)
    with pytest.raises(ImproperlyConfigured):
        register_seeder("magistrat.org.demo.seed", order=20)
    assert registered_seeders(live=False) == ["magistrat.org.demo.seed"]


@pytest.mark.django_db
def test_the_office_comes_from_the_organisation_app(office, hr):
    request = RequestFactory().get("/")
    request.user = hr.user
    assert "office" not in core_context(request)
    assert office_context(request) == {"office": office}


@pytest.mark.django_db
def test_apps_add_their_links_to_your_account(client, hr):
    client.force_login(hr.user)
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("core:password_change")}"' in page
    assert f'href="{reverse("feedback:my_ratings")}"' in page  # registered by the ratings app
