"""A small province built through the real services: the setting most orgs tests share."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from egov.orgs.models import AdministrativeUnit, Agency, Role
from egov.orgs.services import agency_create, department_create, official_create, unit_create
from egov.orgs.tests.factories import PASSWORD

BEFORE_REFORM = dt.date(2020, 1, 1)


@pytest.fixture
def province(db):
    """Province 99 with communes A and B, and their agencies.

    UBND tỉnh is the top agency; Sở Tư pháp, UBND xã A and UBND xã B hang below it; the
    police is not linked to it.
    """
    w = SimpleNamespace()
    w.unit = unit_create(
        code="99", name="Tỉnh Thử Nghiệm", kind=AdministrativeUnit.Kind.PROVINCE, actor=None
    )
    w.unit_a = unit_create(
        code="99001",
        name="Xã An Bình",
        kind=AdministrativeUnit.Kind.COMMUNE,
        parent=w.unit,
        actor=None,
    )
    w.unit_b = unit_create(
        code="99002",
        name="Phường Bình Minh",
        kind=AdministrativeUnit.Kind.WARD,
        parent=w.unit,
        actor=None,
    )
    w.committee = agency_create(
        code="000.00.00.H99",
        name="UBND tỉnh Thử Nghiệm",
        short_name="UBND",
        kind=Agency.Kind.PROVINCIAL_COMMITTEE,
        unit=w.unit,
        actor=None,
    )
    w.justice = agency_create(
        code="000.00.10.H99",
        name="Sở Tư pháp",
        short_name="STP",
        kind=Agency.Kind.DEPARTMENT,
        unit=w.unit,
        parent=w.committee,
        actor=None,
    )
    w.commune_a = agency_create(
        code="000.01.00.H99",
        name="UBND xã An Bình",
        short_name="UBND",
        kind=Agency.Kind.COMMUNE_COMMITTEE,
        unit=w.unit_a,
        parent=w.committee,
        actor=None,
    )
    w.commune_b = agency_create(
        code="000.02.00.H99",
        name="UBND phường Bình Minh",
        short_name="UBND",
        kind=Agency.Kind.COMMUNE_COMMITTEE,
        unit=w.unit_b,
        parent=w.committee,
        actor=None,
    )
    w.police = agency_create(
        code="000.00.90.H99",
        name="Công an tỉnh",
        short_name="CA",
        kind=Agency.Kind.POLICE,
        unit=w.unit,
        actor=None,
    )
    w.desk_a = department_create(
        agency=w.commune_a, code="MC", name="Bộ phận Một cửa", is_one_stop_desk=True, actor=None
    )
    w.office_a = department_create(
        agency=w.commune_a, code="VP", name="Văn phòng HĐND-UBND", actor=None
    )
    return w


@pytest.fixture
def make_official(province):
    """Create an official through ``official_create`` (system actor)."""
    counter = iter(range(1, 10_000))

    def make(agency=None, roles=(Role.SPECIALIST,), department=None, **extra):
        n = next(counter)
        return official_create(
            username=extra.pop("username", f"canbo{n}"),
            full_name=extra.pop("full_name", f"Trần Thị {n}"),
            email=extra.pop("email", f"canbo{n}@thunghiem.gov.vn"),
            agency=agency or province.commune_a,
            department=department,
            position=extra.pop("position", "Chuyên viên"),
            roles=roles,
            password=extra.pop("password", PASSWORD),
            actor=None,
        )

    return make


@pytest.fixture
def sysadmin(make_official, province):
    return make_official(agency=province.committee, roles=[Role.SYSTEM_ADMIN])
