"""Pure input rules of the calendar: day counts, year range and official-notice documents.

Kept free of the ORM's managers so the data migration can apply a notice with historical
models (``apply_notice``) exactly as ``services.notice_load`` does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, DecimalException, Inexact, InvalidOperation, localcontext
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from egov.core.errors import Conflict, ValidationFailed

YEAR_MIN = 1990
YEAR_MAX = 2100
# Ten years of working days: longer deadlines are typing mistakes, not procedures.
MAX_DAYS = Decimal(2500)
KINDS = ("day_off", "working_day")


def year_out_of_range() -> ValidationFailed:
    """The refusal of a year outside YEAR_MIN..YEAR_MAX (or outside what Python can hold)."""
    return ValidationFailed(
        _("The year must be between %(min)d and %(max)d.") % {"min": YEAR_MIN, "max": YEAR_MAX},
        code="invalid_year",
    )


def check_year(year: int) -> int:
    """Refuse years the statutory rules (Labour Code, lunar tables) do not cover."""
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise year_out_of_range()
    return year


def _whole_half_days(days: Decimal) -> bool:
    """Whether ``days`` is an exact multiple of 0.5 (``days`` is finite, 0..MAX_DAYS).

    Doubling must be exact: under the default context a tiny value (1e-9999999999) or one
    with more than 28 digits (0.50…01) rounds when doubled and would pass as whole halves.
    """
    with localcontext() as context:
        context.traps[Inexact] = True
        try:
            doubled = days * 2
            return doubled == doubled.to_integral_value()
        except DecimalException:
            return False


def parse_days(value: Decimal | int | float | str) -> Decimal:
    """A number of working days: zero or more, in half-day steps (0.5 = half a day)."""
    if isinstance(value, bool):
        raise ValidationFailed(_("The number of days must be a number."), code="invalid_days")
    try:
        days = Decimal(value.strip() if isinstance(value, str) else str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationFailed(
            _("The number of days must be a number."), code="invalid_days"
        ) from None
    if not days.is_finite():
        raise ValidationFailed(_("The number of days must be a number."), code="invalid_days")
    if days < 0:
        raise ValidationFailed(_("The number of days cannot be negative."), code="negative_days")
    # The bound first: arithmetic on 1e999999 exceeds the decimal context (InvalidOperation).
    if days > MAX_DAYS:
        raise ValidationFailed(
            _("The number of days is too large (at most %(max)s).") % {"max": MAX_DAYS},
            code="too_many_days",
        )
    if not _whole_half_days(days):
        raise ValidationFailed(
            _("Deadlines count in half working days (e.g. 0.5, 1, 1.5)."), code="not_half_days"
        )
    return days


@dataclass(frozen=True)
class OverrideSpec:
    date: dt.date
    kind: str
    reason: str
    note: str = ""


@dataclass(frozen=True)
class NoticeSpec:
    year: int
    reference: str
    title: str = ""
    issued_on: dt.date | None = None
    note: str = ""
    overrides: tuple[OverrideSpec, ...] = field(default_factory=tuple)


def check_override(*, year: int, day: dt.date, kind: str, reason: str) -> None:
    """One override of a notice: in the notice's year, a known kind, with a reason."""
    if day.year != year:
        raise ValidationFailed(
            _("%(date)s is not in the notice's year %(year)d.")
            % {"date": f"{day:%d/%m/%Y}", "year": year},
            code="date_outside_year",
        )
    if kind not in KINDS:
        raise ValidationFailed(
            _("Unknown kind of day: %(kind)s.") % {"kind": kind}, code="invalid_kind"
        )
    if not reason.strip():
        raise ValidationFailed(_("Each day needs a reason."), code="reason_required")


