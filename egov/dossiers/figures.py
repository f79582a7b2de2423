"""Figures of the one-stop desk per competent agency, procedure and period (DOMAIN.md §4, §5).

A period is a range of Vietnam-time calendar days, both ends included. For each competent
agency (``Dossier.handling_agency``) and procedure:

- **received**: accepted at the desk (``received_at``) during the period, in total and by
  channel (1 in person, 2 online, 3 by post). Dossiers refused at reception were never
  received and are counted under *refused* only.
- **digitised**: of those received, the ones with at least one component scanned at the desk
  (``DossierFile.digitised``) or received online (their documents are electronic already).
  The shares are of *received*.
- **resolved before / on / after time**: result issued (``finished_at``) during the period,
  compared by Vietnam calendar day, not by minute, with the deadline: on the due day itself
  is *on time* (đúng hạn), an earlier day *before time* (trước hạn), a later day *after time*
  (quá hạn) — as the control slip (form 06) and the reports of Circular 01/2018 record them.
  The deadline is the due date before any extension (``original_due_at``): the apology with
  a new date (form 04) is sent *because* the dossier is late and does not make it on time.
  After a supplement the clock restarted from zero and so did the deadline. Refusals are not
  results: they are counted apart.
- **refused**: refused at reception (form 03 at the desk) or after appraisal (refusal notice),
  and **stopped** at the applicant's request (form 05), by the day the dossier was closed.
- **in process on time / overdue** and **waiting for supplement**: the state at the end of
  the period, or now if the period has not ended: received by then and neither resolved nor
  closed. Waiting means a supplement was requested and not yet brought (the clock is stopped,
  so it is neither on time nor overdue); the others are overdue once the deadline's day has
  passed. For a past period this uses each dossier's current deadline and pause, which later
  actions may have changed; the daily table keeps the state as it was built that night.
- **average processing time**: over the dossiers resolved in the period, the working days
  after the day of reception up to and including the day the result was issued (same day: 0),
  waiting for a supplement included, as the applicant lives it.
- **average satisfaction**: the ratings (1–5) given during the period.

All counts come from one grouped query with conditional ``Count(filter=...)``; the working
days from a second query grouped by (reception day, result day), each pair counted with
per-year prefix tables of the calendar. ``figures_daily`` keeps the same figures per day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, fields
from typing import Any, Literal, cast

from django.db.models import Count, DateField, Exists, F, Func, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.catalog.models import Procedure, ProcedureVersion
from egov.core.errors import PermissionRefused, ValidationFailed
from egov.orgs.models import Agency
from egov.orgs.permissions import agencies_in_scope, descendant_ids, is_system_admin
from egov.workcalendar.services import VN_TZ, is_working_day

from .lifecycle import Status
from .models import Channel, Dossier, DossierFile

# Longest period a page or the API may ask for: three years of days.
MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    """Vietnam calendar days from ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationFailed(
                _("The end of the period must not be before its start."), code="period_order"
            )
        if (self.end - self.start).days >= MAX_PERIOD_DAYS:
            raise ValidationFailed(
                _("Choose a period of at most three years."), code="period_too_long"
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - dt.timedelta(days=1))

    @property
    def start_at(self) -> dt.datetime:
        return midnight(self.start)

    @property
    def end_at(self) -> dt.datetime:
        """The first moment after the period (midnight after its last day)."""
        return midnight(self.end + dt.timedelta(days=1))


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=VN_TZ)


def local_today(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(VN_TZ).date()


@dataclass
class Counts:
    """The counters of one agency and procedure; field names match ``DailyFigure``."""

    received: int = 0
    received_in_person: int = 0
    received_online: int = 0
    received_postal: int = 0
    digitised: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    processing_days: int = 0
    refused_reception: int = 0
    refused_after_appraisal: int = 0
    stopped: int = 0
    in_process_on_time: int = 0
    in_process_overdue: int = 0
    waiting_supplement: int = 0
    rating_total: int = 0
    rating_count: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{name: getattr(self, name) + getattr(other, name) for name in COUNTERS})

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def refused(self) -> int:
        return self.refused_reception + self.refused_after_appraisal

    @property
    def in_process(self) -> int:
        return self.in_process_on_time + self.in_process_overdue

    @property
    def online_share(self) -> float | None:
        return _ratio(self.received_online, self.received)

    @property
    def digitised_share(self) -> float | None:
        return _ratio(self.digitised, self.received)

    @property
    def on_time_share(self) -> float | None:
        """Resolved before or on time, of all resolved (the index of Decision 766)."""
        return _ratio(self.resolved_early + self.resolved_on_time, self.resolved)

    @property
    def average_processing_days(self) -> float | None:
        return _ratio(self.processing_days, self.resolved)

    @property
    def average_rating(self) -> float | None:
        return _ratio(self.rating_total, self.rating_count)


