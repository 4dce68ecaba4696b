"""CSV and XLSX downloads of tabular data. Every export is recorded in the audit trail."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from magistrat.core.audit import log_action

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _xlsx_cell(value):
    # openpyxl stores a text starting with "=" as a formula: keep user text as text.
    value = _cell(value)
    return "'" + value if isinstance(value, str) and value.startswith("=") else value


def _csv_safe(value):
    # Spreadsheet formula injection: a cell starting with = + - @ is read as a formula.
    text = str(_cell(value))
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def tabular_response(
    *,
    name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    fmt: str,
    action: str,
    filters: dict | None = None,
    preamble: Sequence[Sequence] = (),
) -> HttpResponse:
    """A download of `rows` as CSV or XLSX, logged as `action` with the row count and filters.

    `preamble` rows (a document's title, version, approval) come first, then a blank row."""
    if fmt not in FORMATS:
        fmt = "csv"
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    count = 0
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # BOM: spreadsheet programs then read Polish letters correctly
        writer = csv.writer(buffer)
        for line in preamble:
            writer.writerow([_csv_safe(v) for v in line])
        if preamble:
            writer.writerow([])
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_safe(v) for v in row])
            count += 1
        content: bytes = buffer.getvalue().encode("utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name[:31])
        for line in preamble:
            sheet.append([_xlsx_cell(v) for v in line])
        if preamble:
            sheet.append([])
        sheet.append([_header_cell(sheet, h) for h in headers])
        for row in rows:
            sheet.append([_xlsx_cell(v) for v in row])
            count += 1
        out = io.BytesIO()
        workbook.save(out)
        content = out.getvalue()
    log_action(None, action, data={"rows": count, "format": fmt, "filters": filters or {}})
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _header_cell(sheet, text):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=str(text))
    cell.font = Font(bold=True)
    return cell
