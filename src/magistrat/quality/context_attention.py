"""The context, the policy and the risk register on the home page and in the daily reminder:
owners see their risks and opportunities due for review; the quality manager sees the context and
the policy when their review is due; leadership sees a policy draft waiting for approval."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.attention import AttentionItem
from magistrat.core.deadlines import Status, end_of_day
from magistrat.core.permissions import has_perm
from magistrat.quality import risk_selectors
from magistrat.quality.models import ManagementReview, QualityRisk

# A review planned within this many days is on the quality manager's home page.
REVIEW_NOTICE_DAYS = 14


def _status(day, today) -> Status:
    return Status.OVERDUE if day < today else Status.DUE_SOON


def context_attention(user) -> list[AttentionItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    module, today = _("Quality"), timezone.localdate()
    due_risks = QualityRisk.objects.open().filter(owner=user, review_on__lte=today).order_by("review_on")
    items = [
        AttentionItem(
            title=_("Review: %(title)s") % {"title": risk.title},
            url=reverse("quality:risk_detail", args=[risk.pk]),
            module=module,
            kind="due",
            due=end_of_day(risk.review_on),
            status=_status(risk.review_on, today),
        )
        for risk in due_risks[:50]
    ]
    if has_perm(user, "quality.manage_quality"):
        due = risk_selectors.reviews_due(today=today)
        if due["context"] or due["issues"] or due["parties"]:
            items.append(
                AttentionItem(
                    title=_("Review the context of the office"),
                    url=reverse("quality:context"),
                    module=module,
                    kind="due",
                    status=Status.OVERDUE,
                )
            )
        if due["policy"]:
            items.append(
                AttentionItem(
                    title=_("Review the quality policy"),
                    url=reverse("quality:policy"),
                    module=module,
                    kind="due",
                    status=Status.OVERDUE,
                )
            )
    if has_perm(user, "quality.manage_quality"):
        soon = today + timedelta(days=REVIEW_NOTICE_DAYS)
        for review in ManagementReview.objects.filter(state="draft", planned_on__lte=soon).order_by(
            "planned_on"
        )[:10]:
            items.append(
                AttentionItem(
                    title=_("Hold the management review: %(title)s") % {"title": review.title},
                    url=reverse("quality:review_detail", args=[review.pk]),
                    module=module,
                    kind="due",
                    due=end_of_day(review.planned_on),
                    status=_status(review.planned_on, today),
                )
            )
    draft = risk_selectors.policy_draft_waiting()
    if draft is not None and has_perm(user, "quality.approve_policy") and draft.drafted_by_id != user.pk:
        items.append(
            AttentionItem(
                title=_("Approve the quality policy, version %(number)d") % {"number": draft.number},
                url=reverse("quality:policy"),
                module=module,
                kind="approve",
            )
        )
    return items
