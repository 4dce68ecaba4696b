"""Writes of the mayor's orders (signed legal acts: recorded, never approved here) and of the
register of external documents. The quality manager keeps both; named audit events."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import has_perm, require_may
from magistrat.core.uploads import CheckedFile
from magistrat.quality.models import ExternalDocument, MayorOrder

MANAGE = "quality.manage_quality"


@transaction.atomic
def order_register(
    *,
    by,
    number: str,
    title: str,
    signed_on: date,
    signatory: str,
    in_force_from: date,
    file: CheckedFile | None = None,
    repeals: list[MayorOrder] | tuple = (),
    jrwa_symbol: str = "0050",
    archive_category: str = "A",
) -> MayorOrder:
    """Record a signed order; the orders it repeals are marked repealed from its entry into force."""
    if not has_perm(by, MANAGE):
        raise PermissionDenied
    order = MayorOrder(
        number=number.strip(),
        title=title.strip(),
        signed_on=signed_on,
        signatory=signatory.strip(),
        in_force_from=in_force_from,
        jrwa_symbol=jrwa_symbol,
        archive_category=archive_category,
        registered_by=by,
    )
    clean_or_refuse(order)
    if file is not None:
        order.filename, order.content_type, order.sha256 = file.name, file.content_type, file.sha256
        order.file.save(file.name, ContentFile(file.data), save=False)
    order.save()
    log_action(
        order,
        "quality.order.registered",
        user=by,
        data={
            "number": order.number,
            "signed_on": signed_on.isoformat(),
            "in_force_from": in_force_from.isoformat(),
        },
    )
    for old in repeals:
        order_repeal(order=old, repealed_by=order, by=by)
    return order


@transaction.atomic
def order_repeal(*, order: MayorOrder, repealed_by: MayorOrder, by) -> MayorOrder:
    require_may(by, MANAGE, order)
    order = MayorOrder.objects.select_for_update().get(pk=order.pk)
    if order.repealed_by_id is not None:
        raise ServiceError(_("This order has already been repealed."))
    if repealed_by.pk == order.pk or repealed_by.signed_on < order.signed_on:
        raise ServiceError(_("An order is repealed only by a later order."), field="repealed_by")
    order.repealed_by, order.repealed_on = repealed_by, repealed_by.in_force_from
    order.save()
    log_action(
        order,
        "quality.order.repealed",
        user=by,
        data={"number": order.number, "by_order": repealed_by.number},
    )
    return order


@transaction.atomic
def external_save(*, external: ExternalDocument, by) -> ExternalDocument:
    """Register or change an external document (who tracks it, where it is, when to check it)."""
    created = external.pk is None
    if created and not has_perm(by, MANAGE):
        raise PermissionDenied
    require_may(by, MANAGE, external)
    clean_or_refuse(external)
    external.save()
    log_action(
        external,
        "quality.external.registered" if created else "quality.external.changed",
        user=by,
        data={"reference": external.reference, "withdrawn": external.withdrawn},
    )
    return external
