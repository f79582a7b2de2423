"""Who may act where: roles held by an official, scoped to their agency and its sub-agencies.

Rules, in one place:
- An official acts in their own agency and every agency below it (Agency.parent tree); an
  official of one commune cannot act in another.
- A role is satisfied only by a grant of that role, with one exception: a system
  administrator is an agency administrator everywhere. System administrators (and Django
  superusers, who set an installation up) have every agency in scope.
- A department head acts for their own department: when a department is named, the
  department-head role counts only in that department. Other roles act agency-wide.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from egov.core.errors import PermissionRefused

from .models import Agency, Department, OfficialProfile, Role, RoleGrant

# Roles whose authority stops at the holder's department.
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HEAD})
# Roles implied by another role: the key also satisfies the values.
IMPLIED_ROLES: dict[Role, frozenset[Role]] = {Role.SYSTEM_ADMIN: frozenset({Role.AGENCY_ADMIN})}


def _profile(user: Any) -> OfficialProfile | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    try:
        profile: OfficialProfile = user.official
    except OfficialProfile.DoesNotExist:
        return None
    return profile


def roles_of(user: Any) -> frozenset[Role]:
    """The roles granted to ``user`` (empty for anyone who is not an active official)."""
    profile = _profile(user)
    if profile is None:
        return frozenset()
    granted = RoleGrant.objects.filter(official=profile).values_list("role", flat=True)
    return frozenset(Role(role) for role in granted)


def is_system_admin(user: Any) -> bool:
    if getattr(user, "is_active", False) and getattr(user, "is_superuser", False):
        return True
    return Role.SYSTEM_ADMIN in roles_of(user)


def descendant_ids(agency_ids: Iterable[int]) -> set[int]:
    """The given agencies and everything below them, one query per tree level."""
    found = set(agency_ids)
    frontier = set(found)
    while frontier:
        children = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - found
        found |= frontier
    return found


def agencies_in_scope(user: Any) -> QuerySet[Agency]:
    """Agencies where ``user`` may act: their own and its descendants; all for a system admin."""
    if is_system_admin(user):
        return Agency.objects.all()
    profile = _profile(user)
    if profile is None:
        return Agency.objects.none()
    return Agency.objects.filter(id__in=descendant_ids([profile.agency_id]))


def _is_within(agency: Agency, ancestor_id: int) -> bool:
    """Whether ``agency`` is ``ancestor_id`` or lies below it; walks up the parent links."""
    seen: set[int] = set()
    current: int | None = agency.pk
    parent: int | None = agency.parent_id
    while current is not None and current not in seen:
        if current == ancestor_id:
            return True
        seen.add(current)
        current = parent
        parent = (
            Agency.objects.filter(pk=current).values_list("parent_id", flat=True).first()
            if current is not None
            else None
        )
    return False


def _wanted(role: Role | None, roles: Iterable[Role] | None) -> frozenset[Role] | None:
    wanted = set(roles or ())
    if role is not None:
        wanted.add(role)
    return frozenset(wanted) if (role is not None or roles is not None) else None


def can_act(
    user: Any,
    *,
    agency: Agency,
    role: Role | None = None,
    roles: Iterable[Role] | None = None,
    department: Department | None = None,
    inherited: bool = True,
) -> bool:
    """Whether ``user`` holds one of the roles (any role if none given) for ``agency``.

    Name ``department`` when the action belongs to one, so that department heads are held
    to their own department. A role held in a parent agency counts in its sub-agencies
    (administration, oversight) unless ``inherited`` is false: handling a dossier is the
    competent agency's own business, so a provincial leader does not approve a commune's.
    """
    wanted = _wanted(role, roles)
    if wanted is not None and not wanted:
        return False
    if department is not None and department.agency_id != agency.pk:
        return False
    profile = _profile(user)
    held = set(roles_of(user))
    for holder, implied in IMPLIED_ROLES.items():
        if holder in held:
            held |= implied
    superuser = bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))
    if superuser:
        held |= {Role.SYSTEM_ADMIN, *IMPLIED_ROLES[Role.SYSTEM_ADMIN]}
    usable = held if wanted is None else held & wanted
    if department is not None and (profile is None or profile.department_id != department.pk):
        usable -= DEPARTMENT_ROLES
    if not usable:
        return False
    if Role.SYSTEM_ADMIN in held:
        return True
    if profile is None:
        return False
    if not inherited:
        return profile.agency_id == agency.pk
    return _is_within(agency, profile.agency_id)


def require_role(
    user: Any,
    *,
    agency: Agency,
    roles: Iterable[Role],
    department: Department | None = None,
    inherited: bool = True,
) -> None:
    """Refuse with PermissionRefused unless ``can_act`` allows one of ``roles`` here."""
    wanted = frozenset(roles)
    if not can_act(user, agency=agency, roles=wanted, department=department, inherited=inherited):
        names = ", ".join(sorted(str(Role(r).label) for r in wanted))
        raise PermissionRefused(
            _("You may not do this in %(agency)s (needed role: %(roles)s).")
            % {"agency": agency.name, "roles": names},
            agency=agency.code,
            roles=sorted(wanted),
        )
