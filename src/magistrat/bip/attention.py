"""BIP items waiting for the user on the staff home page, and the accessibility statement's review."""

from datetime import timedelta

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.bip.models import BulletinSettings, Item, ItemReturn
from magistrat.core.attention import AttentionItem
from magistrat.core.permissions import has_perm, unit_scope


def bulletin_attention(user) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    module = _("Public Information Bulletin")
    if has_perm(user, "bip.approve_items"):
        for item in Item.objects.filter(state=Item.State.SUBMITTED).order_by("updated_at")[:30]:
            items.append(
                AttentionItem(
                    title=_("Approve: %(title)s") % {"title": item.title},
                    url=reverse("bip:item_detail", args=[item.pk]),
                    module=module,
                    kind="approve",
                )
            )
    if has_perm(user, "bip.edit_items"):
        scope = unit_scope(user, "bip.edit_items")
        drafts = Item.objects.filter(Q(entered_by=user) | Q(submitted_by=user), state=Item.State.DRAFT)
        if scope is not None:
            drafts = drafts.filter(unit_id__in=scope)
        drafts = drafts.prefetch_related(
            Prefetch("returns", queryset=ItemReturn.objects.filter(resolved_at__isnull=True))
        )
        for item in drafts.order_by("updated_at")[:20]:
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
