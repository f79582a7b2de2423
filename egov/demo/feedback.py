"""Demo citizen feedback: categories with their routing, a hotline operator at the Provincial
People's Committee (the default hotline), and reports in every state, made through the real
services (codes, deadlines, timelines, notifications), some back-dated so the queues show
overdue work. Categories are added when missing; reports only when there are none."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from egov.feedback import services
from egov.feedback.models import Category, Channel, Report, Route
from egov.orgs.models import AdministrativeUnit, Agency, Role, User
from egov.orgs.services import official_create

from . import people
from .data import EMAIL_DOMAIN, PASSWORD, UBND_TINH

HOTLINE_OPERATOR = "tongdai.tinh"
WARD_1, WARD_2 = "000.00.21.H22", "000.00.22.H22"
CONSTRUCTION, HOME_AFFAIRS, JUSTICE = "000.00.03.H22", "000.00.08.H22", "000.00.02.H22"

# code, name, description, handling days, location required, default agency, attributes
CATEGORIES: tuple[tuple[str, str, str, int, bool, str | None, list[dict[str, Any]]], ...] = (
    (
        "den-duong",
        "Đèn chiếu sáng công cộng hỏng",
        "Đèn đường không sáng, sáng cả ngày, cột đèn nghiêng đổ.",
        5,
        True,
        None,
        [
            {
                "code": "so-cot",
                "datatype": "string",
                "required": False,
                "description": "Số hiệu cột đèn (nếu thấy)",
                "order": 1,
            }
        ],
    ),
    (
        "duong-hu-hong",
        "Đường, vỉa hè hư hỏng",
        "Ổ gà, sụt lún, nắp cống hỏng, vỉa hè vỡ.",
        10,
        True,
        CONSTRUCTION,
        [],
    ),
    (
        "rac-thai",
        "Rác thải, vệ sinh môi trường",
        "Rác không được thu gom, đổ trộm phế thải, nước thải, mùi hôi.",
        7,
        True,
        None,
        [],
    ),
    (
        "trat-tu-do-thi",
        "Trật tự đô thị, lấn chiếm vỉa hè",
        "Lấn chiếm lòng đường, vỉa hè; xây dựng không phép.",
        10,
        True,
        None,
        [],
    ),
    (
        "thai-do-can-bo",
        "Thái độ, hành vi của cán bộ, công chức",
        "Chậm trễ, gây phiền hà, nhũng nhiễu khi giải quyết công việc.",
        10,
        False,
        HOME_AFFAIRS,
        [],
    ),
    (
        "quy-dinh-hanh-chinh",
        "Quy định hành chính chưa phù hợp",
        "Thủ tục, giấy tờ, quy định không hợp lý, trái pháp luật hoặc không khả thi.",
        15,
        False,
        JUSTICE,
        [],
    ),
)


def _photo(text: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (480, 320), (90, 110, 130))
    ImageDraw.Draw(image).text((20, 20), text, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile("anh-hien-truong.jpg", out.getvalue(), content_type="image/jpeg")


def categories_load() -> int:
    """The demo categories and, for streetlights and waste, a rule per ward (the ward's
    People's Committee handles them); returns how many categories were created."""
    created = 0
    for position, (code, name, text, days, located, agency, attributes) in enumerate(CATEGORIES):
        category, made = Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": text,
                "handling_days": Decimal(days),
                "location_required": located,
                "default_agency": Agency.objects.filter(code=agency).first() if agency else None,
                "attributes": attributes,
                "position": position,
            },
        )
        created += int(made)
        if code in ("den-duong", "rac-thai"):
            for ward in Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE):
                Route.objects.get_or_create(
                    category=category, unit=ward.unit, defaults={"agency": ward}
                )
    return created


def _hotline_operator() -> User:
    found = User.objects.filter(username=HOTLINE_OPERATOR).first()
    if found is not None:
        return found
    return official_create(
        username=HOTLINE_OPERATOR,
        full_name="Hà Thị Thanh Tâm",
        email=f"{HOTLINE_OPERATOR}@{EMAIL_DOMAIN}",
        agency=Agency.objects.get(code=UBND_TINH),
        position="Tổng đài viên đường dây nóng",
        roles=[Role.DESK_OFFICER],
        password=PASSWORD,
        actor=None,
    )


def _citizen(index: int) -> User:
    return User.objects.get(citizen__national_id=people.CITIZENS[index].national_id)


def _input(category: str, title: str, text: str, **extra: Any) -> services.ReportInput:
    unit = extra.pop("unit", None)
    return services.ReportInput(
        category=Category.objects.get(code=category),
        title=title,
        description=text,
        unit=AdministrativeUnit.objects.filter(code=unit, valid_until__isnull=True).first()
        if unit
        else None,
        **extra,
    )


