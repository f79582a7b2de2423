"""A synthetic catalogue with realistic Vietnamese procedure names, bulk-created."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

FIELDS = [
    ("ho-tich", "Hộ tịch"),
    ("dat-dai", "Đất đai"),
    ("xay-dung", "Xây dựng"),
    ("dang-ky-kinh-doanh", "Thành lập và hoạt động của hộ kinh doanh"),
    ("chung-thuc", "Chứng thực"),
    ("giao-thong", "Đường bộ"),
    ("lao-dong", "Lao động, tiền lương"),
    ("bao-tro-xa-hoi", "Bảo trợ xã hội"),
    ("giao-duc", "Giáo dục và Đào tạo"),
    ("y-te", "Khám bệnh, chữa bệnh"),
    ("van-hoa", "Văn hóa cơ sở"),
    ("moi-truong", "Môi trường"),
]

ACTIONS = [
    "Đăng ký",
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Điều chỉnh",
    "Gia hạn",
    "Thu hồi",
    "Xác nhận",
    "Công nhận",
    "Thẩm định",
    "Phê duyệt",
    "Chấm dứt",
]

SUBJECTS = [
    "khai sinh",
    "kết hôn",
    "khai tử",
    "giám hộ",
    "nhận cha, mẹ, con",
    "thay đổi, cải chính hộ tịch",
    "giấy chứng nhận quyền sử dụng đất",
    "biến động đất đai",
    "giấy phép xây dựng nhà ở riêng lẻ",
    "giấy chứng nhận đăng ký hộ kinh doanh",
    "bản sao từ bản chính",
    "chữ ký trong các giấy tờ, văn bản",
    "giấy phép lái xe",
    "trợ cấp xã hội hằng tháng",
    "hộ nghèo, hộ cận nghèo",
    "giấy phép hoạt động khám bệnh, chữa bệnh",
    "gia đình văn hóa",
    "kế hoạch bảo vệ môi trường",
    "thành lập trường mầm non tư thục",
    "hợp đồng lao động",
]

QUALIFIERS = [
    "",
    "có yếu tố nước ngoài",
    "lần đầu",
    "cho hộ gia đình, cá nhân",
    "trong trường hợp bị mất, hư hỏng",
    "tại Ủy ban nhân dân cấp xã",
    "kết hợp",
    "lưu động",
    "theo thủ tục rút gọn",
]

EFFECTIVE_FROM = dt.date(2024, 1, 1)
REPLACED_ON = dt.date(2025, 7, 1)


def procedure_names(count: int) -> list[str]:
    """``count`` distinct names; a suffix only when the combinations run out."""
    combos = [
        " ".join(part for part in (action, subject, qualifier) if part)
        for action, subject, qualifier in itertools.product(ACTIONS, SUBJECTS, QUALIFIERS)
    ]
    random.Random(20250701).shuffle(combos)
    return [
        combos[i % len(combos)] + ("" if i < len(combos) else f" (mẫu {i // len(combos)})")
        for i in range(count)
    ]


def build_catalog(*, procedures: int) -> list[int]:
    """Create ``procedures`` procedures, each with a current version; one in ten also has an
    expired version, as after the 2025 reform. Returns the current versions' primary keys."""
    from egov.catalog.models import Field, OnlineMode, Procedure, ProcedureVersion

    Field.objects.bulk_create([Field(code=code, name=name) for code, name in FIELDS])
    fields = list(Field.objects.order_by("code"))
    rng = random.Random(42)
    Procedure.objects.bulk_create(
        [
            Procedure(
                code=f"{1 + i % 2}.{1000 + i:06d}",
                field=fields[i % len(fields)],
                level=rng.choice(list(Procedure.Level)),
            )
            for i in range(procedures)
        ],
        batch_size=500,
    )
    versions = []
    modes = list(OnlineMode)
    for procedure, name in zip(
        Procedure.objects.select_related("field").order_by("code"),
        procedure_names(procedures),
        strict=True,
    ):
        history = [(1, EFFECTIVE_FROM, REPLACED_ON), (2, REPLACED_ON, None)]
        for number, start, end in history if rng.random() < 0.1 else [(1, EFFECTIVE_FROM, None)]:
            version = ProcedureVersion(
                procedure=procedure,
                number=number,
                effective_from=start,
                effective_until=end,
                name=name if end is None else f"{name} (trước sắp xếp)",
                processing_days=Decimal(rng.choice(["0.5", "1", "3", "5", "10", "15", "30"])),
                online_mode=rng.choice(modes),
                result_type="Giấy chứng nhận",
            )
            version.refresh_search_text()
            versions.append(version)
    ProcedureVersion.objects.bulk_create(versions, batch_size=500)
    return list(
        ProcedureVersion.objects.filter(effective_until__isnull=True).values_list("pk", flat=True)
    )
