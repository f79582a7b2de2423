"""Who may do what with fees, in one place.

- An accountant (``Accountant`` grant) keeps the fee accounts of an agency and of every
  agency below it: payments, statements, flagged payments, refunds, figures. A system
  administrator sees every agency's accounts.
- Refunds need two people: an accountant asks, another accountant or the agency leader
  approves.
- The receiving desk fixes a dossier's charge (with exemptions) and records money taken at
  the desk; the agency leader may do both.
- The applicant pays their own dossier; a receipt goes to the payer, the dossier's officials
  and the agency's accountants only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from egov.core.errors import PermissionRefused
from egov.dossiers.models import Dossier
from egov.dossiers.selectors import visible_to_official
from egov.orgs.models import Agency, Role
from egov.orgs.permissions import (
    agencies_in_scope,
    can_act,
    descendant_ids,
    is_system_admin,
    roles_of,
)

from .models import Accountant

DESK_ROLES = (Role.DESK_OFFICER, Role.AGENCY_LEADER)
APPROVER_ROLES = (Role.AGENCY_LEADER,)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _ancestors(agency: Agency) -> list[int]:
    """``agency`` and the agencies above it (a cycle in bad data stops the walk)."""
    found: list[int] = []
    current: Agency | None = agency
    while current is not None and current.pk not in found:
        found.append(current.pk)
        current = current.parent if current.parent_id else None
    return found


def accountant_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies whose accounts ``user`` keeps (with those below them)."""
    if not _active(user):
        return Agency.objects.none()
    if is_system_admin(user):
        return Agency.objects.all()
    granted = Accountant.objects.filter(user_id=user.pk).values_list("agency_id", flat=True)
    if not granted:
        return Agency.objects.none()
    return Agency.objects.filter(pk__in=descendant_ids(granted))


def is_accountant(user: Any, agency: Agency) -> bool:
    if not _active(user):
        return False
    if is_system_admin(user):
        return True
    return Accountant.objects.filter(user_id=user.pk, agency_id__in=_ancestors(agency)).exists()


def is_any_accountant(user: Any) -> bool:
    return _active(user) and (
        is_system_admin(user) or Accountant.objects.filter(user_id=user.pk).exists()
    )


def require_accountant(user: Any, agency: Agency) -> None:
    if not is_accountant(user, agency):
        raise PermissionRefused(
            _("Only an accountant of %(agency)s may do this.") % {"agency": agency.name},
            code="not_accountant",
        )


def may_approve_refund(user: Any, agency: Agency) -> bool:
    return is_accountant(user, agency) or can_act(user, agency=agency, roles=APPROVER_ROLES)


def refund_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies whose refunds ``user`` may decide: as accountant, or as agency leader."""
    kept = accountant_agencies(user)
    if Role.AGENCY_LEADER in roles_of(user):
        return Agency.objects.filter(pk__in=kept.values("pk")) | agencies_in_scope(user)
    return kept


def may_act_at_desk(user: Any, agency: Agency) -> bool:
    return can_act(user, agency=agency, roles=DESK_ROLES)


def require_desk(user: Any, agency: Agency) -> None:
    if not may_act_at_desk(user, agency):
        raise PermissionRefused(
            _("Only the one-stop desk of %(agency)s may do this.") % {"agency": agency.name},
            code="not_desk",
        )


def is_payer(user: Any, dossier: Dossier) -> bool:
    return _active(user) and dossier.owner_id is not None and dossier.owner_id == user.pk


def may_see_dossier_payments(user: Any, dossier: Dossier) -> bool:
    """The applicant, the officials who see the dossier, and the collecting agency's
    accountants."""
    if is_payer(user, dossier):
        return True
    if not _active(user):
        return False
    if visible_to_official(user).filter(pk=dossier.pk).exists():
        return True
    return is_accountant(user, dossier.agency)
