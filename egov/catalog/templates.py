"""Form templates (biểu mẫu) attached to dossier components: what may be stored, and as what.

A file is accepted when its extension is an office/PDF format AND its first bytes say the
same, so a renamed executable or an HTML page never reaches the download link.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from egov.core.text import fold

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
ALLOWED_EXTENSIONS = (".docx", ".doc", ".pdf", ".xlsx", ".odt")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Word .doc
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _zip_members(content: bytes) -> zipfile.ZipFile | None:
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        return zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return None


def _content_matches(extension: str, content: bytes) -> bool:
    if extension == ".pdf":
        return content.startswith(b"%PDF-")
    if extension == ".doc":
        return content.startswith(_OLE)
    archive = _zip_members(content)
    if archive is None:
        return False
    names = set(archive.namelist())
    if extension == ".docx":
        return "word/document.xml" in names
    if extension == ".xlsx":
        return "xl/workbook.xml" in names
    # .odt: the first member is an uncompressed "mimetype" naming the format.
    return "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE


def template_errors(name: str, content: bytes) -> list[str]:
    """Why ``content`` named ``name`` cannot be a form template (empty when it can)."""
    extension = PurePosixPath(name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        return [
            str(
                _("A form template must be one of %(allowed)s, not %(name)s.")
                % {"allowed": ", ".join(ALLOWED_EXTENSIONS), "name": name}
            )
        ]
    errors = []
    if len(content) > MAX_TEMPLATE_BYTES:
        errors.append(str(_("A form template may be at most 5 MB.")))
    if not _content_matches(extension, content):
        errors.append(
            str(
                _("The content of %(name)s is not a %(ext)s file.")
                % {"name": name, "ext": extension}
            )
        )
    return errors


def safe_template_name(name: str) -> str:
    """An ASCII file name for storage and downloads: "Tờ khai (mẫu).DOCX" -> "to-khai-mau.docx"."""
    path = PurePosixPath(name.replace("\\", "/"))
    stem = slugify(fold(path.stem))[:80] or "bieu-mau"
    return f"{stem}{path.suffix.lower()}"
