"""Check the signatures of any PDF against the roots configured in egov.

What a verifier wants to know per signature: who signed, for which organisation, when,
whether the document changed afterwards (``intact``), whether the certificate chains to a
trusted root, and whether it was revoked (``None`` when nobody can tell: the certificate is
not egov's and no CRL/OCSP data was available). ``timestamped_at`` is the time an RFC 3161
timestamp server vouches for, reported only when its token is sound and its server's
certificate chains to a trusted root (a self-made "timestamp" proves nothing). Bad input is a
ValidationFailed, never a 500.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import asdict, dataclass, field
from io import BytesIO
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel

from egov.core.errors import ValidationFailed

from . import selectors
from .pdf import validation_context

logger = logging.getLogger(__name__)

_HEADER_WINDOW = 1024  # readers accept the %PDF- header anywhere in the first kilobyte
# Updates allowed after a signature: adding validation data, timestamps and more signatures.
_ALLOWED_AFTER_SIGNING = ModificationLevel.FORM_FILLING


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    signer: str
    organisation: str
    signed_at: dt.datetime | None
    intact: bool
    trusted: bool
    revoked: bool | None
    timestamped: bool = False
    timestamped_at: dt.datetime | None = None

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted and self.revoked is not True


@dataclass(frozen=True)
class VerificationReport:
    signatures: list[SignatureReport] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return bool(self.signatures) and all(s.valid for s in self.signatures)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of the public API (times in ISO 8601, Vietnam time)."""
        signatures = []
        for report in self.signatures:
            item = asdict(report)
            for key in ("signed_at", "timestamped_at"):
                moment = getattr(report, key)
                item[key] = (
                    timezone.localtime(moment).isoformat(timespec="seconds") if moment else None
                )
            item["valid"] = report.valid
            signatures.append(item)
        return {"signatures": signatures, "valid": self.valid}


def _name_part(cert: Any, key: str) -> str:
    value = cert.subject.native.get(key, "") if cert is not None else ""
    return ", ".join(value) if isinstance(value, list) else str(value)


def _intact(status: PdfSignatureStatus) -> bool:
    if not (status.intact and status.valid):
        return False
    if status.coverage not in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    ):
        return False
    level = status.modification_level
    if level is not None and level > _ALLOWED_AFTER_SIGNING:
        return False
    return status.docmdp_ok is not False


def _revoked(status: PdfSignatureStatus, fingerprint: str) -> bool | None:
    known = selectors.certificate_by_fingerprint(fingerprint)
    if known is not None:
        return known.revoked
    if status.revoked:
        return True
    # Without egov's register or fetched CRL/OCSP data a "not revoked" would be a guess.
    return False if settings.EGOV_SIGNING_FETCH_REVOCATION and status.trusted else None


def _timestamp_time(timestamp: Any) -> dt.datetime | None:
    if timestamp is None or not (timestamp.intact and timestamp.valid and timestamp.trusted):
        return None
    moment: dt.datetime = timestamp.timestamp
    return moment


def _report(embedded: Any, context: Any) -> SignatureReport:
    name = str(embedded.field_name or "")
    try:
        status = validate_pdf_signature(embedded, context)
    except Exception:  # a malformed signature is a finding about the document, not a crash
        logger.info("Unreadable signature %s", name, exc_info=True)
        return SignatureReport(name, "", "", None, intact=False, trusted=False, revoked=None)
    cert = status.signing_cert
    fingerprint = hashlib.sha256(cert.dump()).hexdigest() if cert is not None else ""
    timestamp = status.timestamp_validity
    signed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    return SignatureReport(
        field_name=name,
        signer=_name_part(cert, "common_name"),
        organisation=_name_part(cert, "organization_name"),
        signed_at=signed_at,
        intact=_intact(status),
        trusted=bool(status.trusted),
        revoked=_revoked(status, fingerprint),
        timestamped=timestamp is not None,
        timestamped_at=_timestamp_time(timestamp),
    )


def verify_pdf(pdf_bytes: bytes) -> VerificationReport:
    """Report on every signature of the document; refuses what is not a signed PDF."""
    limit = settings.EGOV_SIGNING_VERIFY_MAX_BYTES
    if len(pdf_bytes) > limit:
        raise ValidationFailed(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    if b"%PDF-" not in pdf_bytes[:_HEADER_WINDOW]:
        raise ValidationFailed(_("The file is not a PDF document."), code="not_pdf")
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:  # pyHanko raises many kinds on damaged files; all mean the same
        # Expected of user input: one line, no traceback.
        logger.info("Unreadable PDF for verification: %s", exc)
        raise ValidationFailed(
            _("The PDF document is damaged or incomplete and cannot be checked."),
            code="damaged_pdf",
        ) from None
    if not embedded:
        raise ValidationFailed(_("The PDF document has no digital signature."), code="unsigned")
    context = validation_context()
    return VerificationReport(signatures=[_report(sig, context) for sig in embedded])
