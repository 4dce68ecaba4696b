"""Word (DOCX) documents built with python-docx, downloaded like every export (recorded in the
audit trail). A builder fills the document; values are stripped of control characters, which the
OOXML format cannot hold."""

from collections.abc import Callable
from io import BytesIO

from django.http import HttpResponse
from django.utils.text import slugify

from magistrat.core.audit import log_action
from magistrat.core.text import strip_control_characters

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Writer:
    """The few things a report needs: headings, paragraphs, tables of text."""

    def __init__(self):
        from docx import Document  # imported here: only DOCX views need it

        self.document = Document()

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_heading(strip_control_characters(str(text)), level=level)

    def paragraph(self, text: str) -> None:
        self.document.add_paragraph(strip_control_characters(str(text)))

    def table(self, headers: list[str], rows: list[list]) -> None:
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = strip_control_characters(str(header))
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = strip_control_characters("" if value is None else str(value))

    def content(self) -> bytes:
        buffer = BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def docx_response(*, build: Callable[[Writer], None], filename: str, action: str, data: dict | None = None):
    writer = Writer()
    build(writer)
    log_action(None, action, data=data or {})
    response = HttpResponse(writer.content(), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.docx"'
    return response
