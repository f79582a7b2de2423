"""HTTP API of the working-day calendar (mounted at /api/v1/calendar/).

Parameters are read as text and checked here so every bad input gets a clear, translated
400 ``{"code", "message"}`` instead of a generic validation error.
"""

from __future__ import annotations

import datetime as dt
import re

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from egov.core.errors import NotFound, ValidationFailed
from egov.orgs.models import Agency
from egov.workcalendar.models import OfficeHours
from egov.workcalendar.rules import year_out_of_range
from egov.workcalendar.services import add_working_days, non_working_days

router = Router(tags=["calendar"])

# A "+" left unencoded in a query string arrives as a space: "09:00:00 07:00".
_SPACED_OFFSET = re.compile(r"^(.*\d)\s+(\d{2}(?::?\d{2})?)$")
# ASCII digits only: str.isdigit() also accepts "²⁰²⁶", which int() refuses.
_YEAR = re.compile(r"[0-9]+")


class DeadlineOut(Schema):
    start: dt.datetime
    days: float
    due: dt.datetime


class NonWorkingDayOut(Schema):
    date: dt.date
    reason: str
    kind: str


class NonWorkingDaysOut(Schema):
    year: int
    days: list[NonWorkingDayOut]


class ErrorOut(Schema):
    code: str
    message: str


def _required(value: str | None, name: str) -> str:
    if value is None or not value.strip():
        raise ValidationFailed(
            _("The parameter “%(name)s” is required.") % {"name": name}, code="missing"
        )
    return value.strip()


def _parse_start(text: str) -> dt.datetime:
    text = _SPACED_OFFSET.sub(r"\1+\2", text)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(
            _("“start” must be an ISO 8601 date and time, e.g. 2026-02-13T09:00:00+07:00."),
            code="invalid_datetime",
        ) from None
    if moment.utcoffset() is None:
        raise ValidationFailed(
            _("“start” must include a time zone offset, e.g. +07:00."), code="naive_datetime"
        )
    return moment


def _office_hours(code: str | None) -> OfficeHours | None:
    if code is None or not code.strip():
        return None
    agency = Agency.objects.select_related("office_hours").filter(code=code.strip()).first()
    if agency is None:
        raise NotFound(_("No agency has the code %(code)s.") % {"code": code.strip()})
    return agency.office_hours


@router.get(
    "/deadline",
    response={200: DeadlineOut, 400: ErrorOut, 404: ErrorOut},
    summary="Due moment of N working days from a moment",
)
def deadline(
    request: HttpRequest,
    start: str | None = None,
    days: str | None = None,
    agency: str | None = None,
) -> DeadlineOut:
    """Counts office time only; received after 15:00 counts from the next working day."""
    moment = _parse_start(_required(start, "start"))
    count = _required(days, "days")
    due = add_working_days(moment, count, hours=_office_hours(agency))
    return DeadlineOut(start=moment, days=float(count), due=due)


@router.get(
    "/{year}/non-working-days",
    response={200: NonWorkingDaysOut, 400: ErrorOut},
    summary="Holidays, official days off and swapped working days of a year",
)
def year_non_working_days(request: HttpRequest, year: str) -> NonWorkingDaysOut:
    if not _YEAR.fullmatch(year):
        raise ValidationFailed(_("The year must be a number, e.g. 2026."), code="invalid_year")
    digits = year.lstrip("0")
    # int() refuses more than 4,300 digits; any year that long is out of range anyway.
    if len(digits) > 4:
        raise year_out_of_range()
    number = int(digits or "0")
    listed = non_working_days(number)
    return NonWorkingDaysOut(
        year=number,
        days=[NonWorkingDayOut(date=d.date, reason=d.reason, kind=d.kind) for d in listed],
    )
