"""Uploaded documents are accepted only when their content is what their name says."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from magistrat.core.uploads import check_upload


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("umowa.docx", DOCX, "docx"),
        ("rejestr.xlsx", XLSX, "xlsx"),
        ("notatka.odt", ODT, "odt"),
        ("skan.PDF", b"%PDF-1.7\n...", "pdf"),
        ("zdjecie.jpg", b"\xff\xd8\xff\xe0 jpeg", "jpeg"),
        ("log.txt", "Zażółć gęślą jaźń\n".encode(), "txt"),
    ],
)
def test_documents_are_recognised_by_their_content(name, data, kind):
    checked = check_upload(SimpleUploadedFile(name, data))
    assert checked.kind == kind and checked.size == len(data) and len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("umowa.docx", XLSX, "content"),  # a workbook renamed to .docx
        ("umowa.docx", ODT, "content"),
        ("raport.pdf", b"MZ\x90\x00", "content"),
        ("raport.txt", b"\x00\x01\x02binary", "content"),
        ("program.exe", b"MZ\x90\x00", "type"),
        ("pusty.pdf", b"", "empty"),
        ("../../etc/passwd.pdf", b"root:x:0:0", "content"),
    ],
)
def test_disguised_unknown_and_empty_files_are_refused(name, data, code):
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile(name, data))
    assert error.value.code == code


def test_size_limit(settings):
    settings.MAGISTRAT_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("duzy.pdf", b"%PDF-" + b"0" * 200))
    assert error.value.code == "too_large"
