"""Import of register rows from CSV or XLSX, with a dry run.

Every row is validated before anything is written. A dry run only reports; a real run applies
all rows in one transaction, and only when no row has an error. Modules give the columns and a
validator that checks the rows and returns one "plan" (a function that writes) per valid row.
"""

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _


@dataclass
class RowResult:
    line: int
    label: str
    action: str = ""  # "create", "update" or "unchanged"
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str
    rows: list[RowResult] = field(default_factory=list)
    file_error: str = ""
    applied: bool = False

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors) + (1 if self.file_error else 0)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)


class ImportFileError(Exception):
    pass


def read_table(data: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8 or Windows-1250, comma or semicolon) or XLSX file as dicts."""
    if len(data) > settings.MAGISTRAT_IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)d MB.") % {"mb": settings.MAGISTRAT_IMPORT_MAX_BYTES // 2**20}
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK\x03\x04"):
            raise ImportFileError(_("The file is not a valid XLSX workbook."))
        return _read_xlsx(data)
    if name.endswith(".csv"):
        if b"\x00" in data[:4096]:
            raise ImportFileError(_("The file is not a text CSV file."))
        return _read_csv(data)
    raise ImportFileError(_("Upload a .csv or .xlsx file."))


def _read_csv(data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1250", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return _rows_from(list(reader))


def _read_xlsx(data: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("The file is not a valid XLSX workbook.")) from exc
    sheet = workbook.worksheets[0]
    table = [
        ["" if v is None else (v.isoformat()[:10] if isinstance(v, date) else str(v)) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    workbook.close()
    return _rows_from(table)


def _rows_from(table: list[list[str]]) -> list[dict[str, str]]:
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [h.strip().lower() for h in table[0]]
    rows = []
    for values in table[1:]:
        if not any(str(v).strip() for v in values):
            continue
        rows.append({h: str(values[i]).strip() if i < len(values) else "" for i, h in enumerate(header) if h})
    return rows


def run_import(
    kind: str,
    data: bytes,
    filename: str,
    *,
    columns: list[str],
    required: list[str],
    validate: Callable[[list[dict[str, str]], ImportReport], list[Callable]],
    apply: bool,
    header: Callable[[str], str] | None = None,
) -> ImportReport:
    """Validate every row; when `apply` and no row is wrong, run every row's plan atomically.
    `header` maps a file's column heading to the column it means (e.g. Polish headings)."""
    report = ImportReport(kind=kind)
    try:
        rows = read_table(data, filename)
    except ImportFileError as exc:
        report.file_error = str(exc)
        return report
    if header is not None:
        rows = [{header(name): value for name, value in row.items()} for row in rows]
    missing = [c for c in required if rows and c not in rows[0]]
    if not rows:
        report.file_error = _("The file has no data rows.")
    elif missing:
        report.file_error = _("Missing columns: %(columns)s. Expected: %(expected)s.") % {
            "columns": ", ".join(missing),
            "expected": ", ".join(columns),
        }
    if report.file_error:
        return report
    plans = validate(rows, report)
    if apply and report.ok:
        with transaction.atomic():
            for plan in plans:
                plan()
        report.applied = True
    return report


def required_cells(row: dict[str, str], required: list[str], result: RowResult) -> None:
    for column in required:
        if not row.get(column):
            result.errors.append(_("Column %(column)s is empty.") % {"column": column})


def has_cycle(node: str, edges: dict[str, set[str]]) -> bool:
    """Whether following `edges` (node → the nodes it points to) from `node` leads back to it."""
    stack, seen = list(edges.get(node, ())), set()
    while stack:
        current = stack.pop()
        if current == node:
            return True
        if current not in seen:
            seen.add(current)
            stack.extend(edges.get(current, ()))
    return False


def import_from_request(
    request, form, run: Callable[[bytes, str, bool], ImportReport]
) -> ImportReport | None:
    """The import page's POST: the "Check (dry run)" or "Import" button runs `run(data, name, apply)`
    on the uploaded file and the user is told what happened. None until a file is posted."""
    from django.contrib import messages

    if request.method != "POST" or not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    apply = "apply" in request.POST
    report = run(upload.read(), upload.name, apply)
    if report.applied:
        messages.success(
            request,
            _("Imported %(created)d new and %(updated)d updated rows.")
            % {"created": report.count("create"), "updated": report.count("update")},
        )
    elif apply:
        messages.error(
            request, _("Nothing was imported: correct the errors below and upload the file again.")
        )
    return report
