import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from egov.core.errors import PermissionRefused
from egov.orgs.models import Role
from egov.orgs.permissions import agencies_in_scope, can_act, is_system_admin, require_role
from egov.orgs.services import agency_create
from egov.orgs.tests.factories import CitizenFactory, UserFactory


def test_a_commune_official_cannot_act_in_another_commune(province, make_official):
    officer = make_official(agency=province.commune_a, roles=[Role.DESK_OFFICER])
    assert can_act(officer, agency=province.commune_a, role=Role.DESK_OFFICER)
    assert not can_act(officer, agency=province.commune_b, role=Role.DESK_OFFICER)
    assert not can_act(officer, agency=province.commune_b)
    assert not can_act(officer, agency=province.committee), "scope never goes upwards"


def test_a_provincial_admin_acts_in_linked_sub_agencies_only(province, make_official):
    admin = make_official(agency=province.committee, roles=[Role.AGENCY_ADMIN])
    for agency in (province.committee, province.justice, province.commune_a, province.commune_b):
        assert can_act(admin, agency=agency, role=Role.AGENCY_ADMIN), agency
    assert not can_act(admin, agency=province.police, role=Role.AGENCY_ADMIN)


def test_scope_reaches_grandchildren(province, make_official):
    unit_office = agency_create(
        code="000.01.01.H99",
        name="Bộ phận Một cửa xã An Bình",
        kind="other",
        unit=province.unit_a,
        parent=province.commune_a,
        actor=None,
    )
    admin = make_official(agency=province.committee, roles=[Role.AGENCY_ADMIN])
    assert can_act(admin, agency=unit_office, role=Role.AGENCY_ADMIN)
    assert set(agencies_in_scope(admin)) == {
        province.committee,
        province.justice,
        province.commune_a,
        province.commune_b,
        unit_office,
    }


def test_a_role_the_official_does_not_hold_is_refused(province, make_official):
    specialist = make_official(agency=province.commune_a, roles=[Role.SPECIALIST])
    assert not can_act(specialist, agency=province.commune_a, role=Role.AGENCY_LEADER)
    assert not can_act(specialist, agency=province.commune_a, roles=[Role.DESK_OFFICER, Role.CLERK])
    assert can_act(specialist, agency=province.commune_a, roles=[Role.CLERK, Role.SPECIALIST])
    assert not can_act(specialist, agency=province.commune_a, roles=[]), "empty list: nobody"


def test_a_system_admin_acts_everywhere(province, make_official, sysadmin):
    for agency in (province.commune_b, province.police, province.justice):
        assert can_act(sysadmin, agency=agency)
        assert can_act(sysadmin, agency=agency, role=Role.SYSTEM_ADMIN)
        assert can_act(sysadmin, agency=agency, role=Role.AGENCY_ADMIN), "implied"
    assert not can_act(sysadmin, agency=province.police, role=Role.DESK_OFFICER), (
        "business roles are granted, not implied"
    )
    assert set(agencies_in_scope(sysadmin)) == {
        province.committee,
        province.justice,
        province.commune_a,
        province.commune_b,
        province.police,
    }
    assert is_system_admin(sysadmin)


def test_a_superuser_counts_as_system_admin(province):
    root = UserFactory(kind="official", is_superuser=True, is_staff=True)
    assert is_system_admin(root)
    assert can_act(root, agency=province.police, role=Role.AGENCY_ADMIN)
    assert agencies_in_scope(root).count() == 5


def test_department_head_acts_for_their_own_department(province, make_official):
    head = make_official(
        agency=province.commune_a, roles=[Role.DEPARTMENT_HEAD], department=province.desk_a
    )
    leader = make_official(agency=province.commune_a, roles=[Role.AGENCY_LEADER])
    assert can_act(
        head, agency=province.commune_a, role=Role.DEPARTMENT_HEAD, department=province.desk_a
    )
    assert not can_act(
        head, agency=province.commune_a, role=Role.DEPARTMENT_HEAD, department=province.office_a
    )
    assert can_act(
        leader, agency=province.commune_a, role=Role.AGENCY_LEADER, department=province.office_a
    )
    assert not can_act(
        leader, agency=province.commune_b, role=Role.AGENCY_LEADER, department=province.office_a
    ), "department of another agency"


@pytest.mark.django_db
def test_people_who_are_not_officials_act_nowhere(province):
    citizen = CitizenFactory().user
    for user in (AnonymousUser(), citizen):
        assert not can_act(user, agency=province.commune_a)
        assert not agencies_in_scope(user).exists()


def test_a_disabled_official_acts_nowhere(province, make_official):
    officer = make_official(agency=province.commune_a, roles=[Role.AGENCY_ADMIN])
    officer.is_active = False
    assert not can_act(officer, agency=province.commune_a)
    assert not agencies_in_scope(officer).exists()


def test_require_role_refuses_with_a_translated_message(province, make_official):
    officer = make_official(agency=province.commune_a, roles=[Role.DESK_OFFICER])
    require_role(officer, agency=province.commune_a, roles=[Role.DESK_OFFICER])
    with translation.override("vi"), pytest.raises(PermissionRefused) as refused:
        require_role(officer, agency=province.commune_b, roles=[Role.DESK_OFFICER])
    assert "UBND phường Bình Minh" in str(refused.value)
    assert "Bạn không được" in str(refused.value)
    assert refused.value.http_status == 403


def test_can_act_costs_a_bounded_number_of_queries(
    province, make_official, django_assert_max_num_queries
):
    officer = make_official(agency=province.committee, roles=[Role.AGENCY_ADMIN])
    officer.refresh_from_db()
    with django_assert_max_num_queries(4):
        assert can_act(officer, agency=province.commune_a, role=Role.AGENCY_ADMIN)


def test_a_role_held_in_a_parent_agency_can_be_kept_to_its_own_agency(province, make_official):
    leader = make_official(agency=province.committee, roles=[Role.AGENCY_LEADER])
    assert can_act(leader, agency=province.commune_a, role=Role.AGENCY_LEADER)
    assert not can_act(
        leader, agency=province.commune_a, role=Role.AGENCY_LEADER, inherited=False
    ), "a provincial leader does not handle a commune's dossier"
    assert can_act(leader, agency=province.committee, role=Role.AGENCY_LEADER, inherited=False)
    with pytest.raises(PermissionRefused):
        require_role(leader, agency=province.justice, roles=[Role.AGENCY_LEADER], inherited=False)


def test_a_system_admin_is_not_kept_to_an_agency(province, sysadmin):
    assert can_act(sysadmin, agency=province.commune_b, inherited=False)