COUNTERS: tuple[str, ...] = tuple(f.name for f in fields(Counts))
# Counters that describe a moment (the period's end) rather than add up over days.
STOCK_COUNTERS = ("in_process_on_time", "in_process_overdue", "waiting_supplement")


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class FigureRow:
    agency_id: int
    agency_code: str
    agency_name: str
    procedure_id: int
    procedure_code: str
    procedure_name: str
    counts: Counts


@dataclass(frozen=True)
class AgencyFigures:
    agency_id: int
    agency_code: str
    agency_name: str
    total: Counts
    rows: list[FigureRow]


@dataclass(frozen=True)
class Figures:
    """The figures of a period, one row per agency and procedure, ordered by their codes.

    ``as_of`` is the moment the in-process counters describe; ``source`` says whether they
    were computed from the dossiers (``live``) or read from the daily table (``daily``).
    """

    period: Period
    as_of: dt.datetime
    source: Literal["live", "daily"]
    rows: list[FigureRow] = field(default_factory=list)

    @property
    def total(self) -> Counts:
        return sum((row.counts for row in self.rows), Counts())

    def by_agency(self) -> list[AgencyFigures]:
        groups: dict[int, list[FigureRow]] = defaultdict(list)
        for row in self.rows:
            groups[row.agency_id].append(row)
        return [
            AgencyFigures(
                agency_id=rows[0].agency_id,
                agency_code=rows[0].agency_code,
                agency_name=rows[0].agency_name,
                total=sum((r.counts for r in rows), Counts()),
                rows=rows,
            )
            for rows in groups.values()
        ]


# Who sees which agencies' figures -------------------------------------------------------


def figure_agency_ids(user: Any, agency: Agency | None = None) -> set[int] | None:
    """The competent agencies whose figures ``user`` asks for: ``agency`` and the agencies
    below it, or everything in the user's scope; ``None`` means every agency (a system
    administrator asking for all). Refused for anyone but officials, and outside their scope.
    """
    if not getattr(user, "is_authenticated", False):
        raise PermissionRefused(_("Sign in with an official's account to see the figures."))
    everything = is_system_admin(user)
    scope = None if everything else set(agencies_in_scope(user).values_list("id", flat=True))
    if scope is not None and not scope:
        raise PermissionRefused(_("Only officials of an agency may see the figures."))
    if agency is None:
        return scope
    if scope is not None and agency.pk not in scope:
        raise PermissionRefused(
            _("You may not see the figures of %(agency)s.") % {"agency": agency.name},
            code="agency_out_of_scope",
        )
    return descendant_ids([agency.pk])


# Working days ---------------------------------------------------------------------------


class WorkingDayCounter:
    """Working days after one day up to and including another, in O(1) per pair: each year
    needed gets a prefix table (working days among its first n days) built once."""

    def __init__(self) -> None:
        self._prefix: dict[int, list[int]] = {}

    def _year(self, year: int) -> list[int]:
        table = self._prefix.get(year)
        if table is None:
            table = [0]
            day = dt.date(year, 1, 1)
            while day.year == year:
                table.append(table[-1] + is_working_day(day))
                day += dt.timedelta(days=1)
            self._prefix[year] = table
        return table

    def _upto(self, day: dt.date) -> int:
        """Working days of ``day``'s year up to and including ``day``."""
        return self._year(day.year)[day.timetuple().tm_yday]

    def between(self, start: dt.date, end: dt.date) -> int:
        if end <= start:
            return 0
        if start.year == end.year:
            return self._upto(end) - self._upto(start)
        count = self._year(start.year)[-1] - self._upto(start) + self._upto(end)
        for year in range(start.year + 1, end.year):
            count += self._year(year)[-1]
        return count


