"""Feedback figures per handling agency and period (they feed the satisfaction group of the
Decision 766 index): reports received, answered on time or late, still overdue, the
reporters' satisfaction and the reports reopened.

Everything is counted from ``Assignment`` rows (one per agency's turn at a report) and
``Rating`` rows, so a reopened report counts again for the agency that handles it again,
and an answer is on time when it came before that turn's due moment.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.orgs.models import Agency
from egov.orgs.permissions import agencies_in_scope, descendant_ids
from egov.workcalendar.deadlines import VN_TZ

from .models import Assignment, Rating

MAX_DAYS = 366 * 2


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        first = dt.datetime.combine(self.start, dt.time.min, tzinfo=VN_TZ)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ)
        return first, after


def month_of(day: dt.date) -> Period:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return Period(first, following - dt.timedelta(days=1))


def check_period(start: dt.date | None, end: dt.date | None, *, today: dt.date) -> Period:
    if start is None and end is None:
        return month_of(today)
    if start is None or end is None:
        raise ValidationFailed(_("Give both the first and the last day."), code="invalid_period")
    if end < start:
        raise ValidationFailed(_("The last day comes before the first day."), code="invalid_period")
    if (end - start).days > MAX_DAYS:
        raise ValidationFailed(_("Choose a period of at most two years."), code="invalid_period")
    return Period(start, end)


@dataclass
class AgencyFigures:
    agency: Agency
    received: int = 0
    reopened: int = 0
    answered: int = 0
    on_time: int = 0
    late: int = 0
    overdue_open: int = 0
    rated: int = 0
    satisfied: int = 0

    @property
    def satisfaction(self) -> float | None:
        """Share of satisfied ratings, in percent; None without ratings."""
        return round(100 * self.satisfied / self.rated, 1) if self.rated else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.answered, 1) if self.answered else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency.code,
            "agency_name": self.agency.name,
            "received": self.received,
            "reopened": self.reopened,
            "answered": self.answered,
            "on_time": self.on_time,
            "late": self.late,
            "overdue_open": self.overdue_open,
            "rated": self.rated,
            "satisfied": self.satisfied,
            "satisfaction": self.satisfaction,
        }


@dataclass
class Figures:
    period: Period
    rows: list[AgencyFigures] = field(default_factory=list)

    @property
    def total(self) -> AgencyFigures:
        total = AgencyFigures(agency=Agency(code="", name=str(_("All agencies"))))
        for row in self.rows:
            for name in (
                "received",
                "reopened",
                "answered",
                "on_time",
                "late",
                "overdue_open",
                "rated",
                "satisfied",
            ):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


def agencies_for(user: Any, agency: Agency | None) -> list[int]:
    """The agencies ``user`` may see figures of: ``agency`` and those below it, or every
    agency in scope. Refuses an agency outside the scope."""
    scope = set(agencies_in_scope(user).values_list("id", flat=True))
    if not scope:
        raise PermissionRefused(_("Only officials see the feedback figures."))
    if agency is None:
        return sorted(scope)
    if agency.pk not in scope:
        raise PermissionRefused(_("This agency is outside your scope."))
    return sorted(descendant_ids([agency.pk]) & scope)


def feedback_figures(
    agency_ids: list[int], period: Period, *, now: dt.datetime | None = None
) -> Figures:
    """One row per agency with any report in the period (or overdue now), by agency name."""
    first, after = period.bounds()
    at = now or timezone.now()
    rows: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    turns = Assignment.objects.filter(agency_id__in=agency_ids)
    for assigned in (
        turns.filter(assigned_at__gte=first, assigned_at__lt=after)
        .values("agency_id")
        .annotate(
            received=Count("id", filter=Q(reopened=False)),
            reopened=Count("id", filter=Q(reopened=True)),
        )
    ):
        rows[assigned["agency_id"]]["received"] += assigned["received"]
        rows[assigned["agency_id"]]["reopened"] += assigned["reopened"]
    for answered in (
        turns.filter(outcome=Assignment.Outcome.ANSWERED, ended_at__gte=first, ended_at__lt=after)
        .values("agency_id")
        .annotate(
            count=Count("id"),
            in_time=Count("id", filter=Q(ended_at__lte=F("due_at"))),
        )
    ):
        row = rows[answered["agency_id"]]
        row["answered"] += answered["count"]
        row["on_time"] += answered["in_time"]
        row["late"] += answered["count"] - answered["in_time"]
    for overdue in (
        turns.filter(ended_at__isnull=True, due_at__lt=at)
        .values("agency_id")
        .annotate(n=Count("id"))
    ):
        rows[overdue["agency_id"]]["overdue_open"] += overdue["n"]
    for rating in (
        Rating.objects.filter(agency_id__in=agency_ids, rated_at__gte=first, rated_at__lt=after)
        .values("agency_id")
        .annotate(rated=Count("id"), satisfied=Count("id", filter=Q(satisfied=True)))
    ):
        rows[rating["agency_id"]]["rated"] += rating["rated"]
        rows[rating["agency_id"]]["satisfied"] += rating["satisfied"]
    agencies = Agency.objects.in_bulk(list(rows))
    result = [
        AgencyFigures(agency=agencies[pk], **counts)
        for pk, counts in rows.items()
        if pk in agencies
    ]
    result.sort(key=lambda row: (row.agency.name, row.agency.code))
    return Figures(period=period, rows=result)
