import pytest

from egov.core.errors import Conflict, NotFound, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.orgs.models import Role, RoleGrant, User
from egov.orgs.permissions import roles_of
from egov.orgs.services import official_create, official_grant_role, official_revoke_role
from egov.orgs.tests.factories import PASSWORD, CitizenFactory


def _create(province, actor, **kwargs):
    values = {
        "username": "nguyenvana",
        "full_name": "Nguyễn Văn A",
        "email": "NguyenVanA@AnBinh.gov.vn",
        "agency": province.commune_a,
        "department": province.desk_a,
        "position": "Công chức Một cửa",
        "roles": [Role.DESK_OFFICER],
        "password": PASSWORD,
        "actor": actor,
    }
    return official_create(**(values | kwargs))


def test_a_system_admin_creates_an_official(province, sysadmin):
    user = _create(province, sysadmin)
    assert user.kind == User.Kind.OFFICIAL
    assert user.email == "nguyenvana@anbinh.gov.vn"
    assert user.get_full_name() == "Nguyễn Văn A"
    assert user.official.agency == province.commune_a
    assert user.official.department == province.desk_a
    assert roles_of(user) == {Role.DESK_OFFICER}
    assert user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="official_created", object_id=str(user.pk))
    assert event.actor == sysadmin and event.data["roles"] == ["desk_officer"]


def test_an_agency_admin_creates_officials_in_scope(province, make_official):
    provincial_admin = make_official(agency=province.committee, roles=[Role.AGENCY_ADMIN])
    user = _create(province, provincial_admin, roles=[Role.AGENCY_ADMIN, Role.SPECIALIST])
    assert roles_of(user) == {Role.AGENCY_ADMIN, Role.SPECIALIST}


@pytest.mark.parametrize(
    ("agency_attr", "roles"),
    [
        ("commune_a", [Role.SPECIALIST]),  # right place, wrong role
        ("commune_a", [Role.AGENCY_LEADER]),
        ("commune_b", [Role.AGENCY_ADMIN]),  # admin of another commune
    ],
)
def test_others_may_not_create_officials(province, make_official, agency_attr, roles):
    actor = make_official(agency=getattr(province, agency_attr), roles=roles)
    with pytest.raises(PermissionRefused):
        _create(province, actor)
    assert not User.objects.filter(username="nguyenvana").exists()


def test_a_commune_admin_cannot_create_officials_above_or_make_system_admins(
    province, make_official
):
    admin = make_official(agency=province.commune_a, roles=[Role.AGENCY_ADMIN])
    with pytest.raises(PermissionRefused):
        _create(province, admin, agency=province.committee, department=None)
    with pytest.raises(PermissionRefused):
        _create(province, admin, roles=[Role.SYSTEM_ADMIN])


def test_a_citizen_may_not_create_officials(province):
    with pytest.raises(PermissionRefused):
        _create(province, CitizenFactory().user)


def test_official_create_refuses_bad_input(province):
    with pytest.raises(ValidationFailed) as refused:
        _create(province, None, department=province.desk_a, agency=province.commune_b)
    assert refused.value.extra["field"] == "department"
    with pytest.raises(ValidationFailed) as refused:
        _create(province, None, department=None, roles=[Role.DEPARTMENT_HEAD])
    assert refused.value.extra["field"] == "department"
    with pytest.raises(ValidationFailed) as refused:
        _create(province, None, roles=[])
    assert refused.value.extra["field"] == "roles"
    with pytest.raises(ValidationFailed) as refused:
        _create(province, None, username="có dấu cách")
    assert refused.value.extra["field"] == "username"
    with pytest.raises(ValidationFailed) as refused:
        _create(province, None, email="khong-phai-email")
    assert refused.value.extra["field"] == "email"
    with pytest.raises(ValidationFailed) as refused:
        _create(province, None, password="12345678")
    assert refused.value.extra["field"] == "password"
    assert not User.objects.filter(username="nguyenvana").exists()


def test_official_create_refuses_a_taken_username_or_email(province, make_official):
    make_official(username="nguyenvana", email="a@x.vn")
    with pytest.raises(Conflict):
        _create(province, None)
    with pytest.raises(Conflict) as refused:
        _create(province, None, username="other", email="A@X.vn")
    assert refused.value.extra["field"] == "email"


def test_an_official_without_a_password_cannot_log_in_yet(province):
    user = _create(province, None, password=None)
    assert not user.has_usable_password()


def test_grant_and_revoke_roles(province, make_official):
    admin = make_official(agency=province.commune_a, roles=[Role.AGENCY_ADMIN])
    user = _create(province, admin)
    official_grant_role(user=user, role=Role.DEPARTMENT_HEAD, actor=admin)
    assert roles_of(user) == {Role.DESK_OFFICER, Role.DEPARTMENT_HEAD}
    official_revoke_role(user=user, role=Role.DESK_OFFICER, actor=admin)
    assert roles_of(user) == {Role.DEPARTMENT_HEAD}
    actions = list(
        AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )
    assert "official_role_granted" in actions and "official_role_revoked" in actions


def test_grant_and_revoke_refusals(province, make_official, sysadmin):
    admin_b = make_official(agency=province.commune_b, roles=[Role.AGENCY_ADMIN])
    admin_a = make_official(agency=province.commune_a, roles=[Role.AGENCY_ADMIN])
    user = _create(province, None, department=None)
    with pytest.raises(PermissionRefused):
        official_grant_role(user=user, role=Role.CLERK, actor=admin_b)
    with pytest.raises(PermissionRefused):
        official_grant_role(user=user, role=Role.SYSTEM_ADMIN, actor=admin_a)
    with pytest.raises(Conflict):
        official_grant_role(user=user, role=Role.DESK_OFFICER, actor=admin_a)
    with pytest.raises(ValidationFailed):
        official_grant_role(user=user, role=Role.DEPARTMENT_HEAD, actor=admin_a)
    with pytest.raises(NotFound):
        official_revoke_role(user=user, role=Role.CLERK, actor=admin_a)
    with pytest.raises(ValidationFailed):
        official_grant_role(user=CitizenFactory().user, role=Role.CLERK, actor=sysadmin)
    assert roles_of(user) == {Role.DESK_OFFICER}


def test_the_last_system_admin_keeps_the_role(province, make_official, sysadmin):
    with pytest.raises(Conflict):
        official_revoke_role(user=sysadmin, role=Role.SYSTEM_ADMIN, actor=sysadmin)
    second = make_official(agency=province.committee, roles=[Role.SYSTEM_ADMIN])
    official_revoke_role(user=sysadmin, role=Role.SYSTEM_ADMIN, actor=second)
    assert not RoleGrant.objects.filter(official__user=sysadmin).exists()
