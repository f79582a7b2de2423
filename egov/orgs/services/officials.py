"""Officials' accounts and role grants. Only administrators in scope manage them, and only a
system administrator hands out (or takes back) the system administrator role."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, NotFound, PermissionRefused, ValidationFailed

from ..identifiers import normalise_email
from ..models import Agency, Department, OfficialProfile, Role, RoleGrant, User
from ..permissions import is_system_admin
from ..selectors import identifier_taken
from ._common import require_agency_admin, required_text
from .passwords import set_checked_password


def _may_manage(actor: Any | None, agency: Agency, roles: Iterable[Role]) -> None:
    require_agency_admin(actor, agency)
    if Role.SYSTEM_ADMIN in set(roles) and actor is not None and not is_system_admin(actor):
        raise PermissionRefused(
            _("Only a system administrator may grant or revoke the system administrator role.")
        )


def _check_department(agency: Agency, department: Department | None, roles: Iterable[Role]) -> None:
    if department is not None and department.agency_id != agency.pk:
        raise ValidationFailed(
            _("The department does not belong to %(agency)s.") % {"agency": agency.name},
            field="department",
        )
    if department is None and Role.DEPARTMENT_HEAD in set(roles):
        raise ValidationFailed(
            _("A department head must belong to a department."), field="department"
        )


@transaction.atomic
def official_create(
    *,
    username: str,
    full_name: str,
    email: str,
    agency: Agency,
    department: Department | None = None,
    position: str,
    roles: Iterable[Role],
    password: str | None = None,
    actor: Any | None,
) -> User:
    """Create an official's account in ``agency`` with ``roles``.

    Without a password the account cannot log in until one is set (e.g. by reset).
    """
    wanted = [Role(role) for role in dict.fromkeys(roles)]
    _may_manage(actor, agency, wanted)
    if not wanted:
        raise ValidationFailed(_("Give the official at least one role."), field="roles")
    _check_department(agency, department, wanted)
    username = username.strip()
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as error:
        raise ValidationFailed(error.messages[0], field="username") from error
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationFailed(_("Enter a valid email address."), field="email") from error
    if identifier_taken(username):
        raise Conflict(_("This username is already taken."), field="username")
    if identifier_taken(email):
        raise Conflict(_("An account with this email already exists."), field="email")
    user = User(
        username=username,
        email=email,
        first_name=required_text(full_name, field="full_name", label=_("full name")),
        kind=User.Kind.OFFICIAL,
    )
    set_checked_password(user, password)
    user.save()
    profile = OfficialProfile.objects.create(
        user=user, agency=agency, department=department, position=position.strip()
    )
    RoleGrant.objects.bulk_create([RoleGrant(official=profile, role=role) for role in wanted])
    audit_record(
        "official_created",
        actor=actor,
        target=user,
        summary=f"{username} @ {agency.code}",
        data={
            "agency": agency.code,
            "department": department.code if department else None,
            "roles": sorted(wanted),
        },
    )
    return user


def _profile_of(user: User) -> OfficialProfile:
    try:
        return OfficialProfile.objects.select_related("agency").get(user=user)
    except OfficialProfile.DoesNotExist:
        raise ValidationFailed(_("This account is not an official."), field="user") from None


@transaction.atomic
def official_grant_role(*, user: User, role: Role, actor: Any | None) -> RoleGrant:
    """Give ``user`` (an official) one more role."""
    profile = _profile_of(user)
    role = Role(role)
    _may_manage(actor, profile.agency, [role])
    _check_department(profile.agency, profile.department, [role])
    if RoleGrant.objects.filter(official=profile, role=role).exists():
        raise Conflict(_("The official already has this role."), field="role")
    grant = RoleGrant.objects.create(official=profile, role=role)
    audit_record(
        "official_role_granted",
        actor=actor,
        target=user,
        summary=f"{user.username} +{role}",
        data={"role": str(role), "agency": profile.agency.code},
    )
    return grant


@transaction.atomic
def official_revoke_role(*, user: User, role: Role, actor: Any | None) -> None:
    """Take one role away from ``user``; the last system administrator keeps theirs."""
    profile = _profile_of(user)
    role = Role(role)
    _may_manage(actor, profile.agency, [role])
    grant = RoleGrant.objects.select_for_update().filter(official=profile, role=role).first()
    if grant is None:
        raise NotFound(_("The official does not have this role."), field="role")
    if role == Role.SYSTEM_ADMIN:
        others = RoleGrant.objects.filter(
            role=Role.SYSTEM_ADMIN, official__user__is_active=True
        ).exclude(pk=grant.pk)
        if not others.exists():
            raise Conflict(_("The last system administrator cannot lose that role."), field="role")
    grant.delete()
    audit_record(
        "official_role_revoked",
        actor=actor,
        target=user,
        summary=f"{user.username} -{role}",
        data={"role": str(role), "agency": profile.agency.code},
    )
