"""What the demo applicants declare for a procedure's own fields (``form_fields``): realistic
values for the demo catalogue's keys, and a plausible one for any other field."""

from __future__ import annotations

from typing import Any

from egov.catalog.models import FormFieldType, ProcedureVersion
from egov.catalog.rules import form_fields_from_data

VALUES: dict[str, str] = {
    # Đăng ký khai sinh
    "ho_ten_tre": "Nguyễn Minh An",
    "ngay_sinh": "2026-01-05",
    "noi_sinh": "Trạm y tế phường An Khang",
    "gioi_tinh": "Nam",
    "dan_toc": "Kinh",
    "ho_ten_cha": "Nguyễn Văn Bình",
    "ho_ten_me": "Trần Thị Cúc",
    # Đăng ký khai tử
    "ho_ten_nguoi_chet": "Lê Văn Đức",
    "ngay_chet": "2025-12-20",
    "noi_chet": "Tại nhà, tổ dân phố 3, phường An Khang",
    "quan_he": "Con",
    # Đăng ký kết hôn
    "ho_ten_ben_nam": "Phạm Quốc Huy",
    "ngay_sinh_ben_nam": "1996-04-12",
    "so_dinh_danh_ben_nam": "001096004512",
    "ho_ten_ben_nu": "Đỗ Thu Hà",
    "ngay_sinh_ben_nu": "1998-09-30",
    "so_dinh_danh_ben_nu": "001198009930",
    # Cấp bản sao trích lục hộ tịch
    "loai_trich_luc": "Trích lục khai sinh",
    "ho_ten_nguoi_duoc_cap": "Nguyễn Minh An",
    "so_ban_sao": "2",
    "muc_dich": "Bổ sung hồ sơ nhập học.",
    # Đăng ký thành lập hộ kinh doanh
    "ten_ho_kinh_doanh": "Hộ kinh doanh Tạp hóa Minh An",
    "nganh_nghe": "4711 - Bán lẻ lương thực, thực phẩm, đồ uống trong cửa hàng tổng hợp",
    "von_kinh_doanh": "150000000",
    "dia_diem": "Số 12 đường Lê Lợi, tổ dân phố 2, phường An Khang",
    "so_lao_dong": "2",
    # Cấp giấy phép xây dựng nhà ở riêng lẻ
    "dia_diem_xay_dung": "Thửa 215, tờ bản đồ 7, phường An Khang",
    "so_giay_chung_nhan": "DĐ 123456",
    "dien_tich_xay_dung": "80",
    "tong_dien_tich_san": "240",
    "so_tang": "3",
    "chieu_cao": "11.5",
    "cap_cong_trinh": "Cấp III",
}
_BY_TYPE = {
    FormFieldType.DATE: "2026-01-05",
    FormFieldType.NUMBER: "1",
    FormFieldType.TEXTAREA: "Theo hồ sơ kèm theo.",
    FormFieldType.TEXT: "Theo hồ sơ kèm theo",
}


def demo_answers(version: ProcedureVersion) -> dict[str, Any]:
    """A value for every field of the version (its first choice for an unknown choice)."""
    answers: dict[str, Any] = {}
    for spec in form_fields_from_data(version.form_fields)[0]:
        value = VALUES.get(spec.key)
        if spec.type == FormFieldType.CHOICE and value not in spec.choices:
            value = spec.choices[0]
        answers[spec.key] = value or _BY_TYPE.get(FormFieldType(spec.type), "")
    return answers
