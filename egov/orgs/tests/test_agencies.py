import datetime as dt

import pytest

from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.orgs.models import Agency, Department, Role
from egov.orgs.services import agency_create, department_create, unit_merge


def _agency(province, **kwargs):
    values = {
        "code": "000.03.00.H99",
        "name": "UBND xã Mới",
        "kind": Agency.Kind.COMMUNE_COMMITTEE,
        "unit": province.unit_a,
        "parent": province.committee,
        "actor": None,
    }
    return agency_create(**(values | kwargs))


def test_agency_create_attaches_the_agency_and_audits(province, sysadmin):
    agency = _agency(province, code=" 000.03.00.h99 ", email="UB@Xa.gov.vn", actor=sysadmin)
    assert agency.code == "000.03.00.H99"
    assert agency.email == "ub@xa.gov.vn"
    assert agency.parent == province.committee
    event = AuditEvent.objects.get(action="agency_created", object_id=str(agency.pk))
    assert event.actor == sysadmin and event.data["unit"] == "99001"


@pytest.mark.parametrize("code", ["H99", "000.00.01", "000-00-01-H99", "000.00.01.h99x"])
def test_agency_create_refuses_an_identifier_not_in_qcvn_102_form(province, code):
    with pytest.raises(ValidationFailed) as refused:
        _agency(province, code=code)
    assert refused.value.extra["field"] == "code"


def test_agency_create_refuses_a_duplicate_identifier(province):
    with pytest.raises(Conflict):
        _agency(province, code="000.01.00.H99")


def test_agency_create_refuses_a_unit_no_longer_in_force(province):
    unit_merge(
        sources=[province.unit_b],
        into=province.unit_a,
        effective_on=dt.date(2025, 7, 1),
        actor=None,
    )
    with pytest.raises(ValidationFailed) as refused:
        _agency(province, unit=province.unit_b)
    assert refused.value.extra["field"] == "unit"


def test_agency_create_refuses_an_empty_name_and_a_bad_email(province):
    with pytest.raises(ValidationFailed):
        _agency(province, name="   ")
    with pytest.raises(ValidationFailed) as refused:
        _agency(province, email="not-an-email")
    assert refused.value.extra["field"] == "email"


def test_agency_admins_add_agencies_below_their_own_only(province, make_official):
    admin = make_official(agency=province.committee, roles=[Role.AGENCY_ADMIN])
    commune_admin = make_official(agency=province.commune_b, roles=[Role.AGENCY_ADMIN])
    assert _agency(province, actor=admin).parent == province.committee
    with pytest.raises(PermissionRefused):
        _agency(province, code="000.04.00.H99", parent=province.commune_a, actor=commune_admin)
    with pytest.raises(PermissionRefused):
        _agency(province, code="000.05.00.H99", parent=None, actor=admin)
    assert not Agency.objects.filter(code__in=["000.04.00.H99", "000.05.00.H99"]).exists()


def test_department_create_by_the_agency_admin(province, make_official):
    admin = make_official(agency=province.commune_a, roles=[Role.AGENCY_ADMIN])
    dept = department_create(
        agency=province.commune_a, code="dc", name="Phòng Địa chính", actor=admin
    )
    assert dept.code == "DC" and dept.agency == province.commune_a
    assert AuditEvent.objects.filter(action="department_created", actor=admin).exists()


def test_department_create_refusals(province, make_official):
    specialist = make_official(agency=province.commune_a, roles=[Role.SPECIALIST])
    other_admin = make_official(agency=province.commune_b, roles=[Role.AGENCY_ADMIN])
    for actor in (specialist, other_admin):
        with pytest.raises(PermissionRefused):
            department_create(agency=province.commune_a, code="X", name="X", actor=actor)
    with pytest.raises(Conflict):
        department_create(agency=province.commune_a, code="mc", name="Trùng", actor=None)
    with pytest.raises(ValidationFailed):
        department_create(agency=province.commune_a, code=" ", name="Không mã", actor=None)
    assert Department.objects.filter(agency=province.commune_a).count() == 2
