"""The one writer of CSV and XLSX downloads: Polish Excel conventions and every value a register can hold."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils.translation import override
from openpyxl import load_workbook

from magistrat.core.exports import MAX_CELL_CHARS, cell_value, tabular_response
from magistrat.core.models import AuditEntry

HOSTILE = [
    {"field": ["a", 1], "nested": {"x": "\x00"}},
    "NUL\x00inside and escape \x1b[31m and bell \x07",
    '=HYPERLINK("http://evil","click")',
    "x" * (MAX_CELL_CHARS + 500),
    datetime(2026, 11, 29, 9, 0, tzinfo=UTC),
    date(2026, 11, 29),
    Decimal("12.50"),
    True,
    None,
    "Zażółć gęślą jaźń\nnowa linia",
]
HEADERS = [f"kolumna {i}" for i in range(len(HOSTILE))]


def _export(fmt, **kwargs):
    return tabular_response(
        name="test", headers=HEADERS, rows=[HOSTILE, HOSTILE], fmt=fmt, action="core.audit.exported", **kwargs
    )


@pytest.mark.django_db
def test_csv_is_for_polish_excel_semicolons_and_a_bom():
    response = _export("csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADERS
    row = rows[1]
    assert len(row) == len(HOSTILE)
    assert row[0] == '{"field": ["a", 1], "nested": {"x": "\\u0000"}}'  # JSON, escaped
    assert row[1] == "NULinside and escape [31m and bell "
    assert row[2].startswith("'=")  # a formula stays text
    assert len(row[3]) == MAX_CELL_CHARS and row[3].endswith("…")
    assert row[4] == "2026-11-29 10:00:00"  # local time (Europe/Warsaw)
    assert row[9] == "Zażółć gęślą jaźń\nnowa linia"
    entry = AuditEntry.objects.filter(action="core.audit.exported").first()
    assert entry.data["rows"] == 2 and entry.data["separator"] == "semicolon"


@pytest.mark.django_db
def test_csv_with_commas_for_machines():
    request = RequestFactory().get("/x/", {"format": "csv", "sep": "comma"})
    response = _export(None, request=request)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS and len(rows[1]) == len(HOSTILE)


@pytest.mark.django_db
def test_xlsx_holds_every_value():
    response = _export("xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADERS
    row = values[1]
    assert row[1] == "NULinside and escape [31m and bell "
    assert row[2] == '=HYPERLINK("http://evil","click")'
    assert sheet.cell(row=2, column=3).data_type == "s"  # stored as text, never run as a formula
    assert len(row[3]) == MAX_CELL_CHARS
    assert row[4] == datetime(2026, 11, 29, 10, 0)
    assert row[6] == 12.5


def test_cell_values_are_readable():
    with override("pl"):
        assert cell_value(True) == "tak"
    with override("en"):
        assert cell_value(False) == "no"
    assert cell_value(None) == ""
    assert cell_value(["a", "b"]) == '["a", "b"]'


@pytest.mark.django_db
def test_unknown_format_or_separator_falls_back_to_polish_csv():
    request = RequestFactory().get("/x/", {"format": "exe", "sep": "|"})
    response = _export(None, request=request)
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").splitlines()[0].count(";") == len(HEADERS) - 1
