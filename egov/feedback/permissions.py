"""Who may act on a report.

- The receiving unit (the provincial hotline, or the commune desk that registered it)
  classifies, forwards, merges and moderates: desk officers, specialists and leaders of
  that agency (or of an agency above it, ``orgs.permissions``).
- The handling agency answers or sends the report back: its specialists, department heads
  and leaders. Either of them may close an answered report and moderate it.
- The reporter follows, rates and reopens: the account that sent it, or whoever holds the
  follow link given to a reporter without an account.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.utils.translation import gettext_lazy as _

from egov.core.errors import PermissionRefused
from egov.orgs.models import Agency, Role
from egov.orgs.permissions import can_act, require_role

from .models import Report

RECEIVING_ROLES = frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.AGENCY_LEADER})
HANDLING_ROLES = frozenset({Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER})


def can_receive_at(user: Any, agency: Agency) -> bool:
    return can_act(user, agency=agency, roles=RECEIVING_ROLES)


def can_receive(user: Any, report: Report) -> bool:
    return can_receive_at(user, report.receiving_agency)


def can_handle(user: Any, report: Report) -> bool:
    agency = report.handling_agency
    return agency is not None and can_act(user, agency=agency, roles=HANDLING_ROLES)


def require_receiving(user: Any, report: Report) -> None:
    require_role(user, agency=report.receiving_agency, roles=RECEIVING_ROLES)


def require_handling(user: Any, report: Report) -> None:
    if report.handling_agency is None:
        raise PermissionRefused(_("No agency handles this report yet."))
    require_role(user, agency=report.handling_agency, roles=HANDLING_ROLES)


def require_receiving_or_handling(user: Any, report: Report) -> None:
    if can_handle(user, report):
        return
    require_receiving(user, report)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def is_reporter(user: Any, report: Report, *, key: str = "") -> bool:
    """The account that sent the report, or the holder of its follow link."""
    if key and report.follow_key_hash:
        return hmac.compare_digest(key_hash(key), report.follow_key_hash)
    return (
        getattr(user, "is_authenticated", False)
        and report.reporter_id is not None
        and report.reporter_id == user.pk
    )


def require_reporter(user: Any, report: Report, *, key: str = "") -> None:
    if not is_reporter(user, report, key=key):
        raise PermissionRefused(_("Only the person who sent this report may do this."))
