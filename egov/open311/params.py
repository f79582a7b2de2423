"""Reading the query and form parameters of GeoReport v2 requests.

Every refusal is a ``ValidationFailed`` naming the parameter, which the views turn into the
spec's 400 error document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed
from egov.workcalendar.deadlines import VN_TZ

MAX_DAYS = 90  # GeoReport v2: a start_date/end_date window may not span more than 90 days
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_IDS = 100

# "+07:00" arrives as " 07:00" when a client forgets to percent-encode the "+".
_UNENCODED_PLUS = re.compile(r"^(\S+T[\d:.]+) (\d{2}:?\d{2})$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def refuse(param: str, message: object) -> ValidationFailed:
    return ValidationFailed(
        _("The parameter %(param)s is not valid.") % {"param": param},
        errors={param: str(message)},
    )


def w3c(moment: dt.datetime | None) -> str | None:
    """A moment as W3C date-time in Vietnam's offset: 2026-03-02T09:00:00+07:00."""
    if moment is None:
        return None
    return moment.astimezone(VN_TZ).isoformat(timespec="seconds")


def parse_datetime(param: str, raw: str, *, end: bool = False) -> dt.datetime:
    """A W3C date or date-time. A date alone is the start of that day in Vietnam (for an
    end_date, the start of the next day); a date-time without an offset is Vietnam's time."""
    value = raw.strip()
    plus = _UNENCODED_PLUS.match(value)
    if plus:
        value = f"{plus.group(1)}+{plus.group(2)}"
    try:
        if _DATE_ONLY.match(value):
            day = dt.date.fromisoformat(value)
            moment = dt.datetime.combine(day, dt.time(0), tzinfo=VN_TZ)
            return moment + dt.timedelta(days=1) if end else moment
        if "T" not in value:
            raise ValueError(value)
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise refuse(
            param,
            _("Give a W3C date-time such as 2026-03-02T09:00:00+07:00."),
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    end: dt.datetime


def window(start_raw: str, end_raw: str, *, now: dt.datetime | None = None) -> Window:
    """The start_date/end_date window: at most 90 days; the last 90 days when neither is
    given, 90 days from the one given otherwise."""
    span = dt.timedelta(days=MAX_DAYS)
    start = parse_datetime("start_date", start_raw) if start_raw.strip() else None
    end = parse_datetime("end_date", end_raw, end=True) if end_raw.strip() else None
    if end is None:
        end = start + span if start is not None else (now or timezone.now())
    if start is None:
        start = end - span
    if end <= start:
        raise refuse("end_date", _("The end_date must come after the start_date."))
    if end - start > span:
        raise refuse(
            "end_date",
            _("The start_date and end_date may not be more than %(days)d days apart.")
            % {"days": MAX_DAYS},
        )
    return Window(start=start, end=end)


def positive_int(param: str, raw: str, *, default: int, maximum: int | None = None) -> int:
    if not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise refuse(param, _("Give a whole number of at least 1.")) from None
    if value < 1:
        raise refuse(param, _("Give a whole number of at least 1."))
    if maximum is not None and value > maximum:
        raise refuse(param, _("Give a whole number of at most %(max)d.") % {"max": maximum})
    return value


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def page(page_raw: str, size_raw: str) -> Page:
    """The page/page_size extension: pages count from 1."""
    return Page(
        number=positive_int("page", page_raw, default=1),
        size=positive_int("page_size", size_raw, default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE),
    )


def comma_list(param: str, raw: str, *, limit: int = MAX_IDS) -> list[str]:
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if len(items) > limit:
        raise refuse(param, _("Give at most %(max)d values.") % {"max": limit})
    return items


STATUSES = ("open", "closed")


def statuses(raw: str) -> list[str]:
    chosen = comma_list("status", raw, limit=len(STATUSES))
    if any(value not in STATUSES for value in chosen):
        raise refuse("status", _("The status is open or closed."))
    return chosen


_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


def boolean(param: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise refuse(param, _("Give true or false."))
