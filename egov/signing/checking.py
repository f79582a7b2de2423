"""What the public verification page and API share: the upload limits, the rate limit per
client, reading an upload, and the reports on issued documents.

Uploads are refused by their declared length before Django reads the body: the page and the
API both check ``CONTENT_LENGTH`` first, so a huge file costs one header, not a temp file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from egov.core import ratelimit
from egov.core.errors import ValidationFailed

from . import selectors
from .models import SignedDocument
from .verify import VerificationReport, verify_pdf

RATE_SCOPE = "signing-verify"
RATE_LIMIT = 30  # uploads per client and window: a desk behind one address checks a few
RATE_WINDOW_SECONDS = 10 * 60
REPORT_CACHE_SECONDS = 5 * 60
_MULTIPART_SLACK = 64 * 1024  # boundaries and headers around the file in the request body


class TooLarge(ValidationFailed):
    code = "too_large"
    http_status = 413


def too_large() -> TooLarge:
    limit = settings.EGOV_SIGNING_VERIFY_MAX_BYTES
    return TooLarge(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)})


def throttle(request: HttpRequest) -> None:
    """Count one check for this client; ``RateLimited`` past ``RATE_LIMIT`` in the window.
    Every check counts, not only failures: each one costs a signature validation."""
    ratelimit.hit(
        RATE_SCOPE,
        ratelimit.client_key(request),
        limit=RATE_LIMIT,
        window_seconds=RATE_WINDOW_SECONDS,
    )


def refuse_oversized_body(request: HttpRequest) -> None:
    """Refuse by the declared length, before anything reads the request body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.EGOV_SIGNING_VERIFY_MAX_BYTES + _MULTIPART_SLACK:
        raise too_large()


def read_upload(files: Mapping[str, Any], field: str = "file") -> bytes:
    """The bytes of the uploaded file, refusing a missing, empty or oversized one."""
    upload: IO[bytes] | None = files.get(field)
    if upload is None:
        raise ValidationFailed(_("Choose a PDF file to check."), code="no_file", field=field)
    limit = settings.EGOV_SIGNING_VERIFY_MAX_BYTES
    data = upload.read(limit + 1)
    if not data:
        raise ValidationFailed(_("The chosen file is empty."), code="empty", field=field)
    if len(data) > limit:
        raise too_large()
    return data


def check_pdf(data: bytes) -> VerificationReport:
    """``verify_pdf`` with the size refusal as a 413."""
    try:
        return verify_pdf(data)
    except ValidationFailed as refused:
        if refused.code == "too_large":
            raise too_large() from None
        raise


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_STORED_PROBLEMS = {
    "unreadable": _("The stored file cannot be read at the moment."),
    "mismatch": _("The stored file does not match its fingerprint."),
    "unsigned": _("The issued file carries no digital signature."),
}


@dataclass(frozen=True)
class StoredReport:
    """The report on an issued document's stored file, or why there is none (a code, so the
    cached value can be shown in any language)."""

    report: VerificationReport | None
    problem: str = ""

    @property
    def problem_message(self) -> str:
        if not self.problem:
            return ""
        default = _("The stored file cannot be checked.")
        return str(_STORED_PROBLEMS.get(self.problem, default))


def stored_report(document: SignedDocument) -> StoredReport:
    """The signature report of the stored file, kept a few minutes: QR codes send anyone to
    the record page, and a validation costs far more than a cache read. The key holds the
    trust state, so a new root or a revocation is reported at once."""
    key = f"egov:signing:report:{document.sha256}:{selectors.trust_state()}"
    cached = cache.get(key)
    if isinstance(cached, StoredReport):
        return cached
    try:
        with document.file.open("rb") as stored:
            data = stored.read()
    except OSError:
        return StoredReport(None, "unreadable")
    if fingerprint(data) != document.sha256:
        result = StoredReport(None, "mismatch")
    else:
        try:
            result = StoredReport(verify_pdf(data))
        except ValidationFailed as refused:
            result = StoredReport(None, refused.code)
    cache.set(key, result, timeout=REPORT_CACHE_SECONDS)
    return result
