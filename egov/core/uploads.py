"""Check an uploaded file before it is stored: its kind by content, its size and a safe name.

The browser's name and content type are claims; the first bytes (and, for a .docx, the zip's
table of contents) decide. A file whose name claims another kind is refused rather than
renamed, because a user who picked the wrong file should be told so.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .errors import ValidationFailed

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_NAME_BYTES = 150  # well under the 255 bytes a file system allows, room for a directory
FALLBACK_STEM = "tai-lieu"

_CHUNK_BYTES = 64 * 1024
_HEAD_BYTES = 16
_PDF_TAIL_BYTES = 1024  # readers accept %%EOF anywhere in the last 1024 bytes
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office: .doc, .xls, .ppt
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,  # encrypted member
    NotImplementedError,  # unknown compression
    ValueError,
)


class FileKind(models.TextChoices):
    """The kinds of file users may upload; also usable as model field choices."""

    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    DOCX = "docx", "DOCX"

    @property
    def extensions(self) -> tuple[str, ...]:
        """Accepted name endings, the canonical one first."""
        return _EXTENSIONS[self]

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[self]


_EXTENSIONS = {
    FileKind.PDF: (".pdf",),
    FileKind.JPEG: (".jpg", ".jpeg"),
    FileKind.PNG: (".png",),
    FileKind.DOCX: (".docx",),
}
_CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DEFAULT_KINDS: frozenset[FileKind] = frozenset(FileKind)


@dataclass(frozen=True)
class CheckedUpload:
    """What ``check_upload`` found: the kind by content, the name to store it under."""

    kind: FileKind
    name: str
    size: int
    sha256: str

    @property
    def content_type(self) -> str:
        return self.kind.content_type


# --- file names ---------------------------------------------------------------------------

_KEPT_PUNCTUATION = frozenset(" -_.()")
_EXTENSION = re.compile(r"(?=[a-z0-9]*[a-z])[a-z0-9]{1,10}")  # "pdf", "mp4"; not "2024"
_RUNS = re.compile(r"( |_)\1+")
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)]
)


def _clean_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if ch.isspace():
        return " "
    if category[0] == "C":  # control, format (e.g. right-to-left override), unassigned
        return ""
    if category[0] in "LMN" or ch in _KEPT_PUNCTUATION:
        return ch
    return "_"


def _name_parts(name: str) -> tuple[str, str | None]:
    """The cleaned stem and the lower-cased extension (with its dot) of a client's name."""
    name = unicodedata.normalize("NFC", name)
    # Only the last path component counts, whatever the client's separator was.
    base = re.split(r"[/\\]", name)[-1]
    cleaned = "".join(_clean_char(ch) for ch in base)
    # Windows drops trailing dots and spaces; a leading dot hides a file, a dash looks like
    # an option on a command line.
    cleaned = _RUNS.sub(r"\1", cleaned).rstrip(" .")
    stem, dot, ext = cleaned.rpartition(".")
    if dot and _EXTENSION.fullmatch(ext.lower()):
        return stem.strip(" ._-"), f".{ext.lower()}"
    return cleaned.lstrip(" .-"), None


def _join_name(stem: str, ext: str | None, max_bytes: int) -> str:
    suffix = ext or ""
    if stem.split(".")[0].lower() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    budget = max_bytes - len(suffix.encode())
    stem = stem.encode()[:budget].decode("utf-8", "ignore").rstrip(" ._-")
    return (stem or FALLBACK_STEM) + suffix


def safe_filename(name: str, *, max_bytes: int = MAX_NAME_BYTES) -> str:
    """A name safe to store and to send back: no directory, NFC, no control or odd characters.

    Vietnamese letters stay ("Giấy khai sinh.pdf"); the extension is kept when the name is
    cut to ``max_bytes`` of UTF-8; an empty result becomes "tai-lieu".
    """
    stem, ext = _name_parts(name)
    return _join_name(stem, ext, max_bytes)


