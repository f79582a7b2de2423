"""What every report action shares: the clock, locking with the version check, the timeline
line, the audit entry and the reporter's notification, all in the transaction of the change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, NotFound, ValidationFailed
from egov.orgs.models import Agency
from egov.workcalendar.services import add_working_days

from ..lifecycle import Action, target_of
from ..models import Event, Report

CLASSIFY_DAYS = Decimal(5)  # Decree 20/2008: classify, or forward, within 5 working days


class StaleReport(Conflict):
    code = "stale_report"


_CLOCK: ContextVar[dt.datetime | None] = ContextVar("feedback_clock", default=None)


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


def _stale() -> StaleReport:
    return StaleReport(
        _(
            "Someone else has just changed this report. Reload the page to see the change; "
            "nothing you entered was saved."
        )
    )


def lock(report: Report | int, *, expected_version: int | None = None) -> Report:
    """Re-read the report under a row lock; refuse if it changed since the user saw it."""
    pk = report.pk if isinstance(report, Report) else report
    try:
        locked = (
            Report.objects.select_for_update(of=("self",))
            .select_related("category", "receiving_agency", "handling_agency", "unit", "reporter")
            .get(pk=pk)
        )
    except Report.DoesNotExist:
        raise NotFound(_("This report does not exist.")) from None
    if expected_version is not None and locked.version != expected_version:
        raise _stale()
    return locked


def commit(report: Report, *, fields: Iterable[str] = ()) -> None:
    """Save the listed fields and bump the version, only if nobody bumped it first."""
    seen = report.version
    if not Report.objects.filter(pk=report.pk, version=seen).update(version=seen + 1):
        raise _stale()
    report.version = seen + 1
    names = set(fields) | {"version", "updated_at"}
    report.refresh_search_text()
    names |= {"search_text", "public_search_text"}
    report.save(update_fields=sorted(names))


def display_name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or str(getattr(user, "username", ""))


def record(
    report: Report,
    action: Action,
    *,
    actor: Any,
    from_status: str,
    note: str = "",
    agency: Agency | None = None,
    data: dict[str, Any] | None = None,
    follow_key: str = "",
) -> Event:
    """Append the timeline line and the audit entry; tell the reporter of a new status (with
    the follow link when ``follow_key`` is given: a new report's only chance to send it)."""
    event = Event.objects.create(
        report=report,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=display_name(actor),
        agency=agency,
        at=now(),
        from_status=from_status,
        to_status=report.status,
        note=note,
        data=data or {},
    )
    audit_record(
        f"feedback.{action}",
        actor=actor,
        target=report,
        summary=f"{report.code} {from_status} -> {report.status}",
        data={"event": event.pk, **(data or {})},
    )
    if report.status != from_status or action == Action.SUBMIT or action == Action.REGISTER:
        from .notifying import notify_status

        notify_status(report, event, follow_key=follow_key)
    return event


def transition(
    report: Report,
    action: Action,
    *,
    actor: Any,
    fields: Iterable[str] = (),
    note: str = "",
    agency: Agency | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Move a locked report by ``action`` (refused if its status does not allow it), save
    the listed fields with the new status, and record it."""
    from_status = report.status
    report.status = target_of(action, from_status)
    commit(report, fields=[*fields, "status"])
    return record(
        report, action, actor=actor, from_status=from_status, note=note, agency=agency, data=data
    )


def due_after(agency: Agency, start: dt.datetime, days: Decimal | int) -> dt.datetime:
    """``days`` working days from ``start`` in the agency's office hours, to the minute."""
    return add_working_days(start, days, hours=agency.office_hours).replace(second=0, microsecond=0)


def required_text(text: str, message: Any, *, code: str = "text_required", field: str = "") -> str:
    if not text or not text.strip():
        errors = {field: str(message)} if field else {}
        raise ValidationFailed(message, code=code, errors=errors)
    return text.strip()
