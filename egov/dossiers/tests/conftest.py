"""A commune that handles birth registration, its officials, and citizens: the setting the
dossier tests share. Dossiers are moved only through the services, as in real use."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.catalog.models import (
    Component,
    Fee,
    Field,
    OnlineMode,
    Procedure,
    ProcedureVersion,
    ProcessStep,
)
from egov.core.tests.samples import pdf_bytes
from egov.dossiers import hooks, services
from egov.orgs.models import Role
from egov.orgs.tests.conftest import make_official, province, sysadmin  # noqa: F401
from egov.orgs.tests.factories import UserFactory

# A real one-page PDF: results are stamped with their verification code and signed, which
# needs a PDF that a reader can open, not just one that passes the upload checks.
PDF_BYTES = pdf_bytes("Giay to")


def pdf_upload(name: str = "giay-chung-sinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_procedure(agency, *, code="1.001193", online=OnlineMode.FULL, steps=None, days="2"):
    field, _ = Field.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    procedure = Procedure.objects.create(code=code, field=field, level=Procedure.Level.COMMUNE)
    procedure.agencies.add(agency)
    version = ProcedureVersion(
        procedure=procedure,
        number=1,
        effective_from="2025-07-01",
        name="Thủ tục đăng ký khai sinh",
        processing_days=Decimal(days),
        online_mode=online,
        result_type="Giấy khai sinh",
        electronic_result=True,
    )
    version.refresh_search_text()
    version.save()
    Component.objects.create(
        version=version, position=1, name="Tờ khai đăng ký khai sinh", kind="form"
    )
    Component.objects.create(version=version, position=2, name="Giấy chứng sinh", kind="original")
    Fee.objects.create(version=version, kind="fee", description="Lệ phí", amount=8000)
    for position, (name, role, department, step_days) in enumerate(
        steps
        or [
            ("Tiếp nhận hồ sơ", Role.DESK_OFFICER, "MC", "0"),
            ("Thẩm định hồ sơ", Role.SPECIALIST, "VP", "1"),
            ("Xem xét, trình ký", Role.DEPARTMENT_HEAD, "VP", "0.5"),
            ("Chủ tịch UBND ký", Role.AGENCY_LEADER, "", "0.5"),
            ("Vào sổ, đóng dấu", Role.CLERK, "VP", "0"),
            ("Trả kết quả", Role.DESK_OFFICER, "MC", "0"),
        ],
        start=1,
    ):
        ProcessStep.objects.create(
            version=version,
            position=position,
            name=name,
            role=role,
            department=department,
            days=Decimal(step_days),
        )
    return version


@pytest.fixture(autouse=True)
def _without_higher_apps():
    """The dossiers' tests see the dossier app alone: no hold, reception hook or panel of
    the apps above it (payments' tests check theirs in place)."""
    with hooks.isolated() as registry:
        yield registry


@pytest.fixture
def world(province, make_official):  # noqa: F811
    """Commune A handles birth registration; one official per role there, a desk officer in
    commune B, and two citizens."""
    w = province
    w.version = make_procedure(w.commune_a)
    w.desk = make_official(
        agency=w.commune_a, department=w.desk_a, roles=[Role.DESK_OFFICER], full_name="Lê Văn Mốt"
    )
    w.specialist = make_official(
        agency=w.commune_a, department=w.office_a, roles=[Role.SPECIALIST], full_name="Phạm Thị Hai"
    )
    w.specialist2 = make_official(
        agency=w.commune_a, department=w.office_a, roles=[Role.SPECIALIST], full_name="Võ Văn Ba"
    )
    w.head = make_official(
        agency=w.commune_a,
        department=w.office_a,
        roles=[Role.DEPARTMENT_HEAD],
        full_name="Đỗ Thị Bốn",
    )
    w.leader = make_official(
        agency=w.commune_a, roles=[Role.AGENCY_LEADER], full_name="Nguyễn Văn Năm"
    )
    w.clerk = make_official(
        agency=w.commune_a, department=w.office_a, roles=[Role.CLERK], full_name="Hồ Thị Sáu"
    )
    w.desk_b = make_official(agency=w.commune_b, roles=[Role.DESK_OFFICER, Role.AGENCY_LEADER])
    w.citizen = UserFactory(username="congdan1", phone="0912345678", first_name="Ánh")
    w.other_citizen = UserFactory(username="congdan2", phone="0987654321")
    return w


def applicant(**overrides) -> services.Applicant:
    data = {
        "name": "Nguyễn Thị Ánh Tuyết",
        "id_number": "001190012345",
        "phone": "0912345678",
        "email": "tuyet@example.vn",
    }
    data.update(overrides)
    return services.Applicant(**data)


def submitted_online(w):
    """A complete online dossier submitted by ``w.citizen``."""
    dossier = services.draft_create(
        owner=w.citizen, version=w.version, handling_agency=w.commune_a, applicant=applicant()
    )
    for component in w.version.components.all():
        services.component_upload(dossier, pdf_upload(), actor=w.citizen, component=component)
    services.draft_update(dossier, actor=w.citizen, declaration_accepted=True)
    return services.submit(dossier, actor=w.citizen)


def received(w):
    """An online dossier accepted by the desk: in progress at the specialist step."""
    return services.accept(submitted_online(w), actor=w.desk)


@pytest.fixture
def dossier_received(world):
    return received(world)


__all__ = ["applicant", "io", "make_procedure", "pdf_upload", "received", "submitted_online"]
