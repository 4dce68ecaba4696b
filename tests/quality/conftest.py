"""People and records of the quality tests: the quality manager, unit heads of SA and FN, and a
member of staff of FN who owns actions without any role."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from magistrat.quality.services import nonconformities as ncs
from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _english(english):
    """The quality tests read English text (tests/conftest.py `english`)."""


@pytest.fixture
def owner(units):
    return StaffFactory(unit=units["FN"]).user


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def monday(today) -> date:
    """A working day a few weeks ahead (never a holiday in the tests' calendar)."""
    from magistrat.core.deadlines import is_working_day

    day = today + timedelta(days=21)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@pytest.fixture
def make_nc(quality, units, today):
    def make(unit="FN", **extra):
        return ncs.nc_raise(
            by=quality,
            source_code="staff_report",
            title=extra.pop("title", "Wrong fee charged"),
            description="A resident was charged the old fee.",
            unit=units[unit],
            detected_on=today,
            **extra,
        )

    return make


@pytest.fixture
def analysed(make_nc, quality):
    def make(unit="FN"):
        return ncs.nc_analyse(
            nc=make_nc(unit),
            by=quality,
            whys=[{"why": "Old fee shown", "because": "The table was not updated"}],
            causes={"methods": "No owner of the fee table"},
            root_cause="Nobody owns the fee table.",
        )

    return make


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="procedure.pdf"):
    from magistrat.core.uploads import CheckedFile

    return CheckedFile(name, "pdf", "application/pdf", len(PDF), "0" * 64, PDF)


@pytest.fixture
def make_document(quality, owner, units):
    """A document owned by `owner` (a member of FN staff), registered by the quality manager."""
    from magistrat.quality.services import documents as docs

    def make(number="P-04", unit="FN", doc_owner=None, **extra):
        return docs.document_create(
            by=quality,
            number=number,
            title=extra.pop("title", "Control of documents"),
            kind=extra.pop("kind", "procedure"),
            owner=doc_owner or owner,
            unit=units[unit],
            jrwa_symbol=extra.pop("jrwa_symbol", "0121"),
            archive_category=extra.pop("archive_category", "B10"),
            **extra,
        )

    return make


@pytest.fixture
def current_document(make_document, quality, owner, today):
    """A document whose version 1 (written by its owner, approved by the quality manager) is
    current, addressed to the FN unit."""
    from magistrat.quality.services import documents as docs

    def make(number="P-04", unit="FN"):
        document = make_document(number, unit)
        version = docs.version_draft(document=document, by=owner, file=pdf())
        docs.version_submit(version=version, by=owner)
        docs.version_approve(version=version, by=quality, effective_on=today)
        docs.distribution_add(document=document, by=owner, unit=document.unit)
        version.refresh_from_db()
        return document, version

    return make
