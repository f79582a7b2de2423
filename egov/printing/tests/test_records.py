"""Mẫu 06 control slip and Mẫu 07 tracking book: long tables, repeated headings, XLSX."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from egov.printing.onestop import (
    ControlSlipData,
    ControlSlipRow,
    Timeliness,
    TrackingBookData,
    TrackingBookRow,
    control_slip_pdf,
    tracking_book_pdf,
    tracking_book_xlsx,
)

from . import pdfcheck
from .samples import AGENCY, APPLICANT, CODE, DUE, RECEIVED

HOUR = dt.timedelta(hours=1)


def slip(rows: int) -> ControlSlipData:
    first = ControlSlipRow(
        "Bộ phận Một cửa", RECEIVED, "Trần Văn Bình", "Phạm Thị Hoa", Timeliness.ON_TIME
    )
    steps = [
        ControlSlipRow(
            f"Công chức Tư pháp - Hộ tịch, bước {n}",
            RECEIVED + n * HOUR,
            "Phạm Thị Hoa",
            "Lê Văn Cường",
            Timeliness.LATE if n == rows - 1 else Timeliness.EARLY,
            "Trình ký kết quả" if n == rows - 1 else "",
        )
        for n in range(1, rows)
    ]
    return ControlSlipData(
        agency=AGENCY,
        dossier_code=CODE,
        procedure_name="Đăng ký khai sinh",
        applicant=APPLICANT,
        received_at=RECEIVED,
        due_at=DUE,
        rows=[first, *steps],
    )


def test_control_slip_prints_each_hand_over() -> None:
    pdf = control_slip_pdf(slip(3))
    assert pdfcheck.page_sizes_mm(pdf) == [(148, 210)]
    text = pdfcheck.text(pdf)
    for expected in [
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {CODE}",
        "Kèm theo hồ sơ của: Nguyễn Thị Ánh Tuyết",
        "Thủ tục hành chính: Đăng ký khai sinh",
        "Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 30/11/2026",
        "Hẹn trả kết quả: 14 giờ 30 phút, ngày 07/12/2026",
        "Thời gian giao, nhận hồ sơ",
        "Người giao",
        "Người nhận",
        "Bộ phận Một cửa",
        "09:15 30/11/2026",
        "Trần Văn Bình",
        "Đúng hạn",
        "Trước hạn",
        "Quá hạn",
        "Trình ký kết quả",
    ]:
        assert expected in text, expected


def test_long_control_slip_breaks_across_a5_pages_repeating_its_headings() -> None:
    pdf = control_slip_pdf(slip(40))
    sizes = pdfcheck.page_sizes_mm(pdf)
    assert len(sizes) >= 3
    assert set(sizes) == {(148, 210)}
    seen = []
    for page in range(1, len(sizes) + 1):
        text = pdfcheck.text(pdf, page=page)
        assert "Thời gian giao, nhận hồ sơ" in text, page
        assert "Người giao" in text, page
        seen += [n for n in range(1, 40) if f"bước {n} " in text + " "]
    assert seen == list(range(1, 40))  # every row once, in order


def book(rows: int) -> TrackingBookData:
    return TrackingBookData(
        agency=AGENCY,
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30),
        volume="02",
        rows=[
            TrackingBookRow(
                dossier_code=f"000.00.01.H22-261130-{n:04d}",
                procedure_name="Đăng ký khai sinh",
                applicant_name=APPLICANT.name,
                applicant_address="thôn Đông Hưng, xã An Khang",
                applicant_phone="0912 345 678",
                received_at=RECEIVED,
                due_at=DUE,
                handling_agency="Công chức Tư pháp - Hộ tịch",
                transferred_at=RECEIVED + HOUR,
                result_received_at=DUE - 2 * HOUR if n % 2 else None,
                returned_at=DUE - HOUR if n % 2 else None,
                notes="Trả qua bưu điện" if n == 1 else "",
            )
            for n in range(1, rows + 1)
        ],
    )


def test_tracking_book_is_a4_landscape_with_the_form_columns() -> None:
    pdf = tracking_book_pdf(book(2))
    assert pdfcheck.page_sizes_mm(pdf) == [(297, 210)]
    text = pdfcheck.text(pdf)
    for expected in [
        "SỔ THEO DÕI HỒ SƠ",
        "Quyển số: 02",
        "Từ ngày 01/11/2026 đến ngày 30/11/2026",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Tên cá nhân, tổ chức",
        "Ngày, tháng, năm",
        "Ký nhận",
        "Ghi chú",
        "000.00.01.H22-261130-0001",
        "000.00.01.H22-261130-0002",
        "Nguyễn Thị Ánh Tuyết",
        "thôn Đông Hưng, xã An Khang, 0912 345 678",
        "Trả qua bưu điện",
    ]:
        assert expected in text, expected


def test_long_tracking_book_repeats_its_headings_on_every_page() -> None:
    pdf = tracking_book_pdf(book(60))
    sizes = pdfcheck.page_sizes_mm(pdf)
    assert len(sizes) >= 3
    assert set(sizes) == {(297, 210)}
    for page in range(1, len(sizes) + 1):
        text = pdfcheck.text(pdf, page=page)
        assert "Ngày, tháng, năm" in text, page
        assert "Mã hồ sơ" in text, page
    last = pdfcheck.text(pdf, page=len(sizes))
    assert "000.00.01.H22-261130-0060" in last
    assert "000.00.01.H22-261130-0001" not in last


def test_tracking_book_xlsx_has_the_header_row_and_the_data() -> None:
    sheet = load_workbook(io.BytesIO(tracking_book_xlsx(book(3)))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "TT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Chuyển hồ sơ đến cơ quan giải quyết",
        "Nhận kết quả từ cơ quan giải quyết",
        "Trả kết quả cho cá nhân, tổ chức",
        "Ký nhận",
        "Ghi chú",
    )
    assert len(rows) == 4
    first = rows[1]
    assert first[:7] == (
        1,
        "000.00.01.H22-261130-0001",
        "Đăng ký khai sinh",
        1,
        "Nguyễn Thị Ánh Tuyết",
        "thôn Đông Hưng, xã An Khang, 0912 345 678",
        "Công chức Tư pháp - Hộ tịch",
    )
    # Moments are real spreadsheet dates in Vietnam time.
    assert first[7:12] == (
        dt.datetime(2026, 11, 30, 9, 15),  # noqa: DTZ001
        dt.datetime(2026, 12, 7, 14, 30),  # noqa: DTZ001
        dt.datetime(2026, 11, 30, 10, 15),  # noqa: DTZ001
        dt.datetime(2026, 12, 7, 12, 30),  # noqa: DTZ001
        dt.datetime(2026, 12, 7, 13, 30),  # noqa: DTZ001
    )
    assert first[12:] == (None, "Trả qua bưu điện")
    assert rows[2][0] == 2
    assert rows[2][10] is None  # result not back yet
    assert sheet.freeze_panes == "A2"
    assert sheet["H2"].number_format == "dd/mm/yyyy hh:mm"


def test_an_empty_book_still_has_its_headings() -> None:
    empty = TrackingBookData(agency=AGENCY, rows=[])
    text = pdfcheck.text(tracking_book_pdf(empty))
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "Ngày, tháng, năm" in text
    assert "Quyển số" not in text
    rows = list(load_workbook(io.BytesIO(tracking_book_xlsx(empty))).active.values)
    assert len(rows) == 1
    assert rows[0][1] == "Mã hồ sơ"