# The queries ----------------------------------------------------------------------------


class LocalDate(Func):
    """The Vietnam calendar date of a timestamp. Vietnam has kept UTC+7 without daylight
    saving since 1975, so SQLite adds seven hours natively instead of calling Django's
    per-row Python time-zone function; PostgreSQL converts with the zone itself."""

    output_field = DateField()
    arity = 1

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        # Other databases: Django's own conversion.
        source = self.get_source_expressions()[0]
        return compiler.compile(TruncDate(source, tzinfo=VN_TZ))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, template="date(%(expressions)s, '+7 hours')")

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="((%(expressions)s AT TIME ZONE 'Asia/Ho_Chi_Minh'))::date",
        )


def deadline() -> Coalesce:
    """The due date the dossier is measured against: before any extension (form 04)."""
    return Coalesce(F("original_due_at"), F("due_at"))


def _within(name: str, period: Period) -> Q:
    return Q(**{f"{name}__gte": period.start_at, f"{name}__lt": period.end_at})


def as_of(period: Period, now: dt.datetime | None = None) -> dt.datetime:
    """The moment the stock counters describe: the period's end, or now if earlier."""
    return min(now or timezone.now(), period.end_at)


def _conditions(period: Period, cutoff: dt.datetime) -> dict[str, Q]:
    received = _within("received_at", period)
    finished = _within("finished_at", period)
    closed = _within("closed_at", period)
    rated = _within("rated_at", period) & Q(rating__isnull=False)
    digitised_file = DossierFile.objects.filter(
        dossier=OuterRef("pk"),
        kind=DossierFile.Kind.COMPONENT,
        digitised=True,
        removed=False,
    )
    open_then = (
        Q(received_at__lt=cutoff)
        & (Q(finished_at__isnull=True) | Q(finished_at__gte=cutoff))
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff))
    )
    waiting = Q(paused_at__isnull=False, paused_at__lt=cutoff)
    running = open_then & (Q(paused_at__isnull=True) | Q(paused_at__gte=cutoff))
    # Overdue once the deadline's day has passed: from midnight of the day described.
    day = cutoff.astimezone(VN_TZ).date() if cutoff < period.end_at else period.end
    overdue_from = midnight(day)
    finished_day, due_day = LocalDate("finished_at"), LocalDate(deadline())
    return {
        "received": received,
        "received_in_person": received & Q(channel=Channel.IN_PERSON),
        "received_online": received & Q(channel=Channel.ONLINE),
        "received_postal": received & Q(channel=Channel.POSTAL),
        "digitised": received & (Q(channel=Channel.ONLINE) | Q(Exists(digitised_file))),
        "resolved_early": finished & Q(LessThan(finished_day, due_day)),
        "resolved_on_time": finished & Q(Exact(finished_day, due_day)),
        "resolved_late": finished & Q(GreaterThan(finished_day, due_day)),
        "refused_reception": closed & Q(status=Status.RECEPTION_REFUSED),
        "refused_after_appraisal": closed & Q(status=Status.REFUSED),
        "stopped": closed & Q(status=Status.STOPPED),
        "in_process_on_time": running & Q(GreaterThanOrEqual(deadline(), overdue_from)),
        "in_process_overdue": running & Q(LessThan(deadline(), overdue_from)),
        "waiting_supplement": open_then & waiting,
        "_rated": rated,
        "_any": received | finished | closed | rated | open_then,
    }


Key = tuple[int, int]  # (agency id, procedure version id)


def _dossiers(agency_ids: Collection[int] | None, procedure_id: int | None) -> QuerySet[Dossier]:
    dossiers = Dossier.objects.all()
    if agency_ids is not None:
        dossiers = dossiers.filter(handling_agency_id__in=sorted(agency_ids))
    if procedure_id is not None:
        dossiers = dossiers.filter(
            procedure_version_id__in=ProcedureVersion.objects.filter(
                procedure_id=procedure_id
            ).values("pk")
        )
    return dossiers


