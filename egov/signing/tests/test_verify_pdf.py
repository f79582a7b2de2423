"""Bad input to the verification is a clear refusal, never a crash."""

from __future__ import annotations

import pytest

from egov.core.errors import ValidationFailed
from egov.signing.pdf import sign_pdf
from egov.signing.verify import verify_pdf


def refusal(data: bytes) -> str:
    with pytest.raises(ValidationFailed) as refused:
        verify_pdf(data)
    return refused.value.code


def test_not_a_pdf_is_refused(db):
    assert refusal(b"PK\x03\x04 a zip, not a pdf") == "not_pdf"


def test_a_pdf_without_signatures_is_refused(db, unsigned_pdf):
    assert refusal(unsigned_pdf) == "unsigned"


def test_a_huge_file_is_refused(db, settings, unsigned_pdf):
    settings.EGOV_SIGNING_VERIFY_MAX_BYTES = len(unsigned_pdf) - 1
    assert refusal(unsigned_pdf) == "too_large"


def test_a_truncated_signed_pdf_is_refused_or_reported_broken(unsigned_pdf, personal_cert, leader):
    signed = sign_pdf(
        unsigned_pdf,
        certificate=personal_cert,
        actor=leader,
        reason="",
        location="",
        field_name="Sig",
    )
    for cut in (len(signed) // 2, len(signed) - 200, 300):
        try:
            report = verify_pdf(signed[:cut])
        except ValidationFailed as refused:
            assert refused.code in {"damaged_pdf", "unsigned"}
        else:
            assert not report.valid
