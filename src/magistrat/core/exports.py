"""CSV and XLSX downloads of tabular data. Every export is recorded in the audit trail.

Offices open these files in Polish Excel, which reads a CSV with semicolons (the list separator
of the Polish locale) and needs a UTF-8 byte-order mark to show Polish letters; `?sep=comma`
gives a comma-separated file for machines. Every value a register can hold is written safely:
structured values (the audit trail's changes) as JSON text, control characters removed (openpyxl
refuses them, and they garble a CSV), text cut at Excel's cell limit, and text that a
spreadsheet would run as a formula kept as text.
"""

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from magistrat.core.audit import log_action
from magistrat.core.text import strip_control_characters

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SEPARATORS = {"semicolon": ";", "comma": ","}
# Excel keeps at most 32,767 characters in a cell and cuts (or refuses) the rest.
MAX_CELL_CHARS = 32_767
_ELLIPSIS = "…"
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value: Any) -> Any:
    """A value as a spreadsheet cell holds it: text, a number, a local date or time, or empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    if isinstance(value, dict | list | tuple):
        text = json.dumps(value, ensure_ascii=False, default=str, sort_keys=isinstance(value, dict))
    else:  # text, lazy translations, model instances, UUIDs…
        text = str(value)
    text = strip_control_characters(text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(_ELLIPSIS)] + _ELLIPSIS
    return text


def _csv_cell(value: Any) -> str:
    value = cell_value(value)
    text = value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _xlsx_cell(sheet, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    value = cell_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"  # text that looks like a formula stays text
    if bold:
        cell.font = Font(bold=True)
    return cell


def export_options(request: HttpRequest) -> tuple[str, str]:
    """The format (`?format=csv|xlsx`, CSV by default) and CSV separator (`?sep=comma`) asked for."""
    fmt = request.GET.get("format", "csv")
    sep = request.GET.get("sep", "semicolon")
    return (fmt if fmt in FORMATS else "csv"), (sep if sep in SEPARATORS else "semicolon")


def tabular_response(
    *,
    name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    fmt: str | None = None,
    action: str,
    filters: dict | None = None,
    preamble: Sequence[Sequence] = (),
    request: HttpRequest | None = None,
    sep: str = "semicolon",
) -> HttpResponse:
    """A download of `rows` as CSV or XLSX, logged as `action` with the row count and filters.

    With `request`, the format and separator are read from its query (`export_options`); an
    explicit `fmt` wins. `preamble` rows (a document's title, version, approval) come first,
    then a blank row."""
    if request is not None:
        asked_fmt, sep = export_options(request)
        fmt = fmt or asked_fmt
    if fmt not in FORMATS:
        fmt = "csv"
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        content, count = _csv_bytes(headers, rows, preamble, SEPARATORS.get(sep, ";"))
    else:
        content, count = _xlsx_bytes(name, headers, rows, preamble)
    data = {"rows": count, "format": fmt, "filters": filters or {}}
    if fmt == "csv":
        data["separator"] = sep
    log_action(None, action, data=data)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_bytes(headers, rows, preamble, delimiter: str) -> tuple[bytes, int]:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: Excel then reads the file as UTF-8 and shows Polish letters
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for line in preamble:
        writer.writerow([_csv_cell(v) for v in line])
    if preamble:
        writer.writerow([])
    writer.writerow([_csv_cell(h) for h in headers])
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
        count += 1
    return buffer.getvalue().encode("utf-8"), count


def _xlsx_bytes(name, headers, rows, preamble) -> tuple[bytes, int]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(strip_control_characters(name)[:31] or "export")
    for index, header in enumerate(headers, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(60, max(12, len(str(header)) + 2))
    sheet.freeze_panes = f"A{len(preamble) + (2 if preamble else 1) + 1}"
    for line in preamble:
        sheet.append([_xlsx_cell(sheet, v) for v in line])
    if preamble:
        sheet.append([])
    sheet.append([_xlsx_cell(sheet, h, bold=True) for h in headers])
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
        count += 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), count
