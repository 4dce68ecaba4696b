from django.urls import reverse
from django.utils.translation import gettext as _

from magistrat.core.attention import AttentionItem, clock_item
from magistrat.core.permissions import has_perm, unit_scope
from magistrat.registers.models import Complaint


def complaints_attention(user):
    """Open cases the user handles or supervises. Cases not assigned yet go to the register's intake
    (`org.intake`) instead."""
    items = []
    if has_perm(user, "registers.manage_complaints"):
        cases = Complaint.objects.open().in_units(unit_scope(user, "registers.manage_complaints"))
        cases = cases.filter(unit__isnull=False).select_related("unit").prefetch_related("extensions")
        for case in cases.order_by("received_at")[:50]:
            items.append(
                clock_item(
                    title=f"{case.number}: {case.subject}",
                    url=reverse("registers:complaint_detail", args=[case.pk]),
                    module=_("Complaints and motions"),
                    clock=case.clock,
                )
            )
    return items


def info_requests_attention(user):
    """Open requests for public information the user handles or supervises, with their 14-day clock."""
    from magistrat.registers.models import InfoRequest

    if not has_perm(user, "registers.manage_requests"):
        return []
    cases = InfoRequest.objects.open().in_units(unit_scope(user, "registers.manage_requests"))
    cases = cases.filter(unit__isnull=False)  # the others wait for intake (org.intake)
    return [
        clock_item(
            title=f"{case.number}: {case.subject}",
            url=reverse("registers:request_detail", args=[case.pk]),
            module=_("Public information"),
            clock=case.clock,
        )
        for case in cases.order_by("received_at")[:50]
    ]


def petitions_attention(user):
    """Open petitions with their 3-month clock; in May and June, the yearly summary due by 30 June."""
    from datetime import date

    from django.utils import timezone

    from magistrat.bip.models import Item
    from magistrat.registers.models import Petition
    from magistrat.registers.services import petition_summary_slug

    items = []
    if has_perm(user, "registers.manage_requests"):
        scope = unit_scope(user, "registers.manage_requests")
        petitions = Petition.objects.open().filter(unit__isnull=False)  # the others wait for intake
        if scope is not None:
            petitions = petitions.filter(unit_id__in=scope)
        for petition in petitions.order_by("filed_at")[:30]:
            items.append(
                clock_item(
                    title=f"{petition.number}: {petition.subject}",
                    url=reverse("registers:petition_detail", args=[petition.pk]),
                    module=_("Petitions"),
                    clock=petition.clock,
                )
            )
    today = timezone.localdate()
    if has_perm(user, "bip.edit_items") and 5 <= today.month <= 6:
        year = today.year - 1
        summary = Item.objects.public().filter(slug=petition_summary_slug(year)).exists()
        if not summary:
            from magistrat.core.deadlines import Status, end_of_day

            deadline = end_of_day(date(today.year, 6, 30))
            items.append(
                AttentionItem(
                    title=_("Publish the summary of petitions of %(year)d (art. 14, by 30 June)")
                    % {"year": year},
                    url=reverse("registers:petition_list"),
                    module=_("Petitions"),
                    kind="due",
                    due=deadline,
                    status=Status.DUE_SOON if today.month == 6 else Status.OPEN,
                )
            )
    return items
