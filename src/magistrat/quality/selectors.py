"""Reads of the quality module, scoped by permission (`quality/permissions.py` says the same for
one object): the quality manager sees everything; holders of `quality.view_quality` the records of
their units; everyone their own actions and the nonconformities they reported."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from magistrat.core.permissions import has_perm, unit_scope
from magistrat.quality.models import Action, Nonconformity
from magistrat.quality.models.actions import ActionQuerySet
from magistrat.quality.models.nonconformities import NonconformityQuerySet

VIEW, MANAGE = "quality.view_quality", "quality.manage_quality"


def scoped[Q_T: QuerySet](queryset: Q_T, user, mine: Q) -> Q_T:
    if has_perm(user, MANAGE):
        return queryset
    scope = unit_scope(user, VIEW)
    if scope is None:
        return queryset
    return queryset.filter(mine | Q(unit_id__in=scope))


def actions_visible(user) -> ActionQuerySet:
    return scoped(Action.objects.all(), user, Q(owner_id=user.pk))


def ncs_visible(user) -> NonconformityQuerySet:
    return scoped(Nonconformity.objects.all(), user, Q(reported_by_id=user.pk))


@dataclass(frozen=True)
class ActionFilters:
    state: str = ""
    unit: str = ""  # unit code
    overdue: bool = False
    query: str = ""


def action_list(*, user, filters: ActionFilters = ActionFilters(), today: date | None = None) -> QuerySet:  # noqa: B008
    actions = actions_visible(user).select_related("owner", "unit")
    if filters.state:
        actions = actions.filter(state=filters.state)
    if filters.unit:
        actions = actions.filter(unit__code=filters.unit)
    if filters.overdue:
        actions = actions.overdue(today or timezone.localdate())
    if filters.query:
        actions = actions.filter(Q(title__icontains=filters.query) | Q(origin_label__icontains=filters.query))
    return actions.order_by("state", "due_on", "pk")


def my_actions(*, user) -> QuerySet:
    return Action.objects.filter(owner=user).select_related("unit").order_by("state", "due_on", "pk")


def action_get(*, user, pk: int) -> Action:
    action = (
        actions_visible(user).select_related("owner", "unit", "done_by", "created_by").filter(pk=pk).first()
    )
    if action is None:
        raise Http404
    return action


def overdue_count(*, user, today: date | None = None) -> int:
    """Overdue actions in the user's view: one figure for the quality manager, leadership and heads."""
    return actions_visible(user).overdue(today or timezone.localdate()).count()


@dataclass(frozen=True)
class NcFilters:
    state: str = ""
    source: str = ""
    unit: str = ""
    query: str = ""


def nc_list(*, user, filters: NcFilters = NcFilters()) -> QuerySet:  # noqa: B008
    ncs = ncs_visible(user).select_related("unit")
    if filters.state:
        ncs = ncs.filter(state=filters.state)
    if filters.source:
        ncs = ncs.filter(source=filters.source)
    if filters.unit:
        ncs = ncs.filter(unit__code=filters.unit)
    if filters.query:
        ncs = ncs.filter(Q(number__icontains=filters.query) | Q(title__icontains=filters.query))
    return ncs


def nc_get(*, user, pk: int) -> Nonconformity:
    nc = ncs_visible(user).select_related("unit", "reported_by", "linked_type").filter(pk=pk).first()
    if nc is None:
        raise Http404
    return nc


def ncs_for(*, user, obj) -> QuerySet:
    """The records linked to another module's record, as the user may see them."""
    return ncs_visible(user).linked_to(obj).order_by("-detected_on", "-pk")