# --- content ------------------------------------------------------------------------------


def _accepted(allowed: frozenset[FileKind]) -> str:
    return ", ".join(kind.label for kind in FileKind if kind in allowed)


def _sniff(head: bytes, allowed: frozenset[FileKind]) -> FileKind:
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return FileKind.PNG
    if head.startswith(b"PK\x03\x04"):
        return FileKind.DOCX  # any zip so far: its contents are checked after its size
    if head.startswith(_OLE):
        raise ValidationFailed(
            _("Old Office files (such as .doc) are not accepted. Accepted types: %(accepted)s.")
            % {"accepted": _accepted(allowed)},
            code="file_legacy_office",
        )
    raise ValidationFailed(
        _("This file is not of an accepted type. Accepted types: %(accepted)s.")
        % {"accepted": _accepted(allowed)},
        code="file_type_unknown",
    )


def _limit(kind: FileKind, max_bytes: int | Mapping[FileKind, int] | None) -> int:
    chosen = max_bytes.get(kind) if isinstance(max_bytes, Mapping) else max_bytes
    if chosen is None:
        return int(getattr(settings, "EGOV_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    return chosen


def _stream(uploaded: File[Any], limit: int) -> tuple[int, str, bytes]:
    """Size, SHA-256 and last bytes, reading chunk by chunk and stopping past ``limit``."""
    digest = hashlib.sha256()
    size = 0
    tail = b""
    for chunk in uploaded.chunks(_CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise ValidationFailed(
                _("The file is too large: at most %(limit)s is allowed.")
                % {"limit": filesizeformat(limit)},
                code="file_too_large",
            )
        digest.update(chunk)
        tail = (tail + chunk)[-_PDF_TAIL_BYTES:]
    return size, digest.hexdigest(), tail


def _check_docx(uploaded: File[Any], allowed: frozenset[FileKind]) -> None:
    types = b""
    try:
        with zipfile.ZipFile(cast(IO[bytes], uploaded)) as archive:
            names = set(archive.namelist())
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size <= _MAX_CONTENT_TYPES_BYTES:
                    types = archive.read(info)
    except _ZIP_ERRORS:
        raise ValidationFailed(
            _("The file is damaged and cannot be read."), code="file_damaged"
        ) from None
    # .docm (macros) and .dotx (templates) declare another type for their main part.
    if _DOCX_MAIN not in types or "word/vbaProject.bin" in names:
        raise ValidationFailed(
            _("This archive is not a Word document (.docx). Accepted types: %(accepted)s.")
            % {"accepted": _accepted(allowed)},
            code="file_not_docx",
        )


def check_upload(
    uploaded: File[Any],
    *,
    allowed: Iterable[FileKind] = DEFAULT_KINDS,
    max_bytes: int | Mapping[FileKind, int] | None = None,
) -> CheckedUpload:
    """Decide what ``uploaded`` is by its content and refuse what may not be stored.

    ``max_bytes`` is one limit or a limit per kind; kinds without one get the setting
    ``EGOV_UPLOAD_MAX_BYTES``. Raises ``ValidationFailed`` (codes ``file_*``). The file is
    read in chunks and left rewound.
    """
    kinds = frozenset(allowed)
    if not kinds:
        raise ValueError("check_upload needs at least one allowed kind")
    raw_name = uploaded.name or ""
    if "\x00" in raw_name:
        raise ValidationFailed(_("The file name is not valid."), code="file_name_invalid")
    try:
        uploaded.seek(0)
        head = uploaded.read(_HEAD_BYTES)
        if not isinstance(head, bytes):
            raise TypeError("check_upload needs a file opened in binary mode")
        if not head:
            raise ValidationFailed(_("The file is empty."), code="file_empty")
        kind = _sniff(head, kinds)
        size, sha256, tail = _stream(uploaded, _limit(kind, max_bytes))
        if kind is FileKind.PDF and b"%%EOF" not in tail:
            raise ValidationFailed(
                _("The PDF file is incomplete; it may be damaged or not fully uploaded."),
                code="file_pdf_incomplete",
            )
        if kind is FileKind.DOCX:
            _check_docx(uploaded, kinds)
    finally:
        uploaded.seek(0)
    if kind not in kinds:
        raise ValidationFailed(
            _("%(kind)s files are not accepted here. Accepted types: %(accepted)s.")
            % {"kind": kind.label, "accepted": _accepted(kinds)},
            code="file_type_not_allowed",
        )
    stem, ext = _name_parts(raw_name)
    if ext is not None and ext not in kind.extensions:
        raise ValidationFailed(
            _("The file name ends in %(ext)s but the file is a %(kind)s file.")
            % {"ext": ext, "kind": kind.label},
            code="file_extension_mismatch",
        )
    name = _join_name(stem, ext or kind.extensions[0], MAX_NAME_BYTES)
    return CheckedUpload(kind=kind, name=name, size=size, sha256=sha256)


# --- Django glue ----------------------------------------------------------------------------


def _as_form_error(error: ValidationFailed) -> ValidationError:
    return ValidationError(str(error), code=error.code)


@deconstructible
class UploadValidator:
    """``check_upload`` as a field validator; files already stored are not read again."""

    def __init__(
        self,
        allowed: Iterable[FileKind] = DEFAULT_KINDS,
        max_bytes: int | Mapping[FileKind, int] | None = None,
    ) -> None:
        self.allowed = frozenset(allowed)
        self.max_bytes = dict(max_bytes) if isinstance(max_bytes, Mapping) else max_bytes

    def __call__(self, value: File[Any]) -> None:
        if isinstance(value, FieldFile) and getattr(value, "_committed", False):
            return
        try:
            check_upload(value, allowed=self.allowed, max_bytes=self.max_bytes)
        except ValidationFailed as error:
            raise _as_form_error(error) from None

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.allowed == other.allowed
            and self.max_bytes == other.max_bytes
        )

    def __hash__(self) -> int:
        return hash(self.allowed)


validate_upload = UploadValidator()


class CheckedFileField(forms.FileField):
    """A file field that runs ``check_upload`` and gives the file its safe name."""

    def __init__(
        self,
        *,
        allowed: Iterable[FileKind] = DEFAULT_KINDS,
        max_bytes: int | Mapping[FileKind, int] | None = None,
        **kwargs: Any,
    ) -> None:
        self.allowed = frozenset(allowed)
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        kinds = [kind for kind in FileKind if kind in self.allowed]
        attrs.setdefault("accept", ",".join(ext for kind in kinds for ext in kind.extensions))
        return attrs

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):  # not the kept initial file, not "clear"
            try:
                checked = check_upload(value, allowed=self.allowed, max_bytes=self.max_bytes)
            except ValidationFailed as error:
                raise _as_form_error(error) from None
            value.name = checked.name
        return value


@deconstructible
class UploadTo:
    """``upload_to`` for a FileField: ``<prefix>/<32 random hex>/<safe name>``.

    The random directory keeps names from colliding and stored files from being guessed.
    Give the field ``max_length=255``.
    """

    def __init__(self, prefix: str) -> None:
        prefix = prefix.strip("/")
        if not prefix or ".." in prefix.split("/") or "\\" in prefix:
            raise ValueError(f"invalid upload prefix {prefix!r}")
        self.prefix = prefix

    def __call__(self, instance: object, filename: str) -> str:
        return f"{self.prefix}/{secrets.token_hex(16)}/{safe_filename(filename)}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadTo) and self.prefix == other.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def upload_to(prefix: str) -> UploadTo:
    """``models.FileField(upload_to=upload_to("dossiers"), max_length=255)``."""
    return UploadTo(prefix)
