"""A province with two communes, their desk officers and leaders, two citizens, and the
signing certificates of egov's demo CA (trusted here): the setting of the certification
tests. Requests move only through the services, as in real use."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.certification import services
from egov.orgs.models import Role
from egov.orgs.tests.conftest import make_official, province, sysadmin  # noqa: F401
from egov.orgs.tests.factories import CitizenFactory, UserFactory
from egov.signing import services as signing

from .scanfiles import scan_pdf


def scan_upload(name: str = "bang-tot-nghiep.pdf", **options: object) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, scan_pdf(**options), content_type="application/pdf")  # type: ignore[arg-type]


@pytest.fixture
def world(province, make_official):  # noqa: F811
    w: SimpleNamespace = province
    w.desk = make_official(
        agency=w.commune_a, department=w.desk_a, roles=[Role.DESK_OFFICER], full_name="Lê Văn Mốt"
    )
    w.leader = make_official(
        agency=w.commune_a,
        roles=[Role.AGENCY_LEADER],
        full_name="Nguyễn Văn Năm",
        position="Phó Chủ tịch UBND xã",
    )
    w.specialist = make_official(agency=w.commune_a, roles=[Role.SPECIALIST])
    w.clerk = make_official(agency=w.commune_a, roles=[Role.CLERK])
    w.leader_b = make_official(agency=w.commune_b, roles=[Role.AGENCY_LEADER, Role.DESK_OFFICER])
    w.province_leader = make_official(agency=w.committee, roles=[Role.AGENCY_LEADER])
    w.citizen = CitizenFactory(
        full_name="Trần Thị Ánh",
        user=UserFactory(username="congdan1", phone="0912345678", email="anh@example.vn"),
    ).user
    w.other_citizen = CitizenFactory(
        full_name="Phạm Văn Bình", user=UserFactory(username="congdan2", phone="0987654321")
    ).user
    return w


@pytest.fixture
def certificates(world):
    """The demo CA (trusted), the organisation certificate of commune A and the personal one
    of its leader."""
    world.ca = signing.local_ca_create(actor=None, trust=True)
    world.agency_cert = signing.certificate_issue(owner_agency=world.commune_a, actor=None)
    world.leader_cert = signing.certificate_issue(owner_user=world.leader, actor=None)
    return world


def submitted(world, *, citizen=None, agency=None, document="Bằng tốt nghiệp THPT", **scan):
    return services.copy_request_submit(
        agency=agency or world.commune_a,
        document_name=document,
        scan=scan_upload(**scan),
        actor=citizen or world.citizen,
    )


def certified(world, request=None, *, notes=""):
    request = request or submitted(world)
    return services.copy_request_certify(request, actor=world.leader, compared=True, notes=notes)
