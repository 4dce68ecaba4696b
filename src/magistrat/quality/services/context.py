"""Writes to the context of the office and the quality policy (ISO 9001 4.1–4.3, 5.2), each a
named audit event: issues and interested parties kept, the context reviewed (a frozen, hashed
version), the policy drafted by the quality manager and approved by leadership."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import has_perm
from magistrat.core.reference import content_hash
from magistrat.quality.models import ContextIssue, ContextReview, InterestedParty, PolicyVersion

MANAGE = "quality.manage_quality"
APPROVE = "quality.approve_policy"
ISSUE_FIELDS = ("kind", "category", "title", "description", "climate_related", "active", "review_on")
PARTY_FIELDS = ("name", "requirements", "monitoring", "active", "review_on")


def _require(user, permission: str) -> None:
    if not has_perm(user, permission):
        raise PermissionDenied


def _readable(record, fields) -> dict:
    """The values an auditor reads: choice labels, dates in ISO form."""
    data = {}
    for name in fields:
        value = getattr(record, name)
        display = getattr(record, f"get_{name}_display", None)
        data[name] = str(display()) if display else value.isoformat() if isinstance(value, date) else value
    return data


def _save(record, *, by) -> bool:
    """Check and save; whether the record is new."""
    _require(by, MANAGE)
    is_new = record.pk is None
    clean_or_refuse(record)
    record.save()
    return is_new


@transaction.atomic
def issue_save(*, by, issue: ContextIssue | None = None, **values) -> ContextIssue:
    """Add an internal or external issue, or change one (`issue`)."""
    issue = issue or ContextIssue()
    for name, value in values.items():
        setattr(issue, name, value.strip() if isinstance(value, str) else value)
    is_new = _save(issue, by=by)
    log_action(
        issue,
        "quality.context_issue.created" if is_new else "quality.context_issue.changed",
        user=by,
        data=_readable(issue, ISSUE_FIELDS),
    )
    return issue


@transaction.atomic
def party_save(*, by, party: InterestedParty | None = None, **values) -> InterestedParty:
    party = party or InterestedParty()
    for name, value in values.items():
        setattr(party, name, value.strip() if isinstance(value, str) else value)
    is_new = _save(party, by=by)
    log_action(
        party,
        "quality.party.created" if is_new else "quality.party.changed",
        user=by,
        data=_readable(party, PARTY_FIELDS),
    )
    return party


def _snapshot() -> dict:
    issues = ContextIssue.objects.filter(active=True).order_by("kind", "category", "title", "pk")
    parties = InterestedParty.objects.filter(active=True).order_by("name", "pk")
    return {
        "issues": [
            {"id": issue.pk}
            | _readable(issue, ("kind", "category", "title", "description", "climate_related"))
            for issue in issues
        ],
        "parties": [
            {"id": party.pk} | _readable(party, ("name", "requirements", "monitoring")) for party in parties
        ],
    }


@transaction.atomic
def context_review(
    *,
    by,
    scope: str,
    climate_relevant: bool,
    climate_reason: str,
    next_review_on: date,
    exclusions: str = "",
    today: date | None = None,
) -> ContextReview:
    """Freeze today's issues and parties with the QMS scope as the next version of the context."""
    _require(by, MANAGE)
    today = today or timezone.localdate()
    snapshot = _snapshot()
    if not snapshot["issues"] or not snapshot["parties"]:
        raise ServiceError(
            _("Record at least one issue and one interested party before reviewing the context.")
        )
    last = ContextReview.objects.select_for_update().aggregate(top=Max("version"))["top"] or 0
    review = ContextReview(
        version=last + 1,
        reviewed_on=today,
        reviewed_by=by,
        scope=scope.strip(),
        exclusions=exclusions.strip(),
        climate_relevant=climate_relevant,
        climate_reason=climate_reason.strip(),
        snapshot=snapshot,
        next_review_on=next_review_on,
    )
    review.content_hash = content_hash(
        {
            "scope": review.scope,
            "exclusions": review.exclusions,
            "climate": [review.climate_relevant, review.climate_reason],
            "snapshot": snapshot,
        }
    )
    clean_or_refuse(review, exclude=("content_hash",))
    review.save()
    log_action(
        review,
        "quality.context.reviewed",
        user=by,
        data={
            "version": review.version,
            "issues": len(snapshot["issues"]),
            "parties": len(snapshot["parties"]),
            "climate_relevant": review.climate_relevant,
            "next_review_on": next_review_on.isoformat(),
            "hash": review.content_hash,
        },
    )
    return review


@transaction.atomic
def policy_draft(*, by, text: str, review_on: date) -> PolicyVersion:
    """Write the draft of the next policy version (or change the draft there is)."""
    _require(by, MANAGE)
    text = text.strip()
    if not text:
        raise ServiceError(_("Write the text of the policy."), field="text")
    draft = PolicyVersion.objects.select_for_update().filter(state=PolicyVersion.State.DRAFT).first()
    if draft is None:
        top = PolicyVersion.objects.aggregate(top=Max("number"))["top"] or 0
        draft = PolicyVersion(number=top + 1)
    # Whoever wrote the draft last is its author: they do not approve it (four eyes).
    draft.text, draft.review_on, draft.drafted_by = text, review_on, by
    clean_or_refuse(draft)
    is_new = draft.pk is None
    draft.save()
    log_action(
        draft,
        "quality.policy.drafted" if is_new else "quality.policy.redrafted",
        user=by,
        data={"version": draft.number, "review_on": review_on.isoformat()},
    )
    return draft


@transaction.atomic
def policy_approve(*, by, version: PolicyVersion, now: datetime | None = None) -> PolicyVersion:
    """Leadership puts the draft in force; the version in force so far is superseded. The BIP shows
    the policy in force (bip/quality_policy.py)."""
    _require(by, APPROVE)
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != PolicyVersion.State.DRAFT:
        raise ServiceError(_("Only a draft can be approved."))
    if version.drafted_by_id == by.pk:
        raise ServiceError(_("The policy is approved by someone other than its author."))
    now = now or timezone.now()
    previous = PolicyVersion.objects.filter(state=PolicyVersion.State.CURRENT).first()
    if previous is not None:
        previous.state = PolicyVersion.State.SUPERSEDED
        previous.save(update_fields=["state", "updated_at"])
    version.state, version.approved_by, version.approved_at = PolicyVersion.State.CURRENT, by, now
    version.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
    log_action(
        version,
        "quality.policy.approved",
        user=by,
        data={"version": version.number, "supersedes": previous.number if previous else None},
    )
    return version
