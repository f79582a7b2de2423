"""Mẫu 01: the receipt with its due moment and the QR code of the lookup page."""

from __future__ import annotations

import unicodedata

from egov.printing.onestop import receipt_pdf

from . import pdfcheck
from .samples import APPLICANT, CODE, LOOKUP_URL, receipt


def test_receipt_is_one_a5_portrait_page_with_an_embedded_font() -> None:
    pdf = receipt_pdf(receipt())
    assert pdf.startswith(b"%PDF-")
    assert pdfcheck.page_sizes_mm(pdf) == [(148, 210)]
    assert b"/FontFile2" in pdf
    assert b"CrimsonText" in pdf


def test_receipt_text_is_vietnamese_with_its_diacritics_intact() -> None:
    text = pdfcheck.text(receipt_pdf(receipt()))
    for expected in [
        "ỦY BAN NHÂN DÂN XÃ AN KHANG",
        "BỘ PHẬN MỘT CỬA XÃ AN KHANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Số: {CODE}",
        "An Khang, ngày 30 tháng 11 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {CODE}",
        "Nguyễn Thị Ánh Tuyết",
        "Số 12, thôn Đông Hưng, xã An Khang, tỉnh Tuyên Quang",
        "Số điện thoại: 0912 345 678",
        "Email: tuyet.nguyen@example.vn",
        "Thủ tục hành chính: Đăng ký khai sinh",
        "Giấy chứng sinh do cơ sở y tế cấp",
        "Bản sao có chứng thực",
        "Số lượng hồ sơ: 01 (bộ)",
        "Thời gian giải quyết hồ sơ theo quy định: 0,5 ngày làm việc",
        "Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 30/11/2026",
        "Hẹn trả kết quả: 14 giờ 30 phút, ngày 07/12/2026",
        "Đăng ký nhận kết quả tại: Trực tiếp tại Bộ phận Một cửa xã An Khang",
        "Phí, lệ phí: 15.000 đồng",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký, ghi rõ họ tên)",
        "Trần Văn Bình",
    ]:
        assert expected in text, expected


def test_the_qr_code_on_the_page_decodes_to_the_lookup_url() -> None:
    pdf = receipt_pdf(receipt())
    assert pdfcheck.qr_codes(pdf) == [LOOKUP_URL]
    # The URL is also printed beneath the code, for those who cannot scan it.
    assert LOOKUP_URL in "".join(pdfcheck.text(pdf).split())


def test_no_lookup_url_no_qr_code() -> None:
    pdf = receipt_pdf(receipt(lookup_url=""))
    assert pdfcheck.qr_codes(pdf) == []


def test_optional_lines_are_left_out_and_the_numbers_close_up() -> None:
    text = pdfcheck.text(receipt_pdf(receipt(fee=None, processing_days=None)))
    assert "Phí, lệ phí" not in text
    assert "theo quy định" not in text
    assert "3. Thời gian nhận hồ sơ" in text
    assert "4. Hẹn trả kết quả" in text


def test_copy_label_and_tracking_book_entry() -> None:
    text = pdfcheck.text(
        receipt_pdf(receipt(copy_label="Liên 1: Lưu", book_volume="02", book_entry="157"))
    )
    assert "(Liên 1: Lưu)" in text
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: 02, Số thứ tự: 157" in text


def test_decomposed_names_from_the_database_still_print_their_marks() -> None:
    nfd = type(APPLICANT)(name=unicodedata.normalize("NFD", APPLICANT.name))
    text = pdfcheck.text(receipt_pdf(receipt(applicant=nfd)))
    assert "Ông/Bà: Nguyễn Thị Ánh Tuyết" in text


def test_many_components_flow_onto_a_second_page() -> None:
    from egov.printing.onestop import ReceivedComponent

    parts = tuple(ReceivedComponent(f"Giấy tờ số {n}") for n in range(1, 31))
    pdf = receipt_pdf(receipt(components=parts))
    sizes = pdfcheck.page_sizes_mm(pdf)
    assert len(sizes) >= 2
    assert set(sizes) == {(148, 210)}
    second = pdfcheck.text(pdf, page=2)
    assert "Tên giấy tờ" in second  # the table heading is repeated
    assert "Giấy tờ số 30" in second
