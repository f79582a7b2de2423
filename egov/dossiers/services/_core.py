"""What every dossier action shares: locking, the version check, the history line, the audit
entry and the applicant's notification, all in the transaction of the change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, NotFound, PermissionRefused, ValidationFailed
from egov.orgs.models import Agency, Role
from egov.orgs.permissions import can_act, require_role
from egov.workcalendar.services import add_working_days

from ..figures_daily import refresh_after_action
from ..lifecycle import NOTIFY_ACTIONS, NOTIFY_APPLICANT, Action, Status, target_of
from ..models import Dossier, Event, Step


class StaleDossier(Conflict):
    code = "stale_dossier"


_CLOCK: ContextVar[dt.datetime | None] = ContextVar("dossier_clock", default=None)


def now() -> dt.datetime:
    """The moment of an action: the real time, or the one set by ``clock_at``."""
    return _CLOCK.get() or timezone.now()


@contextmanager
def clock_at(moment: dt.datetime) -> Iterator[None]:
    """Run actions as if at ``moment``: for the demo's history and for tests of deadlines."""
    token = _CLOCK.set(moment)
    try:
        yield
    finally:
        _CLOCK.reset(token)


def lock(dossier: Dossier | int, *, expected_version: int | None = None) -> Dossier:
    """Re-read the dossier under a row lock and refuse if someone changed it meanwhile.

    ``expected_version`` is the version the user saw; the conditional update in ``commit``
    backs this up on databases without row locks (SQLite). Only the dossier's row is
    locked (``of``), not the agency and procedure rows joined in: those are shared by every
    dossier of the agency, whose actions would otherwise wait for each other.
    """
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    try:
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure_version", "agency", "handling_agency")
            .get(pk=pk)
        )
    except Dossier.DoesNotExist:
        raise NotFound(_("This dossier does not exist.")) from None
    if expected_version is not None and locked.version != expected_version:
        raise StaleDossier(
            _(
                "Someone else has just changed this dossier. Reload the page to see the "
                "change; nothing you entered was saved."
            )
        )
    return locked


def commit(dossier: Dossier, *, fields: Iterable[str] = ()) -> None:
    """Save the dossier and bump its version, only if nobody bumped it first."""
    seen = dossier.version
    changed = Dossier.objects.filter(pk=dossier.pk, version=seen).update(version=seen + 1)
    if not changed:
        raise StaleDossier(
            _(
                "Someone else has just changed this dossier. Reload the page to see the "
                "change; nothing you entered was saved."
            )
        )
    dossier.version = seen + 1
    names = set(fields) | {"version"}
    if "code" in names or "applicant_name" in names:
        dossier.refresh_search_text()
        names.add("search_text")
    dossier.save(update_fields=sorted(names))


def display_name(user: Any) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or str(getattr(user, "username", ""))


def record(
    dossier: Dossier,
    action: Action,
    *,
    actor: Any,
    role: Role | str = "",
    from_status: str,
    note: str = "",
    step: Step | None = None,
    agency: Agency | None = None,
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Event:
    """Append the history line and the audit entry; notify the applicant of a new status,
    or of an action that concerns them without changing it (``NOTIFY_ACTIONS``)."""
    event = Event.objects.create(
        dossier=dossier,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=display_name(actor),
        actor_role=str(role),
        agency=agency,
        at=at or now(),
        from_status=from_status,
        to_status=dossier.status,
        step=step,
        note=note,
        data=data or {},
    )
    audit_record(
        f"dossier.{action}",
        actor=actor,
        target=dossier,
        summary=f"{dossier} {from_status} -> {dossier.status}",
        data={"event": event.pk, **(data or {})},
    )
    new_status = dossier.status != from_status and dossier.status in NOTIFY_APPLICANT
    if new_status or action in NOTIFY_ACTIONS:
        from .notifying import notify_status

        notify_status(dossier, event)
    refresh_after_action(dossier.handling_agency_id, event.at)
    return event


def transition(
    dossier: Dossier,
    action: Action,
    *,
    actor: Any,
    role: Role | str = "",
    fields: Iterable[str] = (),
    note: str = "",
    step: Step | None = None,
    agency: Agency | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Move a locked dossier by ``action`` (refused if the state does not allow it), save the
    listed fields with the new status, and record it."""
    from_status = dossier.status
    dossier.status = target_of(action, from_status)
    commit(dossier, fields=[*fields, "status"])
    return record(
        dossier,
        action,
        actor=actor,
        role=role,
        from_status=from_status,
        note=note,
        step=step,
        agency=agency,
        data=data,
    )


def check_state(dossier: Dossier, action: Action) -> None:
    target_of(action, dossier.status)


def require_any_role(actor: Any, agency: Agency, roles: Iterable[Role]) -> Role:
    """The first of ``roles`` the actor holds in ``agency`` itself; refuses otherwise. A role
    held in a parent agency does not count: a dossier is handled by its competent agency's
    own officials (a provincial leader oversees a commune's dossiers but does not act)."""
    roles = list(roles)
    for role in roles:
        if can_act(actor, agency=agency, role=role, inherited=False):
            return role
    require_role(actor, agency=agency, roles=roles, inherited=False)
    raise AssertionError("unreachable")  # pragma: no cover


def require_owner(actor: Any, dossier: Dossier) -> None:
    if not getattr(actor, "is_authenticated", False) or dossier.owner_id != actor.pk:
        raise PermissionRefused(_("Only the applicant who submitted this dossier may do this."))


def due_after(agency: Agency, start: dt.datetime, days: Any) -> dt.datetime:
    """``days`` working days from ``start`` with the agency's office hours and 15:00 rule,
    to the minute (as printed on the receipt)."""
    due = add_working_days(start, days, hours=agency.office_hours)
    return due.replace(second=0, microsecond=0)


def required_text(text: str, message: str, *, code: str = "text_required") -> str:
    """``text`` without surrounding spaces; refuses an empty one with ``message``."""
    if not text or not text.strip():
        raise ValidationFailed(message, code=code)
    return text.strip()


def required_items(
    items: Iterable[str], message: str, *, code: str | None = "reasons_required"
) -> list[str]:
    """The non-blank lines of a list (reasons, missing documents); refuses an empty list."""
    cleaned = [item.strip() for item in items if item and item.strip()]
    if not cleaned:
        raise ValidationFailed(message, code=code)
    return cleaned


def on_commit(func: Any) -> None:
    transaction.on_commit(func)


__all__ = [
    "Action",
    "StaleDossier",
    "Status",
    "check_state",
    "clock_at",
    "commit",
    "due_after",
    "lock",
    "now",
    "record",
    "require_any_role",
    "require_owner",
    "required_items",
    "required_text",
    "transition",
]
