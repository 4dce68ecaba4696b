"""`{% load quality %}{% nonconformities_for obj %}`: another module's record page shows the
nonconformities linked to the record, and, for the quality manager, a link to raise one when the
record's source accepts it (a complaint closed as justified)."""

from django import template
from django.urls import reverse

from magistrat.core.permissions import may
from magistrat.quality import selectors
from magistrat.quality.models import Nonconformity
from magistrat.quality.sources import source_for

register = template.Library()


@register.inclusion_tag("quality/_nonconformities_for.html", takes_context=True)
def nonconformities_for(context, obj):
    user = context["request"].user
    ncs = list(selectors.ncs_for(user=user, obj=obj)[:20])
    entry = source_for(obj)
    raise_url = ""
    if (
        entry is not None
        and entry.accepts(obj)
        and may(user, "quality.manage_quality")
        and not Nonconformity.objects.open().linked_to(obj).exists()
    ):
        raise_url = f"{reverse('quality:nc_raise')}?source={entry.code}&object={obj.pk}"
    return {"ncs": ncs, "raise_url": raise_url}
