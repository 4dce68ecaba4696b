from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from magistrat.core.attention import AttentionItem
from magistrat.core.permissions import has_perm, requires_two_factor
from magistrat.org.models import Unit


def org_attention(user):
    items = []
    if requires_two_factor(user) and not user_has_device(user):
        items.append(
            AttentionItem(
                title=_("Set up two-factor authentication"),
                url=reverse("core:two_factor_setup"),
                module=_("Account"),
                detail=_("Your role requires a one-time code at every sign-in."),
            )
        )
    if has_perm(user, "org.manage_units"):
        for unit in Unit.objects.active().filter(head__isnull=True, kind__in=["department", "office"])[:10]:
            items.append(
                AttentionItem(
                    title=_("Unit %(code)s has no head") % {"code": unit.code},
                    url=reverse("org:unit_detail", args=[unit.code]),
                    module=_("Organisation"),
                )
            )
    return items
