"""The demo office's context, quality policy and risk and opportunity register after two years:
issues (one climate-related) and interested parties, two context reviews, the policy's first
version superseded by the second, and open and closed risks and opportunities with their actions.
Written through the services as the quality manager and the mayor, so records and trail agree."""

from datetime import datetime, time, timedelta

from magistrat.core.audit import audit_context
from magistrat.core.deadlines import WARSAW, next_working_day
from magistrat.core.demo import DemoContext
from magistrat.core.reference import load_yaml
from magistrat.quality.services import context as services
from magistrat.quality.services import risks as risk_services
from magistrat.quality.services.actions import action_done

DATA = "demo_context.yaml"


def seed(context: DemoContext) -> None:
    data = load_yaml("quality", DATA)
    heads, today = context.shared["heads"], context.today
    manager, mayor = heads["PJ"].user, heads["SM"].user
    with audit_context(user=manager):
        issues = [
            services.issue_save(
                by=manager, active=True, review_on=today + timedelta(days=30 + 20 * index), **issue
            )
            for index, issue in enumerate(data["issues"])
        ]
        for index, party in enumerate(data["parties"]):
            services.party_save(
                by=manager, active=True, review_on=today + timedelta(days=60 + 15 * index), **party
            )
        for day in (today - timedelta(days=340), today - timedelta(days=20)):
            services.context_review(
                by=manager,
                scope=data["scope"],
                exclusions=data["exclusions"],
                climate_relevant=True,
                climate_reason=data["climate_reason"],
                next_review_on=day + timedelta(days=365),
                today=day,
            )
    for text, days_ago in zip(data["policy"], (700, 340), strict=True):
        approved = today - timedelta(days=days_ago)
        with audit_context(user=manager):
            draft = services.policy_draft(by=manager, text=text, review_on=approved + timedelta(days=730))
        with audit_context(user=mayor):
            moment = datetime.combine(approved, time(12), tzinfo=WARSAW)
            services.policy_approve(by=mayor, version=draft, now=moment)
    climate_issue = next(issue for issue in issues if issue.climate_related)
    plan = data["risks"][:5] if context.small else data["risks"]
    for index, entry in enumerate(plan):
        _risk(context, manager, index, dict(entry), climate_issue)


def _risk(context: DemoContext, manager, index: int, entry: dict, climate_issue) -> None:
    """One record, an action on it unless it is accepted, and the whole loop for a closed one."""
    heads, units, today = context.shared["heads"], context.shared["units"], context.today
    code, closed, climate = entry.pop("unit"), entry.pop("closed"), entry.pop("climate", False)
    unit, owner = units.get(code) or units["OR"], (heads.get(code) or heads["PJ"]).user
    # every fourth record is past its review date: its owner sees it on the home page
    review_on = today - timedelta(days=3) if index % 4 == 3 else today + timedelta(days=30 + 10 * index)
    with audit_context(user=manager):
        risk = risk_services.risk_create(
            by=manager,
            unit=unit,
            owner=owner,
            review_on=review_on,
            context_issue=climate_issue if climate else None,
            **entry,
        )
        if risk.response == "accept":
            return
        action = risk_services.risk_action_add(
            by=manager,
            risk=risk,
            title=f"Działanie: {risk.title[:150]}",
            owner=owner,
            unit=unit,
            due_on=next_working_day(today + timedelta(days=14 + 7 * index)),
        )
    if not closed:
        return
    with audit_context(user=owner):
        action_done(action=action, by=owner, note="Wdrożono.")
    with audit_context(user=manager):
        reason = "Działanie wdrożone, ryzyko obniżone."
        risk_services.risk_change(by=manager, risk=risk, reason=reason, likelihood=1, impact=3)
        risk_services.risk_close(by=manager, risk=risk, reason="Ryzyko na poziomie akceptowalnym.")
