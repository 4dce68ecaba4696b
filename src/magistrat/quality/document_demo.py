"""The demo office's documented information: controlled documents in versions (some superseded,
some awaiting approval), distributed to units, positions and people, acknowledged by most of
their addressees (some late, some still overdue), reviews due; the mayor's orders (one repealed
by a later one) and external documents. Written through the services as the people who act: the
quality manager registers, owners write and distribute, someone else approves, staff acknowledge.
"""

from datetime import date, datetime, time, timedelta

from magistrat.core.audit import audit_context
from magistrat.core.deadlines import WARSAW
from magistrat.core.demo import DemoContext
from magistrat.core.uploads import CheckedFile
from magistrat.quality.addressing import status_rows
from magistrat.quality.models import ExternalDocument, MayorOrder
from magistrat.quality.services import documents as docs
from magistrat.quality.services import registers

KINDS = ["procedure", "instruction", "form", "procedure", "policy", "instruction", "form"]
PREFIX = {"policy": "PL", "procedure": "P", "instruction": "I", "form": "F"}
TITLES = [
    "Nadzór nad dokumentami i zapisami",
    "Obsługa skarg i wniosków",
    "Udostępnianie informacji publicznej",
    "Wniosek o udostępnienie informacji publicznej",
    "Polityka jakości Urzędu",
    "Obieg dokumentów w EZD",
    "Karta przekazania akt do archiwum zakładowego",
    "Działania korygujące i doskonalące",
    "Audyt wewnętrzny systemu zarządzania jakością",
    "Obsługa interesanta na stanowisku",
    "Zgłoszenie niezgodności",
    "Zarządzanie ryzykiem",
    "Ochrona danych osobowych w komórce",
    "Wydawanie zaświadczeń",
]
OWNER_UNITS = [
    "OR-02",
    "OR-01",
    "BOM-01",
    "SA-03",
    "SM",
    "OR-01",
    "FN-04",
    "KS",
    "BAW",
    "BOM-02",
    "USC",
    "BP",
]
ORDERS = [
    ("18/2024", "w sprawie wprowadzenia instrukcji kancelaryjnej", 700, None),
    ("7/2025", "w sprawie systemu zarządzania jakością", 420, None),
    ("41/2025", "w sprawie zasad kontroli zarządczej", 300, None),
    ("3/2026", "w sprawie wprowadzenia nowej instrukcji kancelaryjnej", 60, "18/2024"),
]
EXTERNAL = [
    ("Ustawa o dostępie do informacji publicznej", "Sejm RP", "Dz.U. 2022 poz. 902"),
    ("Kodeks postępowania administracyjnego", "Sejm RP", "Dz.U. 2024 poz. 572"),
    ("PN-EN ISO 9001:2015", "Polski Komitet Normalizacyjny", "PN-EN ISO 9001:2015-10"),
    ("Standardy kontroli zarządczej", "Minister Finansów", "Dz.Urz. MF 2009 nr 15 poz. 84"),
    ("Instrukcja kancelaryjna", "Prezes Rady Ministrów", "Dz.U. 2011 nr 14 poz. 67"),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _file(name: str) -> CheckedFile:
    return CheckedFile(name, "pdf", "application/pdf", len(PDF), "0" * 64, PDF)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=WARSAW)


def seed(context: DemoContext) -> None:
    heads, units = context.shared["heads"], context.shared["units"]
    manager = heads["PJ"].user
    today = context.today
    count = 6 if context.small else 40
    for index in range(count):
        code = OWNER_UNITS[index % len(OWNER_UNITS)]
        if code not in heads or code not in units:
            continue
        _document(context, index, manager, heads, units[code])
    _orders(context, manager, today)
    _external(context, manager, heads, units)


