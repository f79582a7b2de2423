"""The verification stamp: readable code, a QR code a phone can decode, and a stamp made
before signing keeps the signature intact."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from fpdf import FPDF

from egov.core.errors import ValidationFailed
from egov.printing.tests import pdfcheck
from egov.signing import records
from egov.signing.pdf import Appearance, sign_pdf
from egov.signing.stamp import add_verification_stamp
from egov.signing.verify import verify_pdf

CODE = "7KQ2M9XD4HTP"


@pytest.fixture
def stamped(unsigned_pdf, settings):
    settings.EGOV_SITE_URL = "https://dichvucong.example.gov.vn"
    return add_verification_stamp(unsigned_pdf, code=CODE, url=records.verification_url(CODE))


def test_the_code_is_printed_and_the_qr_opens_its_page(stamped, unsigned_pdf):
    assert stamped.startswith(unsigned_pdf)  # an incremental update: nothing rewritten
    text = pdfcheck.text(stamped, page=1)
    assert "Mã xác thực: 7KQ2-M9XD-4HTP" in text
    assert "dichvucong.example.gov.vn/xac-thuc/" in text
    assert "https://dichvucong.example.gov.vn/xac-thuc/7KQ2M9XD4HTP/" in pdfcheck.qr_codes(stamped)


def test_the_stamp_is_printed_in_vietnamese_whatever_the_request_language(unsigned_pdf):
    """It is part of an administrative document (Decree 30), not of the official's screen."""
    with translation.override("en"):
        stamped = add_verification_stamp(unsigned_pdf, code=CODE, url="https://x.vn/xac-thuc/")
        assert "Mã xác thực: 7KQ2-M9XD-4HTP" in pdfcheck.text(stamped, page=1)
        assert translation.get_language() == "en"  # and the request's language is left alone


def two_pages() -> bytes:
    document = FPDF()
    for number in (1, 2):
        document.add_page()
        document.set_font("helvetica", size=12)
        document.cell(text=f"Page {number}")
    return bytes(document.output())


@pytest.mark.parametrize(("page", "printed_on"), [(0, 1), (1, 2), (-1, 2)])
def test_the_stamp_goes_on_the_page_asked_for(page, printed_on):
    stamped = add_verification_stamp(two_pages(), code=CODE, url="https://x.vn/", page=page)
    other = 3 - printed_on
    assert "7KQ2-M9XD-4HTP" in pdfcheck.text(stamped, page=printed_on)
    assert "7KQ2-M9XD-4HTP" not in pdfcheck.text(stamped, page=other)


def test_stamped_then_signed_is_intact_and_a_later_change_is_not(stamped, leader, personal_cert):
    signed = sign_pdf(
        stamped,
        certificate=personal_cert,
        actor=leader,
        reason="Ban hành",
        location="Xã Tân Phú",
        field_name="ChuKy",
        appearance=Appearance.personal(),
    )
    report = verify_pdf(signed)
    assert report.valid
    assert report.signatures[0].intact
    changed = re.sub(rb"/MediaBox \[0 0 (\d)", rb"/MediaBox [0 0 9", signed, count=1)
    assert changed != signed and len(changed) == len(signed)
    assert not verify_pdf(changed).signatures[0].intact


def test_a_signed_pdf_is_refused_because_the_stamp_would_break_it(
    unsigned_pdf, leader, personal_cert
):
    signed = sign_pdf(
        unsigned_pdf,
        certificate=personal_cert,
        actor=leader,
        reason="",
        location="",
        field_name="ChuKy",
    )
    with pytest.raises(ValidationFailed) as refused:
        add_verification_stamp(signed, code=CODE, url="https://x.vn/")
    assert refused.value.code == "already_signed"


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n garbage", b"not a pdf at all"])
def test_what_is_not_a_pdf_is_refused(data):
    with pytest.raises(ValidationFailed):
        add_verification_stamp(data, code=CODE, url="https://x.vn/")