def reports_load() -> int:
    """A dozen reports in every state; nothing when reports exist already."""
    if Report.objects.exists():
        return 0
    hotline = _hotline_operator()
    ward_1 = Agency.objects.get(code=WARD_1)
    handler = User.objects.get(username="diachinh.phuong1")
    construction = Agency.objects.get(code=CONSTRUCTION)
    builder = User.objects.get(username="chuyenvien.xaydung")
    an, ngoc = _citizen(0), _citizen(1)
    now = timezone.now()

    def at(days_ago: float) -> Any:
        return services.clock_at(now - dt.timedelta(days=days_ago))

    def send(who: User | None, data: services.ReportInput) -> Report:
        return services.report_submit(data=data, actor=who).report

    count = 0
    # Resolved, rated satisfied, published: the model answer.
    with at(20):
        lamp = send(
            an,
            _input(
                "den-duong",
                "Ba cột đèn trên đường Lê Lợi không sáng",
                "Từ tối thứ Hai, ba cột đèn đoạn trước trường tiểu học không sáng, "
                "học sinh đi học thêm về rất tối.",
                address="Đường Lê Lợi, đoạn trước Trường Tiểu học An Khang",
                unit="33100",
                latitude=Decimal("10.776900"),
                longitude=Decimal("106.700900"),
                may_publish=True,
                photos=[_photo("Den duong khong sang")],
                attributes={"so-cot": "LL-12"},
            ),
        )
        services.report_forward(lamp, actor=hotline, agency=ward_1)
        services.report_moderate(lamp, actor=hotline, publish=True)
    with at(18):
        services.report_answer(
            lamp,
            actor=handler,
            answer="UBND phường đã phối hợp đơn vị chiếu sáng thay ba bộ đèn LED ngày "
            "hôm qua. Cảm ơn ông/bà đã phản ánh.",
            resolution="resolved",
        )
        services.report_rate(lamp, actor=an, satisfied=True, comment="Cảm ơn phường.")
    count += 1

    # Answered "not resolved", rated not satisfied and reopened: handled again, due soon.
    with at(12):
        road = send(
            ngoc,
            _input(
                "duong-hu-hong",
                "Ổ gà lớn trên đường Trần Phú",
                "Ổ gà sâu khoảng 20 cm giữa làn xe máy, đã có người ngã.",
                address="Đường Trần Phú, gần chợ Bình Minh",
                unit="33103",
                latitude=Decimal("10.781200"),
                longitude=Decimal("106.695500"),
                may_publish=True,
            ),
        )
        services.report_forward(road, actor=hotline, agency=construction)
        services.report_moderate(road, actor=hotline, publish=True)
    with at(6):
        services.report_answer(
            road,
            actor=builder,
            answer="Sở Xây dựng đã đưa đoạn đường vào kế hoạch sửa chữa quý tới.",
            resolution="not_resolved",
            reason="Chưa bố trí được kinh phí trong quý này.",
        )
    with at(5):
        services.report_reopen(
            road, actor=ngoc, reason="Ổ gà nguy hiểm ngay bây giờ, đề nghị rào chắn tạm."
        )
    count += 1

    # Handling, overdue.
    with at(14):
        waste = send(
            None,
            _input(
                "rac-thai",
                "Bãi rác tự phát cạnh kênh Tân Phú",
                "Người dân đổ rác xuống bờ kênh, bốc mùi hôi, nhiều ruồi muỗi.",
                address="Bờ kênh Tân Phú, tổ 5",
                unit="33100",
                contact_name="Phạm Văn Bảy",
                contact_phone="0987000111",
                may_publish=True,
            ),
        )
        services.report_forward(waste, actor=hotline, agency=ward_1)
        services.report_moderate(waste, actor=hotline, publish=True)
    count += 1

    # Received today, to classify (one from the hotline phone).
    for who, data in (
        (
            an,
            _input(
                "trat-tu-do-thi",
                "Quán ăn lấn chiếm toàn bộ vỉa hè",
                "Buổi tối quán bày bàn ghế kín vỉa hè, người đi bộ phải xuống lòng đường.",
                address="Số 45 đường Nguyễn Huệ",
                unit="33100",
                may_publish=True,
            ),
        ),
        (
            None,
            _input(
                "thai-do-can-bo",
                "Cán bộ hẹn nhiều lần không giải quyết",
                "Tôi nộp hồ sơ đăng ký đất đai ba lần, mỗi lần được yêu cầu bổ sung một giấy "
                "tờ khác nhau.",
                is_anonymous=True,
                may_publish=False,
            ),
        ),
    ):
        send(who, data)
        count += 1
    services.report_register(
        data=_input(
            "den-duong",
            "Cột đèn nghiêng sắp đổ",
            "Người gọi cho biết cột đèn nghiêng sau trận mưa lớn tối qua.",
            address="Ngã tư Hai Bà Trưng - Lý Thường Kiệt",
            unit="33103",
            contact_name="Lê Thị Hồng",
            contact_phone="0903555777",
            may_publish=True,
        ),
        actor=hotline,
        channel=Channel.HOTLINE,
    )
    count += 1

    # Outside competence, rejected, and a duplicate merged into the overdue one.
    with at(9):
        power = send(
            ngoc,
            _input(
                "quy-dinh-hanh-chinh",
                "Tiền điện tháng này tăng bất thường",
                "Hóa đơn tiền điện tăng gấp đôi dù gia đình không dùng thêm thiết bị.",
                may_publish=True,
            ),
        )
        services.report_transfer(power, actor=hotline, recipient="Công ty Điện lực tỉnh An Khang")
        spam = send(
            None,
            _input(
                "quy-dinh-hanh-chinh",
                "Quảng cáo dịch vụ",
                "Nhận làm hồ sơ nhanh, liên hệ số điện thoại.",
                contact_name="Dịch vụ",
                contact_phone="0900000000",
            ),
        )
        services.report_reject(
            spam, actor=hotline, reason="Nội dung quảng cáo, không phải phản ánh, kiến nghị."
        )
        duplicate = send(
            an,
            _input(
                "rac-thai",
                "Rác đổ bờ kênh",
                "Rác bờ kênh Tân Phú lâu ngày chưa dọn.",
                address="Kênh Tân Phú",
                unit="33100",
                may_publish=True,
            ),
        )
        services.report_merge(duplicate, actor=hotline, into=waste)
    return count + 3


@transaction.atomic
def feedback_load() -> tuple[int, int]:
    """(categories created, reports created)."""
    return categories_load(), reports_load()
