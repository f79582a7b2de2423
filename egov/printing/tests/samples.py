"""Sample form data: a birth registration at the one-stop desk of a commune."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from egov.printing.formats import VN_TZ
from egov.printing.onestop import (
    CERTIFIED_COPY,
    ORIGINAL,
    Agency,
    Applicant,
    ReceiptData,
    ReceivedComponent,
)

AGENCY = Agency(
    name="Bộ phận Một cửa xã An Khang",
    managing_body="Ủy ban nhân dân xã An Khang",
    place="An Khang",
)
APPLICANT = Applicant(
    name="Nguyễn Thị Ánh Tuyết",
    address="Số 12, thôn Đông Hưng, xã An Khang, tỉnh Tuyên Quang",
    phone="0912 345 678",
    email="tuyet.nguyen@example.vn",
)
CODE = "000.00.01.H22-261130-0001"
LOOKUP_URL = "https://dichvucong.ankhang.gov.vn/tra-cuu/?code=000.00.01.H22-261130-0001"
RECEIVED = dt.datetime(2026, 11, 30, 9, 15, tzinfo=VN_TZ)
DUE = dt.datetime(2026, 12, 7, 14, 30, tzinfo=VN_TZ)


def receipt(**changes: object) -> ReceiptData:
    values: dict[str, object] = {
        "agency": AGENCY,
        "dossier_code": CODE,
        "applicant": APPLICANT,
        "procedure_name": "Đăng ký khai sinh",
        "components": (
            ReceivedComponent("Tờ khai đăng ký khai sinh theo mẫu", ORIGINAL, 1),
            ReceivedComponent("Giấy chứng sinh do cơ sở y tế cấp", ORIGINAL, 1),
            ReceivedComponent("Giấy chứng nhận kết hôn của cha, mẹ", CERTIFIED_COPY, 2),
        ),
        "received_at": RECEIVED,
        "due_at": DUE,
        "result_delivery": "Trực tiếp tại Bộ phận Một cửa xã An Khang",
        "receiving_officer": "Trần Văn Bình",
        "lookup_url": LOOKUP_URL,
        "processing_days": Decimal("0.5"),
        "fee": 15000,
    }
    values.update(changes)
    return ReceiptData(**values)  # type: ignore[arg-type]
