"""Issued documents for the verification tests, made the way the issuing apps make them:
code first, stamp, sign, register."""

from __future__ import annotations

from typing import Any

from egov.signing import records, services
from egov.signing.models import SignedDocument
from egov.signing.pdf import Appearance, sign_pdf
from egov.signing.stamp import add_verification_stamp


def signed(pdf: bytes, *, certificate: Any, actor: Any, field_name: str = "ChuKy") -> bytes:
    return sign_pdf(
        pdf,
        certificate=certificate,
        actor=actor,
        reason="Ban hành",
        location="Xã Tân Phú",
        field_name=field_name,
        appearance=Appearance.personal(title="CHỦ TỊCH"),
    )


def issue(pdf: bytes, *, certificate: Any, actor: Any, agency: Any) -> tuple[SignedDocument, bytes]:
    """Register a stamped and signed ``pdf``; returns the record and the final bytes."""
    code = records.new_verification_code()
    stamped = add_verification_stamp(pdf, code=code, url=records.verification_url(code))
    final = signed(stamped, certificate=certificate, actor=actor)
    document = services.signed_document_register(
        code=code,
        pdf=final,
        kind=SignedDocument.Kind.DOSSIER_RESULT,
        title="Giấy khai sinh",
        agency=agency,
        reference="000.00.01.H22-261130-0001",
        actor=None,
    )
    return document, final


def changed_after_signing(pdf: bytes) -> bytes:
    """One digit of the signed content changed, offsets kept."""
    at = pdf.index(b"/MediaBox [0 0 ") + len(b"/MediaBox [0 0 ")
    digit = b"9" if pdf[at : at + 1] != b"9" else b"8"
    return pdf[:at] + digit + pdf[at + 1 :]
