"""Who a controlled document is addressed to, and what each person still has to acknowledge.

A distribution names a unit (reaching its sub-units too), a position or one person. The
acknowledgement status of many people and documents is read in a few queries (the current
versions with their distribution, the active staff with their units and positions, the
acknowledgements of the current versions by the people asked about) into one set of versions per
person: addressed to them, acknowledged by them. The figures are set arithmetic over those (500
documents × 300 staff are 150,000 pairs, never made one by one); rows are made only for the
people a page shows (`bench/quality.py` measures the lists).
"""

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Max, Q

from magistrat.org.models import Membership, Staff, Unit
from magistrat.quality.models import Acknowledgement, Distribution, DocumentVersion
from magistrat.quality.models.documents import acknowledge_by

ACKNOWLEDGED_SECONDS = 600  # the read acknowledgements kept for the lists (valid while none is added)


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


class Row(NamedTuple):
    """One person and one current version addressed to them."""

    staff: Staff
    unit: Unit | None  # the person's primary unit
    version: DocumentVersion
    due: date | None
    done: bool  # acknowledged
    acknowledged_at: datetime | None = None  # read only when asked for (`with_times`)

    def overdue(self, today: date) -> bool:
        return not self.done and self.due is not None and self.due < today


class Person(NamedTuple):
    """A member of staff as the figures need them (the page's rows load the Staff record)."""

    pk: int
    user_id: int
    position_id: int | None


@dataclass
class Addressed:
    """The current versions addressed to each person and those they acknowledged (by staff id), as
    plain ids and sets; records are loaded only for the rows a page shows."""

    people: list[Person]  # in alphabetical order
    primary: dict[int, Unit | None]  # the person's primary unit
    numbers: dict[int, str]  # the current versions (by id): their document's number
    to: dict[int, set[int]]  # version ids addressed to the person
    done: dict[int, set[int]]  # version ids the person acknowledged (of those addressed)
    due: dict[int, date | None]  # by version id: acknowledge by
    _versions: dict[int, DocumentVersion] = field(default_factory=dict, repr=False)
    _staff: dict[int, Staff] = field(default_factory=dict, repr=False)

    def late(self, today: date) -> set[int]:
        return {pk for pk, day in self.due.items() if day is not None and day < today}

    def of_document(self, number: str) -> set[int]:
        return {pk for pk, found in self.numbers.items() if found == number}

    def chosen(
        self,
        person: Person,
        *,
        versions: set[int] | None = None,
        outstanding=False,
        late: set[int] | None = None,
    ) -> set[int]:
        """The person's versions that a list shows: of `versions` only, not yet acknowledged, overdue."""
        found = self.to[person.pk] if versions is None else self.to[person.pk] & versions
        if outstanding or late is not None:
            found = found - self.done[person.pk]
        return found & late if late is not None else found

    def load(self, people: Iterable[Person], version_ids: Iterable[int]) -> None:
        """Reads the records of the people and versions not read yet (one query each)."""
        staff_ids = {person.pk for person in people} - self._staff.keys()
        if staff_ids:
            self._staff |= Staff.objects.select_related("user").in_bulk(staff_ids)
        version_ids = set(version_ids) - self._versions.keys()
        if version_ids:
            self._versions |= DocumentVersion.objects.select_related("document").in_bulk(version_ids)

    def ordered(self, version_ids: Iterable[int]) -> list[int]:
        """The versions in their documents' number order (the order of every list)."""
        return sorted(version_ids, key=self.numbers.__getitem__)

    def rows(self, person: Person, version_ids: Iterable[int], times: dict | None = None) -> list[Row]:
        """The person's rows for the versions, in document-number order."""
        ordered = self.ordered(version_ids)
        self.load([person], ordered)
        times = times or {}
        return [
            Row(
                self._staff[person.pk],
                self.primary[person.pk],
                self._versions[pk],
                self.due[pk],
                pk in self.done[person.pk],
                times.get((pk, person.user_id)),
            )
            for pk in ordered
        ]

    def times(
        self, people: Iterable[Person], version_ids: Iterable[int] | None = None
    ) -> dict[tuple[int, int], datetime]:
        """When the people acknowledged the given current versions (None: all), by (version, user)."""
        found = Acknowledgement.objects.filter(user_id__in=[person.user_id for person in people])
        if version_ids is None:  # joined, not hundreds of ids sent with the query
            found = found.filter(version__state=DocumentVersion.State.CURRENT)
        else:
            found = found.filter(version_id__in=list(version_ids))
        return {
            (version_id, user_id): at
            for version_id, user_id, at in found.values_list("version_id", "user_id", "acknowledged_at")
            if version_id in self.numbers
        }


def nobody() -> Addressed:
    return Addressed(people=[], primary={}, numbers={}, to={}, done={}, due={})


