"""Plain text of uploaded documents, for search: PDF (pypdf), Office Open XML and OpenDocument
(their XML, read from the ZIP), plain text. Images and anything unreadable give ""."""

import io
import logging
import re
import zipfile
from xml.etree import ElementTree  # noqa: S405 - the XML is parsed from files we accepted, without DTDs

from magistrat.core.uploads import CheckedFile

logger = logging.getLogger(__name__)
MAX_CHARS = 1_000_000
_XML_PARTS = {
    "docx": re.compile(r"^word/(document|header\d*|footer\d*)\.xml$"),
    "xlsx": re.compile(r"^xl/sharedStrings\.xml$"),
    "odt": re.compile(r"^content\.xml$"),
    "ods": re.compile(r"^content\.xml$"),
}


def extract_text(file: CheckedFile) -> str:
    try:
        if file.kind == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(file.data))
            text = "\n".join(page.extract_text() or "" for page in reader.pages[:500])
        elif file.kind in _XML_PARTS:
            text = _zip_xml_text(file.data, _XML_PARTS[file.kind])
        elif file.kind == "txt":
            text = file.data.decode("utf-8", errors="replace")
        else:
            text = ""
    except Exception:  # a damaged document is still published; it is just not searchable
        logger.warning("No text could be read from %s", file.name, exc_info=True)
        text = ""
    return text[:MAX_CHARS]


def _zip_xml_text(data: bytes, parts: re.Pattern) -> str:
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if parts.match(name):
                root = ElementTree.fromstring(archive.read(name)[:20_000_000])  # noqa: S314
                texts.append(" ".join(t.strip() for t in root.itertext() if t.strip()))
    return "\n".join(texts)