def _document(context: DemoContext, index: int, manager, heads, unit) -> None:
    today = context.today
    owner = heads[unit.code].user
    approver = manager  # the owners write; the quality manager reviews and approves
    kind = KINDS[index % len(KINDS)]
    number = f"{PREFIX[kind]}-{index + 1:02d}"
    with audit_context(user=manager):
        document = docs.document_create(
            by=manager,
            number=number,
            title=TITLES[index % len(TITLES)],
            kind=kind,
            owner=owner,
            unit=unit,
            jrwa_symbol=("0121", "1510", "1431", "0143", "0123")[index % 5],
            archive_category=("A", "B10", "B5", "A", "BE5")[index % 5],
            review_every_months=12 if index % 3 else 24,
        )
    # Version 1 took effect long ago; every other document has a newer version 2, a few await approval.
    first_day = today - timedelta(days=500 - 7 * index)
    _version(document, owner, approver, first_day, note="Wydanie pierwsze.")
    with audit_context(user=owner):
        docs.distribution_add(document=document, by=owner, unit=unit)
        parent_head = unit.parent.head if unit.parent is not None else None
        if index % 4 == 0 and parent_head is not None and parent_head.user != owner:
            docs.distribution_add(document=document, by=owner, person=parent_head.user)
    recent = index % 2 == 0
    if recent:
        second_day = today - timedelta(days=(5 + 9 * index) % 60 + 1)
        _acknowledge(document, share=0.9, day=first_day + timedelta(days=5), today=today, small=context.small)
        _version(document, owner, approver, second_day, note="Aktualizacja po zmianie przepisów.")
        _acknowledge(
            document,
            share=0.5 if index % 3 else 0.8,
            day=second_day + timedelta(days=3),
            today=today,
            small=context.small,
        )
    else:
        _acknowledge(
            document, share=0.85, day=first_day + timedelta(days=4), today=today, small=context.small
        )
    if index % 5 == 3:  # a new version waiting for its approver
        with audit_context(user=owner):
            draft = docs.version_draft(
                document=document, by=owner, file=_file(f"{number}-projekt.pdf"), change_note="Projekt zmian."
            )
            docs.version_submit(version=draft, by=owner, now=_at(today - timedelta(days=2)))
    if index % 6 == 1:  # its periodic review falls due
        type(document).objects.filter(pk=document.pk).update(
            next_review_on=today - timedelta(days=index % 20)
        )


def _version(document, owner, approver, day: date, *, note: str) -> None:
    with audit_context(user=owner):
        version = docs.version_draft(
            document=document, by=owner, file=_file(f"{document.number}.pdf"), change_note=note
        )
        docs.version_submit(version=version, by=owner, now=_at(day - timedelta(days=3)))
    with audit_context(user=approver):
        docs.version_approve(
            version=version,
            by=approver,
            effective_on=day,
            note="Zatwierdzono.",
            now=_at(day - timedelta(days=2)),
        )
    docs.versions_take_effect(today=day)  # the morning job of that day


def _acknowledge(document, *, share: float, day: date, today: date, small: bool) -> None:
    rows = [row for row in status_rows(documents=[document]) if not row.done]
    count = round(len(rows) * share)
    for position, row in enumerate(rows[: min(count, 3) if small else count]):
        user = row.staff.user
        with audit_context(user=user):
            moment = min(day + timedelta(days=position % 20), today)
            docs.version_acknowledge(version=row.version, by=user, now=_at(moment))


def _orders(context: DemoContext, manager, today: date) -> None:
    by_number: dict[str, MayorOrder] = {}
    orders = ORDERS if not context.small else [ORDERS[0], ORDERS[3]]
    for number, title, days_ago, repeals in orders:
        signed = today - timedelta(days=days_ago)
        with audit_context(user=manager):
            by_number[number] = registers.order_register(
                by=manager,
                number=number,
                title=title,
                signed_on=signed,
                signatory="Prezydent Miasta",
                in_force_from=signed + timedelta(days=1),
                file=_file(f"zarzadzenie-{number.replace('/', '-')}.pdf"),
                repeals=[by_number[repeals]] if repeals in by_number else [],
            )


def _external(context: DemoContext, manager, heads, units) -> None:
    for index, (title, issuer, reference) in enumerate(EXTERNAL[: 2 if context.small else len(EXTERNAL)]):
        code = ("BP", "BP", "PJ", "BAW", "OR-01")[index]
        with audit_context(user=manager):
            registers.external_save(
                external=ExternalDocument(
                    title=title,
                    issuer=issuer,
                    reference=reference,
                    owner=heads[code].user,
                    unit=units[code],
                    next_review_on=context.today + timedelta(days=30 * (index + 1)),
                ),
                by=manager,
            )
