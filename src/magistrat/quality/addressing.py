"""Who a controlled document is addressed to, and what each person still has to acknowledge.

A distribution names a unit (reaching its sub-units too), a position or one person. The
acknowledgement status of many people and documents is computed in a few queries: the current
versions with their distribution, the active staff with their units and positions, and the
acknowledgements of the current versions, matched in memory (500 documents × 300 staff stays
well under the lists' time budget).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from magistrat.org.models import Staff, Unit
from magistrat.quality.models import Acknowledgement, Distribution, DocumentVersion


def _parents() -> dict[int, int | None]:
    return dict(Unit.objects.values_list("id", "parent_id"))


def _with_ancestors(unit_ids: Iterable[int], parents: dict[int, int | None]) -> set[int]:
    found: set[int] = set()
    for unit_id in unit_ids:
        node: int | None = unit_id
        while node is not None and node not in found:
            found.add(node)
            node = parents.get(node)
    return found


def _staff_of(user) -> Staff | None:
    return Staff.objects.filter(user=user, is_active=True).prefetch_related("memberships").first()


def document_ids_for(user) -> set[int]:
    """The documents addressed to the user (through their units, position or by name)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    staff = _staff_of(user)
    reach = Q(person_id=user.pk)
    if staff is not None:
        units = _with_ancestors((m.unit_id for m in staff.memberships.all()), _parents())
        reach |= Q(unit_id__in=units) | Q(position_id=staff.position_id)
    return set(Distribution.objects.filter(reach).values_list("document_id", flat=True))


def is_addressed(user, document) -> bool:
    return document.pk in document_ids_for(user)


@dataclass(frozen=True)
class Row:
    """One person and one current version addressed to them."""

    staff: Staff
    unit: Unit | None  # the person's primary unit
    version: DocumentVersion
    due: date | None
    acknowledged_at: object  # datetime | None

    @property
    def done(self) -> bool:
        return self.acknowledged_at is not None

    def overdue(self, today: date) -> bool:
        return not self.done and self.due is not None and self.due < today


def status_rows(*, unit_ids: Iterable[int] | None = None, users=None, documents=None) -> list[Row]:
    """Every (person, current version) pair of the people in `unit_ids` (None: everyone) or of the
    given users, for the given documents (None: all), with the acknowledgement if made."""
    versions = DocumentVersion.objects.current().select_related("document", "document__unit")
    if documents is not None:
        versions = versions.filter(document__in=documents)
    by_document = {v.document_id: v for v in versions}
    if not by_document:
        return []
    reach_unit, reach_position, reach_person = defaultdict(set), defaultdict(set), defaultdict(set)
    for dist in Distribution.objects.filter(document_id__in=by_document).values(
        "document_id", "unit_id", "position_id", "person_id"
    ):
        if dist["unit_id"]:
            reach_unit[dist["unit_id"]].add(dist["document_id"])
        elif dist["position_id"]:
            reach_position[dist["position_id"]].add(dist["document_id"])
        else:
            reach_person[dist["person_id"]].add(dist["document_id"])
    staff = Staff.objects.filter(is_active=True, user__is_active=True).select_related("user")
    # Only people some distribution can reach: members of the units addressed (with sub-units),
    # holders of the positions addressed, and the people named.
    reached_units = Unit.objects.subtree_ids(reach_unit) if reach_unit else set()
    staff = staff.filter(
        Q(memberships__unit_id__in=reached_units)
        | Q(position_id__in=list(reach_position))
        | Q(user_id__in=list(reach_person))
    ).distinct()
    if unit_ids is not None:
        staff = staff.in_units(unit_ids)
    if users is not None:
        staff = staff.filter(user__in=users)
    staff = staff.prefetch_related("memberships__unit").order_by("user__last_name", "user__first_name", "pk")
    acks = dict(
        (
            ((version_id, user_id), at)
            for version_id, user_id, at in Acknowledgement.objects.filter(
                version_id__in=[v.pk for v in by_document.values()]
            ).values_list("version_id", "user_id", "acknowledged_at")
        )
    )
    parents = _parents()
    rows: list[Row] = []
    for person in staff:
        memberships = list(person.memberships.all())
        primary = next((m.unit for m in memberships if m.is_primary), None)
        docs: set[int] = set(reach_person.get(person.user_id, ())) | reach_position.get(
            person.position_id, set()
        )
        for unit_id in _with_ancestors((m.unit_id for m in memberships), parents):
            docs |= reach_unit.get(unit_id, set())
        for document_id in sorted(docs):
            version = by_document[document_id]
            rows.append(
                Row(
                    staff=person,
                    unit=primary,
                    version=version,
                    due=version.acknowledge_by(),
                    acknowledged_at=acks.get((version.pk, person.user_id)),
                )
            )
    return rows
