"""Checks for uploaded documents: size, extension, and that the content is what the name says.

A file is accepted only when its extension is allowed and its first bytes ("magic bytes") match
that kind of file, so a program renamed to `report.pdf` is refused. Office formats (DOCX, XLSX,
ODT, ODS) are ZIP containers: their inner manifest tells them apart.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Kind → (extensions, content type). Modules choose which kinds they accept.
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "pdf": ((".pdf",), "application/pdf"),
    "docx": ((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ((".odt",), "application/vnd.oasis.opendocument.text"),
    "ods": ((".ods",), "application/vnd.oasis.opendocument.spreadsheet"),
    "png": ((".png",), "image/png"),
    "jpeg": ((".jpg", ".jpeg"), "image/jpeg"),
    "txt": ((".txt", ".log", ".csv"), "text/plain"),
}
DOCUMENTS = ("pdf", "docx", "xlsx", "odt", "ods", "png", "jpeg", "txt")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    data: bytes


def _sniff(data: bytes) -> str | None:
    """The kind of file the content is, judged by its first bytes."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    head = data[:8192]
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # a multi-byte character cut at the end is fine
                return None
        return "txt"
    return None


def _sniff_zip(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names:
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
            return {KINDS["odt"][1]: "odt", KINDS["ods"][1]: "ods"}.get(mimetype)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" in names:
        if any(name.startswith("word/") for name in names):
            return "docx"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
    return None


def check_upload(upload, *, kinds: tuple[str, ...] = DOCUMENTS, max_bytes: int | None = None) -> CheckedFile:
    """Read and check an uploaded file; ValidationError with a translated message if it is refused."""
    max_bytes = max_bytes or settings.MAGISTRAT_UPLOAD_MAX_BYTES
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // 2**20}, code="too_large"
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // 2**20}, code="too_large"
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    by_name = next((kind for kind in kinds if name.lower().endswith(KINDS[kind][0])), None)
    if by_name is None:
        allowed = ", ".join(ext for kind in kinds for ext in KINDS[kind][0])
        raise ValidationError(
            _("Files of this type are not accepted. Allowed: %(allowed)s.") % {"allowed": allowed},
            code="type",
        )
    if _sniff(data) != by_name:
        raise ValidationError(
            _("The content of %(name)s is not a %(kind)s file.") % {"name": name, "kind": by_name.upper()},
            code="content",
        )
    return CheckedFile(
        name=name,
        kind=by_name,
        content_type=KINDS[by_name][1],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
