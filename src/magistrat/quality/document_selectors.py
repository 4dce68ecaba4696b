"""Reads of documented information, scoped as `quality/permissions.py` says for one record: the
quality manager sees everything; holders of `quality.view_quality` the documents of their units
(auditors and leadership all); owners theirs; everyone the documents addressed to them."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from magistrat.core.permissions import has_perm, may, unit_scope
from magistrat.quality.addressing import (
    Addressed,
    Person,
    Row,
    addressed,
    document_ids_for,
    nobody,
)
from magistrat.quality.models import Document, DocumentVersion, ExternalDocument, MayorOrder

VIEW, MANAGE = "quality.view_quality", "quality.manage_quality"


def documents_visible(user) -> QuerySet[Document]:
    documents = Document.objects.all()
    if has_perm(user, MANAGE):
        return documents
    scope = unit_scope(user, VIEW)
    if scope is None:
        return documents
    return documents.filter(Q(owner_id=user.pk) | Q(unit_id__in=scope) | Q(pk__in=document_ids_for(user)))


@dataclass(frozen=True)
class DocumentFilters:
    kind: str = ""
    unit: str = ""  # unit code
    review_due: bool = False
    query: str = ""


def document_list(
    *, user, filters: DocumentFilters = DocumentFilters(), today: date | None = None
) -> QuerySet:  # noqa: B008
    current = DocumentVersion.objects.current()
    documents = (
        documents_visible(user)
        .select_related("owner", "unit")
        .prefetch_related(Prefetch("versions", queryset=current, to_attr="current_versions"))
    )
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.unit:
        documents = documents.filter(unit__code=filters.unit)
    if filters.review_due:
        documents = documents.filter(next_review_on__lte=today or timezone.localdate())
    if filters.query:
        documents = documents.filter(Q(number__icontains=filters.query) | Q(title__icontains=filters.query))
    return documents.order_by("number", "pk")


def document_get(*, user, pk: int) -> Document:
    document = Document.objects.select_related("owner", "unit", "created_by").filter(pk=pk).first()
    if document is None or not may(user, VIEW, document):
        raise Http404
    return document


def version_get(*, user, pk: int) -> DocumentVersion:
    version = (
        DocumentVersion.objects.select_related("document", "author", "approved_by").filter(pk=pk).first()
    )
    if version is None or not may(user, VIEW, version):
        raise Http404
    return version


@dataclass(frozen=True)
class MyDocuments:
    to_do: list[Row]  # not acknowledged yet, in document-number order
    done: list[Row]  # acknowledged, the latest first
    done_count: int


def my_documents(*, user, done_shown: int | None = None) -> MyDocuments:
    """The current versions addressed to the user (their own page): those still to acknowledge, and
    the latest `done_shown` acknowledged (None: all). Only the versions shown are read."""
    found = addressed(users=[user]) if getattr(user, "is_authenticated", False) else nobody()
    if not found.people:
        return MyDocuments(to_do=[], done=[], done_count=0)
    person = found.people[0]
    done = found.done[person.pk]
    latest: list[int] = []
    times = {}
    if done_shown != 0:
        times = found.times([person])
        latest = sorted(done, key=lambda pk: times[(pk, person.user_id)], reverse=True)[:done_shown]
    outstanding = found.to[person.pk] - done
    found.load([person], outstanding | set(latest))
    by_version = {row.version.pk: row for row in found.rows(person, latest, times)}
    return MyDocuments(
        to_do=found.rows(person, outstanding),
        done=[by_version[pk] for pk in latest],
        done_count=len(done),
    )


def to_acknowledge(*, user) -> list[Row]:
    return my_documents(user=user, done_shown=0).to_do


@dataclass(frozen=True)
class AckFilters:
    unit: str = ""
    document: str = ""  # document number
    outstanding: bool = False
    overdue: bool = False


def acknowledgements(*, user, unit: str = "", document: str = "") -> Addressed:
    """Who was addressed what and acknowledged it, among the people of the user's units (everyone
    for the quality manager, leadership and auditors), of one unit (with its sub-units) or one
    document when asked for."""
    scope = None if has_perm(user, MANAGE) else unit_scope(user, VIEW)
    if scope is not None and not scope:
        return nobody()
    unit_ids = scope
    if unit:
        from magistrat.org.models import Unit

        asked = Unit.objects.filter(code=unit).values_list("pk", flat=True).first()
        if asked is None or (scope is not None and asked not in scope):
            return nobody()
        unit_ids = frozenset(Unit.objects.subtree_ids([asked]))
    documents = Document.objects.filter(number=document) if document else None
    return addressed(unit_ids=unit_ids, documents=documents)


PAGE_ROWS = 100  # rows of the acknowledgement status on a page


class AckList(Sequence[Row]):
    """The rows the filters keep, person by person in alphabetical order, made only for the slice a
    page shows (a Paginator takes it like a list)."""

    def __init__(self, found: Addressed, filters: AckFilters, today: date, *, with_times: bool = False):
        self.found, self.with_times = found, with_times
        versions = None
        if filters.document:
            versions = found.of_document(filters.document)
        late = found.late(today) if filters.overdue else None
        self.chosen = [
            (person, found.chosen(person, versions=versions, outstanding=filters.outstanding, late=late))
            for person in found.people
        ]
        self.chosen = [(person, pks) for person, pks in self.chosen if pks]

    def _shown(self, start: int, stop: int) -> list[tuple[Person, set[int], int]]:
        """The people whose rows fall in [start, stop), each with how many rows come before them."""
        shown, seen = [], 0
        for person, pks in self.chosen:
            if seen >= stop:
                break
            if seen + len(pks) > start:
                shown.append((person, pks, seen))
            seen += len(pks)
        return shown

    def __len__(self) -> int:
        return sum(len(pks) for _, pks in self.chosen)

    def __getitem__(self, index):  # type: ignore[override]
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        # Each person's versions in document-number order, cut to the slice before any is read.
        shown = [
            (person, self.found.ordered(pks)[max(0, start - before) : stop - before])
            for person, pks, before in self._shown(start, stop)
        ]
        self.found.load([person for person, _ in shown], {pk for _, pks in shown for pk in pks})
        times = None
        if self.with_times:
            times = self.found.times([person for person, _ in shown], {pk for _, pks in shown for pk in pks})
        return [row for person, pks in shown for row in self.found.rows(person, pks, times)]


def ack_rows(
    *, user, filters: AckFilters = AckFilters(), today: date | None = None, with_times: bool = False
) -> list[Row]:  # noqa: B008
    """Every row of the acknowledgement status the filters keep (exports, checks)."""
    today = today or timezone.localdate()
    found = acknowledgements(user=user, unit=filters.unit, document=filters.document)
    return list(AckList(found, replace(filters, document=""), today, with_times=with_times)[:])


@dataclass(frozen=True)
class AckFigures:
    addressed: int
    acknowledged: int
    overdue: int

    @property
    def outstanding(self) -> int:
        return self.addressed - self.acknowledged

    @property
    def share(self) -> int:
        return round(100 * self.acknowledged / self.addressed) if self.addressed else 100


def ack_figures(
    found: Addressed,
    today: date | None = None,
    people: list[Person] | None = None,
    *,
    late: set[int] | None = None,
) -> AckFigures:
    """Set arithmetic over the people's versions: addressed, acknowledged, overdue (past `today`, or
    those of `late` when the caller has them)."""
    if late is None:
        late = found.late(today or timezone.localdate())
    addressed_count = acknowledged = overdue = 0
    for person in found.people if people is None else people:
        to, done = found.to[person.pk], found.done[person.pk]
        addressed_count += len(to)
        acknowledged += len(done)
        overdue += len((to - done) & late)
    return AckFigures(addressed=addressed_count, acknowledged=acknowledged, overdue=overdue)


def ack_by_unit(found: Addressed, today: date | None = None) -> list[tuple[str, AckFigures]]:
    """The figures per unit (the person's primary unit), worst first."""
    groups: dict[str, list[Person]] = {}
    for person in found.people:
        unit = found.primary[person.pk]
        groups.setdefault(str(unit) if unit else "–", []).append(person)
    late = found.late(today or timezone.localdate())
    figures = [(label, ack_figures(found, people=people, late=late)) for label, people in groups.items()]
    return sorted(figures, key=lambda pair: (-pair[1].overdue, pair[0]))


def overdue_acknowledgements(*, user, today: date | None = None) -> int:
    """Overdue acknowledgements in the user's view: one figure for the manager and the heads."""
    return ack_figures(acknowledgements(user=user), today).overdue


def acknowledgement_counts(document: Document) -> Counter:
    figures = ack_figures(addressed(documents=[document]))
    return Counter(done=figures.acknowledged, outstanding=figures.outstanding)


def orders_visible(user) -> QuerySet[MayorOrder]:
    return (
        MayorOrder.objects.select_related("repealed_by")
        if has_perm(user, VIEW)
        else MayorOrder.objects.none()
    )


def order_get(*, user, pk: int) -> MayorOrder:
    order = MayorOrder.objects.select_related("repealed_by", "registered_by").filter(pk=pk).first()
    if order is None or not may(user, VIEW, order):
        raise Http404
    return order


def externals_visible(user) -> QuerySet[ExternalDocument]:
    externals = ExternalDocument.objects.select_related("owner", "unit")
    if has_perm(user, MANAGE):
        return externals
    scope = unit_scope(user, VIEW)
    if scope is None:
        return externals
    return externals.filter(Q(owner_id=user.pk) | Q(unit_id__in=scope))


def external_get(*, user, pk: int) -> ExternalDocument:
    external = externals_visible(user).filter(pk=pk).first()
    if external is None:
        raise Http404
    return external
