"""The figures computed from the dossiers (definitions in ``figures``): one grouped query with
conditional ``Count(filter=...)`` for every counter, one grouped query for the working days,
then the labels. Works the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any, cast

from django.db.models import Count, DateField, Exists, F, Func, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, LessThan
from django.utils import timezone

from egov.catalog.models import Procedure, ProcedureVersion
from egov.orgs.models import Agency
from egov.workcalendar.services import VN_TZ

from .figures_types import (
    COUNTERS,
    Counts,
    Dimension,
    FigureRow,
    Period,
    WorkingDayCounter,
    midnight,
)
from .lifecycle import Status
from .models import Channel, Dossier, DossierFile

CLOSED_UNRESOLVED = (Status.RECEPTION_REFUSED, Status.REFUSED, Status.STOPPED)


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


def as_of(period: Period, now: dt.datetime | None = None) -> dt.datetime:
    """The moment the stock counters describe: the period's end, or now if earlier."""
    return min(now or timezone.now(), period.end_at)


def overdue_from(period: Period, cutoff: dt.datetime) -> dt.datetime:
    """Midnight of the day the stock describes: a deadline before it is overdue."""
    day = cutoff.astimezone(VN_TZ).date() if cutoff < period.end_at else period.end
    return midnight(day)


def _within(name: str, period: Period) -> Q:
    return Q(**{f"{name}__gte": period.start_at, f"{name}__lt": period.end_at})


def _conditions(period: Period, cutoff: dt.datetime) -> dict[str, Q]:
    received = _within("received_at", period)
    finished = _within("finished_at", period)
    # Closed without a result; returned dossiers count by their result's date.
    closed = _within("closed_at", period) & Q(status__in=CLOSED_UNRESOLVED)
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
    late_from = overdue_from(period, cutoff)
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
        "in_process_on_time": running & Q(GreaterThanOrEqual(deadline(), late_from)),
        "in_process_overdue": running & Q(LessThan(deadline(), late_from)),
        "waiting_supplement": open_then & waiting,
        "_rated": rated,
        "_any": received | finished | closed | rated | open_then,
    }


# (agency id, procedure version id), or (agency id, None) when grouped per agency only.
Key = tuple[int, int | None]
# (receiving agency id, handling agency id, procedure version id): the daily tables' key.
DeskKey = tuple[int, int, int]

# The dossier's field that picks it for each dimension.
_DIMENSION_FIELD: dict[Dimension, str] = {"handled": "handling_agency_id", "received": "agency_id"}


def _dossiers(
    agency_ids: Collection[int] | None,
    procedure_id: int | None,
    dimension: Dimension = "handled",
) -> QuerySet[Dossier]:
    dossiers = Dossier.objects.all()
    if agency_ids is not None:
        dossiers = dossiers.filter(**{f"{_DIMENSION_FIELD[dimension]}__in": sorted(agency_ids)})
    if procedure_id is not None:
        dossiers = dossiers.filter(
            procedure_version_id__in=ProcedureVersion.objects.filter(
                procedure_id=procedure_id
            ).values("pk")
        )
    return dossiers


def _grouped(
    base: QuerySet[Dossier], group: list[str], period: Period, cutoff: dt.datetime
) -> dict[tuple[Any, ...], Counts]:
    """Every counter per value of the ``group`` fields: one grouped query for the counts,
    one for the working days of the dossiers resolved in the period."""
    conditions = _conditions(period, cutoff)
    rated = conditions.pop("_rated")
    wanted = conditions.pop("_any")
    aggregates: dict[str, Any] = {
        name: Count("pk", filter=condition) for name, condition in conditions.items()
    }
    aggregates["rating_total"] = Sum("rating", filter=rated, default=0)
    aggregates["rating_count"] = Count("pk", filter=rated)
    result: dict[tuple[Any, ...], Counts] = {}
    grouped = base.filter(wanted).values(*group).annotate(**aggregates)
    for row in cast(Iterable[dict[str, Any]], grouped):
        key = tuple(row[name] for name in group)
        result[key] = Counts(**{name: row[name] for name in aggregates})
    pairs = (
        base.filter(_within("finished_at", period))
        .values(
            *group,
            received_day=LocalDate("received_at"),
            finished_day=LocalDate("finished_at"),
        )
        .annotate(n=Count("pk"))
        .values_list(*group, "received_day", "finished_day", "n")
    )
    # Thousands of pairs, few distinct (reception day, result day): count each once.
    counter = WorkingDayCounter()
    days: dict[tuple[Any, Any], int] = {}
    for *ids, received_day, finished_day, n in pairs:
        span = days.get((received_day, finished_day))
        if span is None:
            span = days[(received_day, finished_day)] = counter.between(
                _as_date(received_day), _as_date(finished_day)
            )
        result.setdefault(tuple(ids), Counts()).processing_days += span * n
    return result


