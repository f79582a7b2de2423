"""Signatures egov makes validate with pyHanko and with poppler's pdfsig; a changed byte is
detected by both; a person's and then the agency's signature both stay valid."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from egov.core.models import AuditEvent
from egov.signing.pdf import Appearance, sign_pdf
from egov.signing.verify import verify_pdf

MISSING_PDFSIG = (
    "PDFSIG CHECKS SKIPPED: poppler's pdfsig is missing; "
    "install Debian's poppler-utils: apt-get install poppler-utils"
)


def pdfsig(pdf: bytes) -> str:
    tool = shutil.which("pdfsig")
    if tool is None:
        pytest.skip(MISSING_PDFSIG)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "signed.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(  # noqa: S603
            [tool, "-nocert", str(path)], capture_output=True, text=True, check=False
        )
    return result.stdout + result.stderr


def sign_both(pdf, *, leader, clerk, personal_cert, agency_cert):
    once = sign_pdf(
        pdf,
        certificate=personal_cert,
        actor=leader,
        reason="Phê duyệt kết quả",
        location="Xã Tân Phú",
        field_name="ChuKyLanhDao",
        appearance=Appearance.personal(title="CHỦ TỊCH"),
    )
    return sign_pdf(
        once,
        certificate=agency_cert,
        actor=clerk,
        reason="Ban hành",
        location="Xã Tân Phú",
        field_name="ChuKyCoQuan",
        appearance=Appearance.organisation(notation="Số: 15/QĐ-UBND"),
    )


def test_a_signature_validates_with_pyhanko_and_pdfsig(unsigned_pdf, leader, personal_cert):
    signed = sign_pdf(
        unsigned_pdf,
        certificate=personal_cert,
        actor=leader,
        reason="Phê duyệt",
        location="Xã Tân Phú",
        field_name="ChuKy1",
        appearance=Appearance.personal(),
    )
    report = verify_pdf(signed)
    assert report.valid
    [only] = report.signatures
    assert only.signer == "Lê Thị Hồng"
    assert only.organisation == "UBND Xã Tân Phú"
    assert only.intact and only.trusted and only.revoked is False
    assert only.signed_at is not None
    assert b"/ETSI.CAdES.detached" in signed
    out = pdfsig(signed)
    assert "Signature is Valid." in out, out
    assert "Total document signed" in out, out


def test_person_then_organisation_both_validate(
    unsigned_pdf, leader, clerk, personal_cert, agency_cert
):
    signed = sign_both(
        unsigned_pdf,
        leader=leader,
        clerk=clerk,
        personal_cert=personal_cert,
        agency_cert=agency_cert,
    )
    report = verify_pdf(signed)
    assert [s.signer for s in report.signatures] == ["Lê Thị Hồng", "UBND Xã Tân Phú"]
    assert all(s.intact and s.trusted for s in report.signatures)
    assert report.valid
    out = pdfsig(signed)
    assert out.count("Signature is Valid.") == 2, out
    assert AuditEvent.objects.filter(action="signing_certificate_used").count() == 2


def test_a_byte_changed_after_signing_is_reported_by_both(
    unsigned_pdf, leader, clerk, personal_cert, agency_cert
):
    signed = sign_both(
        unsigned_pdf,
        leader=leader,
        clerk=clerk,
        personal_cert=personal_cert,
        agency_cert=agency_cert,
    )
    match = re.search(rb"/CreationDate \(D:(\d)", signed)
    assert match is not None
    at = match.start(1)
    changed = signed[:at] + (b"1" if signed[at : at + 1] != b"1" else b"2") + signed[at + 1 :]
    report = verify_pdf(changed)
    assert not report.valid
    assert not any(s.intact for s in report.signatures)
    out = pdfsig(changed)
    assert "Signature is Valid." not in out, out
    assert "Digest Mismatch" in out, out