def counts_by_version(
    *,
    period: Period,
    cutoff: dt.datetime,
    agency_ids: Collection[int] | None = None,
    procedure_id: int | None = None,
) -> dict[Key, Counts]:
    """Every counter per (agency, procedure version): one grouped query for the counts, one
    for the working days of the dossiers resolved in the period."""
    conditions = _conditions(period, cutoff)
    rated = conditions.pop("_rated")
    wanted = conditions.pop("_any")
    base = _dossiers(agency_ids, procedure_id)
    aggregates: dict[str, Any] = {
        name: Count("pk", filter=condition) for name, condition in conditions.items()
    }
    aggregates["rating_total"] = Sum("rating", filter=rated, default=0)
    aggregates["rating_count"] = Count("pk", filter=rated)
    result: dict[Key, Counts] = {}
    grouped = (
        base.filter(wanted)
        .values("handling_agency_id", "procedure_version_id")
        .annotate(**aggregates)
    )
    for row in cast(Iterable[dict[str, Any]], grouped):
        key = (row["handling_agency_id"], row["procedure_version_id"])
        result[key] = Counts(**{name: row[name] for name in aggregates})
    pairs = (
        base.filter(_within("finished_at", period))
        .values(
            "handling_agency_id",
            "procedure_version_id",
            received_day=LocalDate("received_at"),
            finished_day=LocalDate("finished_at"),
        )
        .annotate(n=Count("pk"))
    )
    counter = WorkingDayCounter()
    for pair in pairs:
        key = (pair["handling_agency_id"], pair["procedure_version_id"])
        days = counter.between(_as_date(pair["received_day"]), _as_date(pair["finished_day"]))
        result.setdefault(key, Counts()).processing_days += days * pair["n"]
    return result


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def by_procedure(counts: dict[Key, Counts]) -> dict[tuple[int, int], Counts]:
    """Merge the versions of each procedure: (agency id, procedure id) -> counts."""
    version_to_procedure = dict(
        ProcedureVersion.objects.filter(pk__in={v for _, v in counts}).values_list(
            "pk", "procedure_id"
        )
    )
    merged: dict[tuple[int, int], Counts] = {}
    for (agency_id, version_id), value in counts.items():
        key = (agency_id, version_to_procedure[version_id])
        merged[key] = merged[key] + value if key in merged else value
    return merged


def label_rows(counts: dict[tuple[int, int], Counts]) -> list[FigureRow]:
    """Attach agency and procedure codes and names (the newest version's name)."""
    agencies = {
        pk: (code, name)
        for pk, code, name in Agency.objects.filter(pk__in={a for a, _ in counts}).values_list(
            "pk", "code", "name"
        )
    }
    procedure_ids = {p for _, p in counts}
    procedures = dict(Procedure.objects.filter(pk__in=procedure_ids).values_list("pk", "code"))
    names: dict[int, str] = {}
    for procedure_id, name in (
        ProcedureVersion.objects.filter(procedure_id__in=procedure_ids)
        .order_by("procedure_id", "number")
        .values_list("procedure_id", "name")
    ):
        names[procedure_id] = name
    rows = [
        FigureRow(
            agency_id=agency_id,
            agency_code=agencies[agency_id][0],
            agency_name=agencies[agency_id][1],
            procedure_id=procedure_id,
            procedure_code=procedures[procedure_id],
            procedure_name=names.get(procedure_id, ""),
            counts=value,
        )
        for (agency_id, procedure_id), value in counts.items()
        if any(getattr(value, name) for name in COUNTERS)
    ]
    rows.sort(key=lambda r: (r.agency_code, r.procedure_code))
    return rows


def dossier_figures(
    *,
    period: Period,
    agency_ids: Iterable[int] | None = None,
    procedure_id: int | None = None,
    now: dt.datetime | None = None,
) -> Figures:
    """The figures of ``period`` computed from the dossiers themselves.

    ``agency_ids`` are the competent agencies to include (``figure_agency_ids`` gives them
    for a user); ``None`` includes all. ``now`` fixes the clock (tests, benchmarks).
    """
    cutoff = as_of(period, now)
    ids = None if agency_ids is None else set(agency_ids)
    counts = counts_by_version(
        period=period, cutoff=cutoff, agency_ids=ids, procedure_id=procedure_id
    )
    return Figures(
        period=period, as_of=cutoff, source="live", rows=label_rows(by_procedure(counts))
    )
