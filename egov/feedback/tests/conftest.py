"""A province with a hotline (the Provincial People's Committee), two communes, categories
and the people who report and answer: the setting the feedback tests share. Reports are
moved only through the services, as in real use."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from egov.feedback import services
from egov.feedback.models import Category, Route
from egov.orgs.models import Role
from egov.orgs.tests.conftest import make_official, province  # noqa: F401
from egov.orgs.tests.factories import UserFactory


def jpeg_bytes(*, gps: bool = True, size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG with EXIF (camera make, orientation) and, by default, GPS tags."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "SecretPhone 1.0"  # Software
    if gps:
        exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 10.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def photo_upload(name: str = "den-hong.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


@pytest.fixture
def world(province, make_official):  # noqa: F811
    """The hotline at the Provincial Committee, commune A and B with their officials, the
    Department of Justice, a streetlight category routed to commune A, two citizens."""
    w = province
    w.hotline = make_official(
        agency=w.committee, roles=[Role.DESK_OFFICER], full_name="Tổng Đài Viên"
    )
    w.province_specialist = make_official(agency=w.committee, roles=[Role.SPECIALIST])
    w.handler_a = make_official(
        agency=w.commune_a, roles=[Role.SPECIALIST], full_name="Phạm Thị Hai"
    )
    w.commune_desk = make_official(
        agency=w.commune_a, roles=[Role.DESK_OFFICER], full_name="Lê Văn Mốt"
    )
    w.handler_b = make_official(agency=w.commune_b, roles=[Role.SPECIALIST])
    w.clerk_a = make_official(agency=w.commune_a, roles=[Role.CLERK])
    w.justice_official = make_official(agency=w.justice, roles=[Role.SPECIALIST])
    w.streetlight = Category.objects.create(
        code="den-duong",
        name="Đèn đường hỏng",
        handling_days=Decimal(5),
        location_required=True,
        attributes=[
            {
                "code": "pole",
                "datatype": "string",
                "required": False,
                "description": "Số cột đèn",
                "order": 1,
            }
        ],
    )
    Route.objects.create(category=w.streetlight, unit=w.unit_a, agency=w.commune_a)
    w.conduct = Category.objects.create(
        code="thai-do-can-bo",
        name="Thái độ, hành vi của cán bộ",
        handling_days=Decimal(10),
        default_agency=w.justice,
    )
    w.citizen = UserFactory(username="congdan1", phone="0912345678", first_name="Ánh")
    w.other_citizen = UserFactory(username="congdan2", phone="0987654321")
    return w


def report_input(w, **overrides) -> services.ReportInput:
    data = {
        "category": w.streetlight,
        "title": "Đèn đường hỏng trước nhà văn hóa",
        "description": "Ba cột đèn trên đường Lê Lợi không sáng từ tuần trước.",
        "latitude": "21.028511",
        "longitude": "105.804817",
        "address": "Đường Lê Lợi, trước nhà văn hóa thôn 2",
        "unit": w.unit_a,
        "contact_name": "Nguyễn Thị Ánh",
        "contact_phone": "0912345678",
        "contact_email": "anh@example.vn",
        "may_publish": True,
    }
    data.update(overrides)
    return services.ReportInput(**data)


def submitted(w, **overrides):
    """A report sent on the web by ``w.citizen``."""
    return services.report_submit(data=report_input(w, **overrides), actor=w.citizen).report


def forwarded(w, **overrides):
    """Forwarded by the hotline to commune A."""
    report = submitted(w, **overrides)
    return services.report_forward(report, actor=w.hotline, agency=w.commune_a)


def answered(w, resolution="resolved", **overrides):
    report = forwarded(w, **overrides)
    reason = "" if resolution == "resolved" else "Chưa có kinh phí thay đèn."
    return services.report_answer(
        report,
        actor=w.handler_a,
        answer="Đã thay bóng đèn ba cột trên đường Lê Lợi.",
        resolution=resolution,
        reason=reason,
    )


__all__ = ["answered", "forwarded", "jpeg_bytes", "photo_upload", "report_input", "submitted"]
