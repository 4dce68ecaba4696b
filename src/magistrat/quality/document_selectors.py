"""Reads of documented information, scoped as `quality/permissions.py` says for one record: the
quality manager sees everything; holders of `quality.view_quality` the documents of their units
(auditors and leadership all); owners theirs; everyone the documents addressed to them."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from magistrat.core.permissions import has_perm, may, unit_scope
from magistrat.quality.addressing import Row, document_ids_for, status_rows
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


def my_documents(*, user) -> list[Row]:
    """The current versions addressed to the user, acknowledged or not (their own page)."""
    return status_rows(users=[user]) if getattr(user, "is_authenticated", False) else []


def to_acknowledge(*, user) -> list[Row]:
    return [row for row in my_documents(user=user) if not row.done]


@dataclass(frozen=True)
class AckFilters:
    unit: str = ""
    document: str = ""  # document number
    outstanding: bool = False
    overdue: bool = False


def ack_rows(*, user, filters: AckFilters = AckFilters(), today: date | None = None) -> list[Row]:  # noqa: B008
    """Acknowledgement status of the people in the user's units (everyone for the quality manager,
    leadership and auditors)."""
    today = today or timezone.localdate()
    scope = None if has_perm(user, MANAGE) else unit_scope(user, VIEW)
    if scope is not None and not scope:
        return []
    unit_ids = scope
    if filters.unit:
        from magistrat.org.models import Unit

        asked = Unit.objects.filter(code=filters.unit).values_list("pk", flat=True).first()
        if asked is None or (scope is not None and asked not in scope):
            return []
        unit_ids = frozenset(Unit.objects.subtree_ids([asked]))
    documents = Document.objects.filter(number=filters.document) if filters.document else None
    rows = status_rows(unit_ids=unit_ids, documents=documents)
    if filters.outstanding:
        rows = [row for row in rows if not row.done]
    if filters.overdue:
        rows = [row for row in rows if row.overdue(today)]
    return rows


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


def ack_figures(rows: list[Row], today: date | None = None) -> AckFigures:
    today = today or timezone.localdate()
    return AckFigures(
        addressed=len(rows),
        acknowledged=sum(row.done for row in rows),
        overdue=sum(row.overdue(today) for row in rows),
    )


def ack_by_unit(rows: list[Row], today: date | None = None) -> list[tuple[str, AckFigures]]:
    """The figures per unit (the person's primary unit), worst first."""
    today = today or timezone.localdate()
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(str(row.unit) if row.unit else "–", []).append(row)
    figures = [(label, ack_figures(group, today)) for label, group in groups.items()]
    return sorted(figures, key=lambda pair: (-pair[1].overdue, pair[0]))


def overdue_acknowledgements(*, user, today: date | None = None) -> int:
    """Overdue acknowledgements in the user's view: one figure for the manager and the heads."""
    return ack_figures(ack_rows(user=user, filters=AckFilters(overdue=True), today=today), today).addressed


def acknowledgement_counts(document: Document) -> Counter:
    rows = status_rows(documents=[document])
    return Counter("done" if row.done else "outstanding" for row in rows)


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