def _text(data: Mapping[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValidationFailed(
            _("The field “%(field)s” must be a non-empty text.") % {"field": key},
            code="invalid_notice",
        )
    return value.strip()


def _date(value: Any, key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationFailed(
            _("The field “%(field)s” must be a date (YYYY-MM-DD).") % {"field": key},
            code="invalid_notice",
        ) from None


def parse_notice(data: Mapping[str, Any]) -> NoticeSpec:
    """Validate a notice document (see ``data/*.json``) into a spec; refuse duplicates."""
    if not isinstance(data, Mapping):
        raise ValidationFailed(_("A notice must be a JSON object."), code="invalid_notice")
    year = data.get("year")
    if not isinstance(year, int):
        raise ValidationFailed(_("The notice needs a year."), code="invalid_notice")
    check_year(year)
    issued = data.get("issued_on")
    raw_days = data.get("overrides", [])
    if not isinstance(raw_days, list):
        raise ValidationFailed(_("“overrides” must be a list."), code="invalid_notice")
    seen: set[dt.date] = set()
    overrides: list[OverrideSpec] = []
    for item in raw_days:
        if not isinstance(item, Mapping):
            raise ValidationFailed(_("Each day must be a JSON object."), code="invalid_notice")
        day = _date(item.get("date"), "date")
        kind = _text(item, "kind", required=True)
        reason = _text(item, "reason", required=True)
        check_override(year=year, day=day, kind=kind, reason=reason)
        if day in seen:
            raise ValidationFailed(
                _("%(date)s is listed twice.") % {"date": f"{day:%d/%m/%Y}"},
                code="duplicate_date",
            )
        seen.add(day)
        overrides.append(OverrideSpec(day, kind, reason, _text(item, "note")))
    return NoticeSpec(
        year=year,
        reference=_text(data, "reference", required=True),
        title=_text(data, "title"),
        issued_on=_date(issued, "issued_on") if issued else None,
        note=_text(data, "note"),
        overrides=tuple(sorted(overrides, key=lambda o: o.date)),
    )


def date_taken(day: dt.date) -> Conflict:
    return Conflict(
        _("%(date)s is already set by another notice.") % {"date": f"{day:%d/%m/%Y}"},
        code="date_taken",
    )


def apply_notice(spec: NoticeSpec, *, notice_model: Any, override_model: Any) -> tuple[Any, bool]:
    """Make the stored notice equal ``spec``: idempotent, so loading twice changes nothing.

    Takes the model classes so the data migration can pass historical ones. Returns the
    notice and whether anything changed.
    """
    wanted = {o.date: o for o in spec.overrides}
    taken = override_model.objects.filter(date__in=wanted).exclude(
        notice__year=spec.year, notice__reference=spec.reference
    )
    for other in taken.order_by("date")[:1]:
        raise date_taken(other.date)
    notice, created = notice_model.objects.get_or_create(
        year=spec.year,
        reference=spec.reference,
        defaults={"title": spec.title, "issued_on": spec.issued_on, "note": spec.note},
    )
    changed = created
    fields = {"title": spec.title, "issued_on": spec.issued_on, "note": spec.note}
    if any(getattr(notice, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(notice, name, value)
        notice.save(update_fields=list(fields))
        changed = True
    stale = override_model.objects.filter(notice=notice).exclude(date__in=wanted)
    if stale.exists():
        stale.delete()
        changed = True
    existing = {o.date: o for o in override_model.objects.filter(notice=notice)}
    for day, o in wanted.items():
        row = existing.get(day)
        if row is None:
            override_model.objects.create(
                notice=notice, date=day, kind=o.kind, reason=o.reason, note=o.note
            )
            changed = True
        elif (row.kind, row.reason, row.note) != (o.kind, o.reason, o.note):
            row.kind, row.reason, row.note = o.kind, o.reason, o.note
            row.save(update_fields=["kind", "reason", "note"])
            changed = True
    return notice, changed


DATA_DIR = Path(__file__).resolve().parent / "data"


def read_shipped(names: Iterable[str]) -> list[dict[str, Any]]:
    """Notice documents shipped in ``data/`` (each file holds a list of notices)."""
    documents: list[dict[str, Any]] = []
    for name in names:
        documents.extend(json.loads((DATA_DIR / name).read_text(encoding="utf-8")))
    return documents
