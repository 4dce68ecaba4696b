"""Writes to the asset inventory."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action, set_related
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.importing import has_cycle
from magistrat.core.permissions import require_may
from magistrat.isms.models import Asset


def dependency_edges() -> dict[str, set[str]]:
    """asset id (as text) → ids of the assets it depends on, for the whole inventory."""
    edges: dict[str, set[str]] = {}
    for source, target in Asset.depends_on.through.objects.values_list("from_asset_id", "to_asset_id"):
        edges.setdefault(str(source), set()).add(str(target))
    return edges


@transaction.atomic
def asset_save(*, asset: Asset, depends_on: Iterable[Asset] | None = None) -> Asset:
    """Create or change an asset; its dependencies may not lead back to it."""
    clean_or_refuse(asset)
    asset.save()
    if depends_on is not None:
        depends_on = list(depends_on)
        wanted = {a.pk for a in depends_on}
        if asset.pk in wanted:
            raise ServiceError(_("An asset cannot depend on itself."), field="depends_on")
        edges = dependency_edges()
        edges[str(asset.pk)] = {str(pk) for pk in wanted}
        if has_cycle(str(asset.pk), edges):
            raise ServiceError(
                _("These dependencies would be circular: an asset would depend on itself through others."),
                field="depends_on",
            )
        set_related(asset, "depends_on", depends_on)
    return asset


@transaction.atomic
def asset_review(*, asset: Asset, next_review: date, user) -> Asset:
    """The owner (or the security officer) confirms the record is still right and sets the next review."""
    require_may(user, "isms.manage_isms", asset)
    today = timezone.localdate()
    if next_review <= today:
        raise ServiceError(_("The next review must be a future date."), field="next_review")
    asset.reviewed_on, asset.review_due = today, next_review
    asset.save()
    log_action(
        asset,
        "isms.asset.reviewed",
        user=user,
        data={"asset": asset.code, "reviewed_on": today.isoformat(), "next_review": next_review.isoformat()},
    )
    return asset
