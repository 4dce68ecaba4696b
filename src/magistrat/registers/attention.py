"""The registers' open cases on the home page and in the daily reminder (core.attention)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magistrat.core.attention import AttentionItem, clock_item
from magistrat.core.deadlines import Status, end_of_day
from magistrat.core.permissions import has_perm, unit_scope
from magistrat.registers.models import Complaint, InfoRequest, Petition

# (model, heading on the home page, how many at most): open cases with their legal clock.
REGISTERS = [
    (Complaint, gettext_lazy("Complaints and motions"), 50),
    (InfoRequest, gettext_lazy("Public information"), 50),
    (Petition, gettext_lazy("Petitions"), 30),
]


def _open_cases(user, model, module, limit: int) -> list[AttentionItem]:
    """Open cases the user handles or supervises; those not assigned yet go to the register's
    intake (`org.intake`) instead."""
    perm = model.case_permissions.manage
    if not has_perm(user, perm):
        return []
    cases = model.objects.open().in_units(unit_scope(user, perm)).filter(unit__isnull=False)
    if model is Complaint:
        cases = cases.prefetch_related("extensions")
    return [
        clock_item(
            title=f"{case.number}: {case.subject}",
            url=case.get_absolute_url(),
            module=str(module),
            clock=case.clock,
        )
        for case in cases.order_by("received_at")[:limit]
    ]


def _petition_summary(user) -> list[AttentionItem]:
    """In May and June, the yearly summary of petitions due by 30 June (art. 14), until it is public."""
    from django.urls import reverse

    from magistrat.bip.models import Item
    from magistrat.registers.services import petition_summary_slug

    today = timezone.localdate()
    if not (has_perm(user, "bip.edit_items") and 5 <= today.month <= 6):
        return []
    year = today.year - 1
    if Item.objects.public().filter(slug=petition_summary_slug(year)).exists():
        return []
    return [
        AttentionItem(
            title=_("Publish the summary of petitions of %(year)d (art. 14, by 30 June)") % {"year": year},
            url=reverse("registers:petition_list"),
            module=_("Petitions"),
            kind="due",
            due=end_of_day(date(today.year, 6, 30)),
            status=Status.DUE_SOON if today.month == 6 else Status.OPEN,
        )
    ]


def registers_attention(user) -> list[AttentionItem]:
    items = []
    for model, module, limit in REGISTERS:
        items += _open_cases(user, model, module, limit)
    return items + _petition_summary(user)
