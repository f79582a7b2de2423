import pytest

from egov.core.text import fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"),
        ("dang ky khai sinh", "dang ky khai sinh"),
        ("  Chứng   thực\tbản sao ", "chung thuc ban sao"),
        ("Hộ kinh doanh", "ho kinh doanh"),
        ("Quốc tịch Việt Nam", "quoc tich viet nam"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
    ],
)
def test_fold_strips_diacritics_case_and_spacing(text, expected):
    assert fold(text) == expected


def test_fold_maps_d_with_stroke_to_d():
    assert fold("đ") == fold("Đ") == "d"


def test_fold_is_idempotent():
    once = fold("Cấp Giấy phép xây dựng nhà ở riêng lẻ")
    assert fold(once) == once
