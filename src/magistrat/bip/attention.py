"""BIP items waiting for the user on the staff home page, and the accessibility statement's review."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.bip.models import BulletinSettings
from magistrat.bip.selectors import approval_queue, drafts_of
from magistrat.core.attention import AttentionItem
from magistrat.core.permissions import has_perm


def bulletin_attention(user) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    module = _("Public Information Bulletin")
    if has_perm(user, "bip.approve_items"):
        for item in approval_queue():
            items.append(
                AttentionItem(
                    title=_("Approve: %(title)s") % {"title": item.title},
                    url=reverse("bip:item_detail", args=[item.pk]),
                    module=module,
                    kind="approve",
                )
            )
    if has_perm(user, "bip.edit_items"):
        for item in drafts_of(user=user):
            returned = item.open_return
            items.append(
                AttentionItem(
                    title=(
                        _("Returned for changes: %(title)s") if returned else _("Draft to finish: %(title)s")
                    )
                    % {"title": item.title},
                    url=reverse("bip:item_detail", args=[item.pk]),
                    module=module,
                    detail=returned.comment[:300] if returned else "",
                )
            )
    if has_perm(user, "bip.manage_bulletin"):
        settings = BulletinSettings.objects.first()
        # The accessibility statement is reviewed at least once a year (ustawa o dostępności cyfrowej).
        if settings and settings.accessibility_reviewed_on < timezone.localdate() - timedelta(days=365):
            items.append(
                AttentionItem(
                    title=_("Review the accessibility statement (last reviewed %(date)s)")
                    % {"date": settings.accessibility_reviewed_on.isoformat()},
                    url=reverse("bip:settings"),
                    module=module,
                )
            )
    return items