def counts_by_version(
    *,
    period: Period,
    cutoff: dt.datetime,
    agency_ids: Collection[int] | None = None,
    procedure_id: int | None = None,
    per_procedure: bool = True,
    dimension: Dimension = "handled",
) -> dict[Key, Counts]:
    """Every counter per (handling agency, procedure version), or per handling agency, of
    the dossiers handled by ``agency_ids`` or, for ``dimension="received"``, received at
    their desks: one grouped query for the counts, one for the working days."""
    base = _dossiers(agency_ids, procedure_id, dimension)
    group = (
        ["handling_agency_id", "procedure_version_id"] if per_procedure else ["handling_agency_id"]
    )
    return {
        (key[0], key[1] if per_procedure else None): value
        for key, value in _grouped(base, group, period, cutoff).items()
    }


def counts_by_desk(
    *, period: Period, cutoff: dt.datetime, agency_ids: Collection[int] | None = None
) -> dict[DeskKey, Counts]:
    """Every counter per (receiving agency, handling agency, procedure version) of the
    dossiers handled by ``agency_ids`` (all if ``None``): what the daily tables keep, so
    that one set of rows answers both dimensions."""
    group = ["agency_id", "handling_agency_id", "procedure_version_id"]
    counts = _grouped(_dossiers(agency_ids, None), group, period, cutoff)
    return {(key[0], key[1], key[2]): value for key, value in counts.items()}


def version_procedures(version_ids: Iterable[int]) -> dict[int, int]:
    """Procedure version id -> procedure id, in one query."""
    return dict(
        ProcedureVersion.objects.filter(pk__in=set(version_ids)).values_list("pk", "procedure_id")
    )


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def by_procedure(counts: dict[Key, Counts]) -> dict[Key, Counts]:
    """Merge the versions of each procedure: (agency id, procedure id) -> counts. Keys
    without a version (grouped per agency) stay as they are."""
    version_to_procedure = version_procedures(v for _, v in counts if v is not None)
    merged: dict[Key, Counts] = {}
    for (agency_id, version_id), value in counts.items():
        key = (agency_id, None if version_id is None else version_to_procedure[version_id])
        merged[key] = merged[key] + value if key in merged else value
    return merged


def label_rows(counts: dict[Key, Counts]) -> list[FigureRow]:
    """Attach agency and procedure codes and names (the newest version's name) to the rows
    that have something to show, ordered by agency code then procedure code."""
    agencies = {
        pk: (code, name)
        for pk, code, name in Agency.objects.filter(pk__in={a for a, _ in counts}).values_list(
            "pk", "code", "name"
        )
    }
    procedure_ids = {p for _, p in counts if p is not None}
    codes: dict[int, str] = {}
    names: dict[int, str] = {}
    if procedure_ids:
        codes = dict(Procedure.objects.filter(pk__in=procedure_ids).values_list("pk", "code"))
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
            procedure_code=codes.get(procedure_id, "") if procedure_id is not None else "",
            procedure_name=names.get(procedure_id, "") if procedure_id is not None else "",
            counts=value,
        )
        for (agency_id, procedure_id), value in counts.items()
        if any(getattr(value, name) for name in COUNTERS)
    ]
    rows.sort(key=lambda r: (r.agency_code, r.procedure_code))
    return rows


def desk_labels(
    dimension: Dimension, agency_ids: Collection[int] | None
) -> tuple[tuple[str, str], ...]:
    """The (code, name) of the desks a "received at" figure is about; empty for "handled
    by" and for every desk."""
    if dimension != "received" or agency_ids is None:
        return ()
    return tuple(
        Agency.objects.filter(pk__in=sorted(agency_ids))
        .order_by("code")
        .values_list("code", "name")
    )
