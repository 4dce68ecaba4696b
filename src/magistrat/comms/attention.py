"""The newsroom on the home page and in the daily reminder: approvers see news waiting for approval,
crisis messages to confirm and templates to approve; channel managers see deliveries given up;
editors see their drafts returned with a comment."""

from django.urls import reverse
from django.utils.translation import gettext as _

from magistrat.comms import selectors
from magistrat.comms.models import NewsItem
from magistrat.core.attention import AttentionItem
from magistrat.core.deadlines import Status
from magistrat.core.permissions import has_perm


def news_attention(user) -> list[AttentionItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    module = _("News and channels")
    items: list[AttentionItem] = []
    if has_perm(user, "comms.approve_news"):
        for news in selectors.crisis_unconfirmed()[:50]:
            items.append(
                AttentionItem(
                    title=_("Confirm the crisis message: %(title)s") % {"title": news.title},
                    url=reverse("comms:news_detail", args=[news.pk]),
                    module=module,
                    kind="approve",
                    status=Status.OVERDUE,
                )
            )
        for news in selectors.approval_queue().exclude(author=user)[:50]:
            items.append(
                AttentionItem(
                    title=_("Approve the news: %(title)s") % {"title": news.title},
                    url=reverse("comms:news_detail", args=[news.pk]),
                    module=module,
                    kind="approve",
                )
            )
        for template in selectors.templates_to_approve().exclude(created_by=user)[:20]:
            items.append(
                AttentionItem(
                    title=_("Approve the crisis template: %(title)s") % {"title": template.title},
                    url=reverse("comms:template_list"),
                    module=module,
                    kind="approve",
                )
            )
    if has_perm(user, "comms.manage_channels"):
        for delivery in selectors.failed_deliveries()[:20]:
            items.append(
                AttentionItem(
                    title=_("Not sent to %(channel)s: %(title)s")
                    % {"channel": delivery.channel, "title": delivery.news.title},
                    url=reverse("comms:news_detail", args=[delivery.news_id]),
                    module=module,
                    detail=delivery.error[:200],
                )
            )
    for news in NewsItem.objects.filter(author=user, state=NewsItem.State.DRAFT).exclude(return_comment="")[
        :20
    ]:
        items.append(
            AttentionItem(
                title=_("Returned for changes: %(title)s") % {"title": news.title},
                url=reverse("comms:news_detail", args=[news.pk]),
                module=module,
                detail=news.return_comment[:200],
            )
        )
    return items
