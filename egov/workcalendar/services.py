"""Working-day calendar: deadline arithmetic (re-exported) and the administrator's changes.

Reads live in ``selectors`` (which days work: Mon–Fri minus holidays and official days off,
plus swapped Saturdays) and ``deadlines`` (due moments: the clock runs only in office hours,
one working day = one full office day, half a day = half of it, received after the 15:00
cut-off or on a day off → counted from the next working day's opening; see its docstring).
They are re-exported here because every other app asks this module. Every change below
validates, writes, records an audit entry in the same transaction and clears the cache.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, ValidationFailed

from .deadlines import VN_TZ, add_working_days, counting_start
from .models import CalendarNotice, CalendarOverride, OfficeHours
from .rules import apply_notice, check_override, check_year, date_taken, parse_notice
from .selectors import NonWorkingDay, calendar_cache_clear, is_working_day, non_working_days

__all__ = [
    "VN_TZ",
    "NonWorkingDay",
    "add_working_days",
    "calendar_cache_clear",
    "counting_start",
    "is_working_day",
    "non_working_days",
    "notice_create",
    "notice_delete",
    "notice_load",
    "notice_save",
    "office_hours_save",
    "override_remove",
    "override_set",
]


def _refuse_invalid(exc: ValidationError) -> ValidationFailed:
    return ValidationFailed(" ".join(exc.messages), code="invalid")


@transaction.atomic
def office_hours_save(hours: OfficeHours, *, actor: Any) -> OfficeHours:
    """Create or change an agency's office hours after checking their order."""
    try:
        hours.full_clean()
    except ValidationError as exc:
        raise _refuse_invalid(exc) from None
    created = hours.pk is None
    hours.save()
    audit_record(
        "workcalendar.office_hours_created" if created else "workcalendar.office_hours_changed",
        actor=actor,
        target=hours,
        summary=str(hours),
    )
    return hours


def _notice_taken(*, year: int, reference: str, exclude: int | None) -> bool:
    rows = CalendarNotice.objects.filter(year=year, reference=reference)
    return rows.exclude(pk=exclude).exists() if exclude else rows.exists()


@transaction.atomic
def notice_save(notice: CalendarNotice, *, actor: Any) -> CalendarNotice:
    """Create or change a notice; its days must stay inside its year."""
    check_year(notice.year)
    notice.reference = notice.reference.strip()
    if not notice.reference:
        raise ValidationFailed(_("The notice needs a reference."), code="reference_required")
    if _notice_taken(year=notice.year, reference=notice.reference, exclude=notice.pk):
        raise Conflict(_("This notice is already recorded for that year."), code="duplicate")
    created = notice.pk is None
    if not created and notice.overrides.exclude(date__year=notice.year).exists():
        raise ValidationFailed(
            _("The notice has days outside that year; change them first."),
            code="date_outside_year",
        )
    notice.save()
    audit_record(
        "workcalendar.notice_created" if created else "workcalendar.notice_changed",
        actor=actor,
        target=notice,
        summary=str(notice),
    )
    calendar_cache_clear()
    return notice


def notice_create(
    *,
    year: int,
    reference: str,
    title: str = "",
    issued_on: dt.date | None = None,
    note: str = "",
    actor: Any,
) -> CalendarNotice:
    """Record an official schedule notice (its days are added with ``override_set``)."""
    notice = CalendarNotice(
        year=year, reference=reference, title=title, issued_on=issued_on, note=note
    )
    return notice_save(notice, actor=actor)


@transaction.atomic
def notice_delete(notice: CalendarNotice, *, actor: Any) -> None:
    """Withdraw a notice and its days: the statutory base applies again."""
    audit_record(
        "workcalendar.notice_deleted",
        actor=actor,
        target=notice,
        summary=str(notice),
        data={"days": [f"{d:%Y-%m-%d}" for d in notice.overrides.values_list("date", flat=True)]},
    )
    notice.delete()
    calendar_cache_clear()


@transaction.atomic
def override_set(
    *,
    notice: CalendarNotice,
    date: dt.date,
    kind: str,
    reason: str,
    note: str = "",
    actor: Any,
) -> CalendarOverride:
    """Make ``date`` a day off or a working day as ``notice`` says (replaces its own entry)."""
    check_override(year=notice.year, day=date, kind=kind, reason=reason)
    row = CalendarOverride.objects.select_for_update().filter(date=date).first()
    if row is not None and row.notice_id != notice.pk:
        raise date_taken(date)
    if row is None:
        row = CalendarOverride(notice=notice, date=date)
    row.kind, row.reason, row.note = kind, reason.strip(), note.strip()
    row.save()
    audit_record(
        "workcalendar.override_set",
        actor=actor,
        target=row,
        summary=f"{notice}: {date:%d/%m/%Y} {kind}",
        data={"notice": notice.pk, "date": date.isoformat(), "kind": kind, "reason": row.reason},
    )
    calendar_cache_clear()
    return row


@transaction.atomic
def override_remove(override: CalendarOverride, *, actor: Any) -> None:
    """Drop one day of a notice: that date follows the statutory base again."""
    audit_record(
        "workcalendar.override_removed",
        actor=actor,
        target=override,
        summary=f"{override.notice}: {override.date:%d/%m/%Y}",
        data={"date": override.date.isoformat(), "kind": override.kind},
    )
    override.delete()
    calendar_cache_clear()


@transaction.atomic
def notice_load(data: Mapping[str, Any], *, actor: Any) -> CalendarNotice:
    """Load a notice document (``data/*.json`` format); loading it again changes nothing."""
    spec = parse_notice(data)
    notice, changed = apply_notice(
        spec, notice_model=CalendarNotice, override_model=CalendarOverride
    )
    if changed:
        audit_record(
            "workcalendar.notice_loaded",
            actor=actor,
            target=notice,
            summary=str(notice),
            data={"days": len(spec.overrides)},
        )
        calendar_cache_clear()
    return notice
