"""Mẫu 02–05: supplement request, refusals, apology and extension, stop notice."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.printing.onestop import (
    ApologyData,
    ReceptionRefusalData,
    StopNoticeData,
    SupplementItem,
    SupplementRequestData,
    apology_pdf,
    reception_refusal_pdf,
    stop_notice_pdf,
    supplement_request_pdf,
)

from . import pdfcheck
from .samples import AGENCY, APPLICANT, CODE, DUE, LOOKUP_URL, RECEIVED

A5 = [(148, 210)]


def supplement(**changes: object) -> SupplementRequestData:
    values: dict[str, object] = {
        "agency": AGENCY,
        "applicant": APPLICANT,
        "procedure_name": "Đăng ký khai sinh",
        "items": (
            SupplementItem(
                "Giấy chứng sinh do cơ sở y tế cấp (bản chính)",
                "Bản đã nộp là bản chụp, không có dấu của cơ sở y tế",
            ),
            SupplementItem("Văn bản ủy quyền", "Người nộp không phải cha, mẹ của trẻ"),
        ),
        "issued_on": dt.date(2026, 11, 30),
        "officer": "Trần Văn Bình",
        "dossier_code": CODE,
        "number": "15/PYCBS",
        "contact": "công chức Trần Văn Bình, số điện thoại 0207 3812 345",
        "lookup_url": LOOKUP_URL,
    }
    values.update(changes)
    return SupplementRequestData(**values)  # type: ignore[arg-type]


def refusal(**changes: object) -> ReceptionRefusalData:
    values: dict[str, object] = {
        "agency": AGENCY,
        "applicant": APPLICANT,
        "procedure_name": "Đăng ký khai sinh",
        "reasons": (
            "Trẻ đã được đăng ký khai sinh tại Ủy ban nhân dân phường Minh Xuân.",
            "Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã An Khang.",
        ),
        "issued_on": dt.date(2026, 2, 5),
        "officer": "Trần Văn Bình",
    }
    values.update(changes)
    return ReceptionRefusalData(**values)  # type: ignore[arg-type]


def test_supplement_request_lists_each_item_with_its_reason_and_apologises() -> None:
    pdf = supplement_request_pdf(supplement())
    assert pdfcheck.page_sizes_mm(pdf) == A5
    text = pdfcheck.text(pdf)
    for expected in [
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Số: 15/PYCBS",
        "An Khang, ngày 30 tháng 11 năm 2026",
        f"Mã hồ sơ: {CODE}",
        "Ông/Bà: Nguyễn Thị Ánh Tuyết",
        "Qua kiểm tra hồ sơ, Bộ phận Một cửa xã An Khang đề nghị Ông/Bà bổ sung",
        "Nội dung cần bổ sung, hoàn thiện",
        "Lý do",
        "Văn bản ủy quyền",
        "Người nộp không phải cha, mẹ của trẻ",
        "không có dấu của cơ sở y tế",
        "liên hệ công chức Trần Văn Bình, số điện thoại 0207 3812 345",
        "xin lỗi Ông/Bà vì sự bất tiện này",
        "NGƯỜI HƯỚNG DẪN",
        "Trần Văn Bình",
    ]:
        assert expected in text, expected
    assert pdfcheck.qr_codes(pdf) == [LOOKUP_URL]


def test_supplement_request_after_appraisal_says_so() -> None:
    text = pdfcheck.text(supplement_request_pdf(supplement(after_receipt=True, contact="")))
    assert "Qua thẩm định hồ sơ" in text
    assert "Qua kiểm tra hồ sơ" not in text
    assert "để được hướng dẫn" not in text


def test_reception_refusal_gives_the_reasons_and_both_signatures() -> None:
    pdf = reception_refusal_pdf(refusal())
    assert pdfcheck.page_sizes_mm(pdf) == A5
    text = pdfcheck.text(pdf)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "An Khang, ngày 05 tháng 02 năm 2026" in text
    assert "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau" in text
    assert "1. Trẻ đã được đăng ký khai sinh tại Ủy ban nhân dân phường Minh Xuân." in text
    assert "2. Yêu cầu không thuộc thẩm quyền" in text
    assert "NGƯỜI NỘP HỒ SƠ" in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert "Mã hồ sơ" not in text  # refused at the desk: no dossier code yet
    assert pdfcheck.qr_codes(pdf) == []


def test_refusal_after_appraisal_has_its_own_title_and_signer() -> None:
    data = refusal(
        after_appraisal=True,
        dossier_code=CODE,
        officer="Lê Văn Cường",
        officer_position="KT. Chủ tịch\nPhó Chủ tịch",
    )
    text = pdfcheck.text(reception_refusal_pdf(data))
    assert "PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ" in text
    assert "TIẾP NHẬN GIẢI QUYẾT" not in text
    assert "Qua thẩm định" in text
    assert "từ chối giải quyết hồ sơ này" in text
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert "Lê Văn Cường" in text
    assert "NGƯỜI NỘP HỒ SƠ" not in text


@pytest.fixture
def apology() -> ApologyData:
    return ApologyData(
        agency=AGENCY,
        applicant=APPLICANT,
        dossier_code=CODE,
        procedure_name="Đăng ký khai sinh",
        received_at=RECEIVED,
        old_due_at=DUE,
        new_due_at=DUE + dt.timedelta(days=3, hours=-5),
        reason="Cần xác minh thông tin về nơi cư trú của mẹ tại tỉnh Lào Cai.",
        issued_on=dt.date(2026, 12, 4),
        signer_name="Lê Văn Cường",
        signer_position="Chủ tịch",
        lookup_url=LOOKUP_URL,
    )


def test_apology_gives_the_reason_the_old_and_the_new_due_moment(apology: ApologyData) -> None:
    pdf = apology_pdf(apology)
    assert pdfcheck.page_sizes_mm(pdf) == A5
    text = pdfcheck.text(pdf)
    for expected in [
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "An Khang, ngày 04 tháng 12 năm 2026",
        "Kính gửi: Ông/Bà Nguyễn Thị Ánh Tuyết",
        "Ngày 30/11/2026, Bộ phận Một cửa xã An Khang tiếp nhận hồ sơ của Ông/Bà",
        "14 giờ 30 phút, ngày 07/12/2026",
        "Lý do: Cần xác minh thông tin về nơi cư trú của mẹ tại tỉnh Lào Cai.",
        "xin lỗi Ông/Bà",
        "Hẹn trả kết quả: 09 giờ 30 phút, ngày 10/12/2026",
        "CHỦ TỊCH",
        "Lê Văn Cường",
    ]:
        assert expected in text, expected
    assert pdfcheck.qr_codes(pdf) == [LOOKUP_URL]


def test_stop_notice_names_the_dossier_and_the_reason() -> None:
    data = StopNoticeData(
        agency=AGENCY,
        applicant=APPLICANT,
        dossier_code=CODE,
        procedure_name="Đăng ký khai sinh",
        received_at=RECEIVED,
        requested_on=dt.date(2026, 12, 1),
        reason="Người nộp hồ sơ đề nghị rút hồ sơ để bổ sung giấy tờ.",
        issued_on=dt.date(2026, 12, 2),
        signer_name="Lê Văn Cường",
        number="03/TB-UBND",
    )
    pdf = stop_notice_pdf(data)
    assert pdfcheck.page_sizes_mm(pdf) == A5
    text = pdfcheck.text(pdf)
    for expected in [
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Số: 03/TB-UBND",
        "Ngày 01/12/2026, Bộ phận Một cửa xã An Khang nhận được đề nghị của Ông/Bà",
        f"Mã hồ sơ: {CODE}",
        "Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 30/11/2026",
        "Lý do: Người nộp hồ sơ đề nghị rút hồ sơ để bổ sung giấy tờ.",
        "dừng giải quyết hồ sơ nêu trên kể từ ngày 02/12/2026",
        "THỦ TRƯỞNG CƠ QUAN",
    ]:
        assert expected in text, expected
    assert pdfcheck.qr_codes(pdf) == []
