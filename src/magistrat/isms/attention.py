"""The ISMS part of the staff home page's "needs your attention" list, and the incident clock alerts."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from magistrat.core.attention import AttentionItem, clock_item
from magistrat.core.deadlines import WARSAW, Status
from magistrat.core.permissions import has_perm, holders
from magistrat.isms.clocks import incident_clocks
from magistrat.isms.models import (
    Asset,
    ControlCheck,
    DataSubjectRequest,
    Evidence,
    Incident,
    RiskScenario,
    SoaVersion,
)
from magistrat.isms.models.risks import unsigned_risks
from magistrat.isms.selectors import SOON_DAYS, task_deadlines


def _date_status(due_on, today) -> Status:
    """Tasks, reviews and checks have plain dates: overdue after, due soon within a week."""
    if due_on < today:
        return Status.OVERDUE
    return Status.DUE_SOON if due_on <= today + timedelta(days=SOON_DAYS) else Status.OPEN


def _end_of(day) -> datetime:
    return datetime.combine(day, time.max, tzinfo=WARSAW)


def isms_attention(user) -> list[AttentionItem]:
    today = timezone.localdate()
    module = _("Information security")
    manager = has_perm(user, "isms.manage_isms")
    items: list[AttentionItem] = []
    # One selector for the overview, the home pages and the daily reminder: owners see their tasks,
    # the security officer every overdue task, leadership and auditors how many are overdue.
    others_overdue = []
    for t in task_deadlines(user=user, today=today)[:200]:
        if t.owner_id != user.pk and not manager:
            others_overdue.append(t)
            continue
        items.append(
            AttentionItem(
                title=_("Treatment task %(code)s: %(title)s") % {"code": t.scenario.code, "title": t.title},
                url=reverse("isms:risk_detail", args=[t.scenario_id]),
                module=module,
                kind="due",
                due=_end_of(t.due_on),
                status=_date_status(t.due_on, today),
            )
        )
    if others_overdue:
        count = len(others_overdue)
        items.append(
            AttentionItem(
                title=ngettext(
                    "%(count)d treatment task of the office is overdue",
                    "%(count)d treatment tasks of the office are overdue",
                    count,
                )
                % {"count": count},
                url=reverse("isms:overview") + "#overdue-tasks-count",
                module=module,
                due=_end_of(others_overdue[0].due_on),
                status=Status.OVERDUE,
            )
        )
    for risk in unsigned_risks(RiskScenario.objects.filter(owner=user)).order_by("-residual_rank")[:20]:
        items.append(
            AttentionItem(
                title=_("Sign off risk %(code)s: %(title)s") % {"code": risk.code, "title": risk.title},
                url=reverse("isms:risk_detail", args=[risk.pk]) + "#sign-off",
                module=module,
                kind="approve",
            )
        )
    for asset in Asset.objects.active().filter(owner=user, review_due__lte=today + timedelta(days=SOON_DAYS))[
        :20
    ]:
        items.append(
            AttentionItem(
                title=_("Review asset %(asset)s") % {"asset": asset},
                url=reverse("isms:asset_detail", args=[asset.pk]),
                module=module,
                due=_end_of(asset.review_due),
                status=_date_status(asset.review_due, today),
            )
        )
    checks = ControlCheck.objects.filter(next_due__lte=today + timedelta(days=SOON_DAYS)).select_related(
        "control"
    )
    checks = checks if manager else checks.filter(control__owner=user)
    for check in checks.order_by("next_due")[:20]:
        items.append(
            AttentionItem(
                title=_("Check %(check)s (%(control)s)")
                % {"check": check.title, "control": check.control.name},
                url=reverse("isms:control_detail", args=[check.control_id]),
                module=module,
                due=_end_of(check.next_due),
                status=_date_status(check.next_due, today),
            )
        )
    evidence = Evidence.objects.select_related("control").prefetch_related("revisions")
    evidence = evidence if manager else evidence.filter(control__owner=user)
    for item in evidence[:500]:
        review_due = item.review_due
        if review_due is not None and review_due <= today + timedelta(days=SOON_DAYS):
            items.append(
                AttentionItem(
                    title=_("Review the evidence %(evidence)s (%(control)s)")
                    % {"evidence": item.title, "control": item.control.name},
                    url=reverse("isms:control_detail", args=[item.control_id]),
                    module=module,
                    due=_end_of(review_due),
                    status=_date_status(review_due, today),
                )
            )
    if manager:
        items += _incident_items(Incident.objects.open(), module)
    elif Incident.objects.open().filter(handler=user).exists():
        items += _incident_items(Incident.objects.open().filter(handler=user), module)
    if has_perm(user, "isms.approve_soa"):
        for version in SoaVersion.objects.filter(state=SoaVersion.State.SUBMITTED):
            items.append(
                AttentionItem(
                    title=_("Approve the Statement of Applicability v%(number)d")
                    % {"number": version.number},
                    url=reverse("isms:soa_detail", args=[version.number]),
                    module=module,
                    kind="approve",
                )
            )
    if has_perm(user, "isms.manage_gdpr"):
        # Requests without a handler wait for the intake role (org.intake).
        for request in (
            DataSubjectRequest.objects.open().filter(handler__isnull=False).order_by("received_at")[:50]
        ):
            items.append(
                clock_item(
                    title=_("Data subject request %(number)s") % {"number": request.number},
                    url=reverse("isms:dsr_detail", args=[request.pk]),
                    module=_("GDPR"),
                    clock=request.clock,
                )
            )
    return items


def _incident_items(incidents, module) -> list[AttentionItem]:
    items = []
    for incident in incidents.prefetch_related("reports")[:50]:
        for clock in incident_clocks(incident):
            if clock.report is not None:
                continue
            items.append(
                clock_item(
                    title=f"{incident.number}: {clock.label}",
                    url=reverse("isms:incident_detail", args=[incident.pk]),
                    module=module,
                    clock=clock,
                )
            )
    return items


@task()
def incident_clock_alerts() -> int:
    """Every 15 minutes: tell the handler and the security officers when an incident's clock is in
    its last quarter or has run out (the daily reminder is too late for 24- and 72-hour periods)."""
    from django.conf import settings

    from magistrat.core.tasks import notify

    managers = list(get_user_model().objects.filter(is_active=True, pk__in=holders("isms.manage_isms")))
    sent = 0
    for incident in Incident.objects.open().select_related("handler").prefetch_related("reports"):
        for clock in incident_clocks(incident):
            status = clock.status()
            if clock.report is not None or status not in (Status.DUE_SOON, Status.OVERDUE):
                continue
            for user in {incident.handler, *managers}:
                with override(settings.LANGUAGE_CODE):
                    title = (
                        _("Overdue: %(what)s") if status == Status.OVERDUE else _("Due soon: %(what)s")
                    ) % {"what": f"{incident.number} {clock.label}"}
                    body = _("Due %(due)s.") % {"due": f"{timezone.localtime(clock.due):%Y-%m-%d %H:%M}"}
                if notify(
                    user=user,
                    title=title,
                    body=body,
                    url=reverse("isms:incident_detail", args=[incident.pk]),
                    key=f"incident-clock:{incident.pk}:{clock.kind}:{status.value}",
                ):
                    sent += 1
    return sent