def addressed(*, unit_ids: Iterable[int] | None = None, users=None, documents=None) -> Addressed:
    """The people in `unit_ids` (None: everyone) or the given users whom a current version of the
    given documents (None: all) is addressed to, with what they acknowledged."""
    versions = DocumentVersion.objects.current()
    if documents is not None:
        versions = versions.filter(document__in=documents)
    by_document, numbers, due = {}, {}, {}
    due_on = functools.cache(acknowledge_by)  # many versions took effect on the same day
    for pk, document_id, number, effective_on in versions.values_list(
        "pk", "document_id", "document__number", "effective_on"
    ):
        by_document[document_id], numbers[pk], due[pk] = pk, number, due_on(effective_on)
    if not by_document:
        return nobody()
    # The lists below are selected by subqueries, not by hundreds of ids sent with each query.
    reach_unit, reach_position, reach_person = defaultdict(set), defaultdict(set), defaultdict(set)
    for document_id, unit_id, position_id, person_id in Distribution.objects.filter(
        document_id__in=versions.values("document_id")
    ).values_list("document_id", "unit_id", "position_id", "person_id"):
        version_id = by_document[document_id]
        if unit_id:
            reach_unit[unit_id].add(version_id)
        elif position_id:
            reach_position[position_id].add(version_id)
        else:
            reach_person[person_id].add(version_id)
    staff = Staff.objects.filter(is_active=True, user__is_active=True)
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
    people = [
        Person(*values)
        for values in staff.order_by("user__last_name", "user__first_name", "pk").values_list(
            "pk", "user_id", "position_id"
        )
    ]
    # Memberships as plain values (an office has hundreds): their units are the few of the tree.
    units = {unit.pk: unit for unit in Unit.objects.only("code", "name", "parent_id")}
    parents = {pk: unit.parent_id for pk, unit in units.items()}
    member_of, primary_of = defaultdict(set), {}
    for staff_id, unit_id, is_primary in Membership.objects.filter(
        staff_id__in=staff.values("pk")
    ).values_list("staff_id", "unit_id", "is_primary"):
        member_of[staff_id].add(unit_id)
        if is_primary:
            primary_of[staff_id] = units[unit_id]
    # People of the same units and position are addressed the same versions: one set for them all
    # (read-only, like every set here), to which only documents addressed by name are added.
    shared: dict[tuple[frozenset[int], int | None], set[int]] = {}
    primary, to = {}, {}
    for person in people:
        primary[person.pk] = primary_of.get(person.pk)
        key = (frozenset(member_of[person.pk]), person.position_id)
        if key not in shared:
            found = set(reach_position.get(person.position_id or 0, ()))
            for unit_id in _with_ancestors(key[0], parents):
                found |= reach_unit.get(unit_id, set())
            shared[key] = found
        named = reach_person.get(person.user_id)
        to[person.pk] = shared[key] | named if named else shared[key]
    acknowledgements = Acknowledgement.objects.filter(version_id__in=versions.values("pk"))
    if unit_ids is not None or users is not None:
        acknowledgements = acknowledgements.filter(user_id__in=staff.values("user_id"))
    acknowledged = _by_user(acknowledgements)
    return Addressed(
        people=people,
        primary=primary,
        numbers=numbers,
        to=to,
        done={person.pk: acknowledged.get(person.user_id, set()) & to[person.pk] for person in people},
        due=due,
    )


def _by_user(acknowledgements) -> dict[int, set[int]]:
    """The acknowledged version ids per user: an office's 150,000 pairs read in one fetch, without
    making a row object of each. Kept in the cache under the table's newest id when read, so a new
    one is seen at once: acknowledgements are only ever added (nothing deletes one, both foreign keys
    protect it, and ids are never reused), so the newest id says what the table holds."""
    newest = Acknowledgement.objects.aggregate(newest=Max("pk"))["newest"]
    query = acknowledgements.order_by().values_list("user_id", "version_id").query
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:  # nobody asked about
        return {}
    key = "quality:acknowledged:" + hashlib.sha256(repr((newest, sql, params)).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            pairs = cursor.fetchall()
        found = defaultdict(set)
        for user_id, version_id in pairs:
            found[user_id].add(version_id)
        found = dict(found)
        cache.set(key, found, ACKNOWLEDGED_SECONDS)
    return found


def status_rows(
    *, unit_ids: Iterable[int] | None = None, users=None, documents=None, with_times: bool = False
) -> list[Row]:
    """Every (person, current version) pair of the people in `unit_ids` (None: everyone) or of the
    given users, for the given documents (None: all), acknowledged or not; `with_times` reads when
    each acknowledgement was made."""
    found = addressed(unit_ids=unit_ids, users=users, documents=documents)
    found.load(found.people, set().union(*found.to.values()))
    times = found.times(found.people) if with_times else None
    return [row for person in found.people for row in found.rows(person, found.to[person.pk], times)]
