from django.urls import reverse
from django.utils.translation import gettext as _

from magistrat.core.attention import AttentionItem
from magistrat.core.permissions import has_perm, unit_scope
from magistrat.registers.models import Complaint


def complaints_attention(user):
    """Open cases the user handles or supervises, and unassigned cases for those who assign them."""
    items = []
    if has_perm(user, "registers.manage_complaints"):
        cases = Complaint.objects.open().in_units(unit_scope(user, "registers.manage_complaints"))
        cases = cases.filter(unit__isnull=False).select_related("unit").prefetch_related("extensions")
        for case in cases.order_by("received_at")[:50]:
            clock = case.clock
            items.append(
                AttentionItem(
                    title=f"{case.number}: {case.subject}",
                    url=reverse("registers:complaint_detail", args=[case.pk]),
                    module=_("Complaints and motions"),
                    kind="due",
                    due=clock.due,
                    status=clock.status(),
                )
            )
    if has_perm(user, "registers.register_complaints"):
        for case in Complaint.objects.open().filter(unit__isnull=True).prefetch_related("extensions")[:20]:
            items.append(
                AttentionItem(
                    title=_("Assign %(number)s: %(subject)s")
                    % {"number": case.number, "subject": case.subject},
                    url=reverse("registers:complaint_detail", args=[case.pk]),
                    module=_("Complaints and motions"),
                    due=case.clock.due,
                    status=case.clock.status(),
                )
            )
    return items


def info_requests_attention(user):
    """Open requests for public information the user handles or supervises, with their 14-day clock."""
    from magistrat.registers.models import InfoRequest

    if not has_perm(user, "registers.manage_requests"):
        return []
    cases = InfoRequest.objects.open().in_units(unit_scope(user, "registers.manage_requests"))
    items = []
    for case in cases.order_by("received_at")[:50]:
        clock = case.clock
        items.append(
            AttentionItem(
                title=f"{case.number}: {case.subject}",
                url=reverse("registers:request_detail", args=[case.pk]),
                module=_("Public information"),
                kind="due",
                due=clock.due,
                status=clock.status(),
            )
        )
    return items
