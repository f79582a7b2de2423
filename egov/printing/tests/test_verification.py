"""The verification band of an issued document: its code in words and as a QR code of its
verification page at the foot of the last page, and the boxes its digital signatures fill
(or the note saying why one stays empty)."""

from __future__ import annotations

import datetime as dt

from egov.printing.layout import A5, BAND_HEIGHT, signature_box
from egov.printing.onestop import (
    ControlSlipData,
    ControlSlipRow,
    ReceivedComponent,
    ResultNoticeData,
    Verification,
    control_slip_pdf,
    receipt_pdf,
    result_notice_pdf,
)

from . import pdfcheck
from .samples import AGENCY, APPLICANT, CODE, DUE, LOOKUP_URL, RECEIVED, receipt

URL = "https://dichvucong.ankhang.gov.vn/xac-thuc/7KQ2M9XD4HTP/"
SIGNED = Verification(code="7KQ2-M9XD-4HTP", url=URL)
PT_PER_MM = 72 / 25.4


def test_the_code_is_printed_in_words_and_as_a_qr_code_beside_the_lookup_one() -> None:
    pdf = receipt_pdf(receipt(verification=SIGNED))
    assert pdfcheck.page_sizes_mm(pdf) == [(148, 210)]
    text = pdfcheck.text(pdf)
    assert "MÃ XÁC THỰC" in text
    assert "7KQ2-M9XD-4HTP" in text
    assert URL in "".join(text.split())
    assert sorted(pdfcheck.qr_codes(pdf)) == sorted([LOOKUP_URL, URL])


def test_no_verification_no_band() -> None:
    pdf = receipt_pdf(receipt())
    assert "MÃ XÁC THỰC" not in pdfcheck.text(pdf)
    assert pdfcheck.qr_codes(pdf) == [LOOKUP_URL]


def test_an_unsigned_document_says_why_in_the_signature_box() -> None:
    note = "Văn bản chưa được ký số: cơ quan chưa có chứng thư số hợp lệ."
    pdf = receipt_pdf(receipt(verification=Verification("7KQ2-M9XD-4HTP", URL, agency_note=note)))
    assert note in pdfcheck.text(pdf)
    assert note not in pdfcheck.text(receipt_pdf(receipt(verification=SIGNED)))


def test_the_band_goes_to_the_last_page_when_the_text_reaches_it() -> None:
    many = tuple(ReceivedComponent(f"Giấy tờ số {n}") for n in range(1, 30))
    pdf = receipt_pdf(receipt(components=many, verification=SIGNED))
    pages = len(pdfcheck.page_sizes_mm(pdf))
    assert pages >= 2
    assert "7KQ2-M9XD-4HTP" in pdfcheck.text(pdf, page=pages)
    assert "7KQ2-M9XD-4HTP" not in pdfcheck.text(pdf, page=1)


def test_signature_boxes_lie_in_the_band_side_by_side() -> None:
    width, height = A5[0] * PT_PER_MM, A5[1] * PT_PER_MM
    band_top = (10 + BAND_HEIGHT) * PT_PER_MM  # from the bottom of the page, in points
    alone = signature_box("agency")
    agency = signature_box("agency", with_person=True)
    person = signature_box("person", with_person=True)
    for x1, y1, x2, y2 in (alone, agency, person):
        assert 0 < x1 < x2 <= width
        assert 0 < y1 < y2 <= band_top < height
    assert agency[2] <= person[0]  # the agency's box left of the person's, not over it


def test_a_result_notice_keeps_a_box_for_the_leader_and_one_for_the_agency() -> None:
    data = ResultNoticeData(
        agency=AGENCY,
        applicant=APPLICANT,
        dossier_code=CODE,
        procedure_name="Đăng ký khai sinh",
        received_at=RECEIVED,
        result_type="Giấy khai sinh",
        decision="Cấp Giấy khai sinh.",
        issued_on=dt.date(2026, 12, 1),
        signer_name="Nguyễn Văn Năm",
        verification=Verification(
            "7KQ2-M9XD-4HTP", URL, with_person=True, person_note="Lãnh đạo chưa ký số."
        ),
    )
    text = pdfcheck.text(result_notice_pdf(data))
    assert "Lãnh đạo chưa ký số." in text
    assert "7KQ2-M9XD-4HTP" in text


def test_the_control_slip_carries_its_code_too() -> None:
    data = ControlSlipData(
        agency=AGENCY,
        dossier_code=CODE,
        procedure_name="Đăng ký khai sinh",
        applicant=APPLICANT,
        received_at=RECEIVED,
        due_at=DUE,
        rows=[ControlSlipRow("Tiếp nhận hồ sơ", RECEIVED, "Trần Văn Bình", "Lê Thị Hoa")],
        verification=SIGNED,
    )
    pdf = control_slip_pdf(data)
    assert "7KQ2-M9XD-4HTP" in pdfcheck.text(pdf)
    assert pdfcheck.qr_codes(pdf) == [URL]
