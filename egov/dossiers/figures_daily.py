"""Figures kept per day (``DailyFigure``, ``DailyStock``), so the officials' page need not scan
the dossiers.

Trade-off. The live figures (``figures.dossier_figures``) are always exact but read every
dossier that was received, resolved or closed in the period or still open at its end: with a
million dossiers that is a scan of the table on each page view. The daily tables keep, per
day, receiving desk, competent agency and procedure, what happened that day (``DailyFigure``:
a row only when something did) and what was still open at the day's end (``DailyStock``: a
row only where dossiers were open). A period's figures are then a sum over its days' few
rows plus the stock rows of its last day. The price:

- the rows are as fresh as their last rebuild. ``refresh_daily_figures(day)`` rebuilds one
  day from the dossiers, idempotently (delete and insert in one transaction), so it may run
  as often as wanted: nightly for the day that just ended (its stock then describes the end of
  that day) and for the new day (whose overdue dossiers changed at midnight), and after each
  dossier action for today and that agency (``agency_ids``) to keep the page current;
- the services are not touched: a forgotten rebuild shows stale figures, never wrong
  dossiers, and the next rebuild repairs it;
- a past day keeps its stock as it was when built (the live query uses each dossier's
  current deadline and pause for a past moment, which later actions may have changed);
  rebuilding an old day replaces it with today's view of that moment;
- ``DailyStock`` grows by the number of agency × procedure pairs with open dossiers each day;
  old days may be pruned to month ends if it ever matters;
- each day also gets one row per desk and agency without a procedure, its total, so the
  province's view (one row per agency) sums a hundred rows a day instead of thousands.

The desk in the key serves both dimensions with the same rows: "handled by" sums an agency's
rows over the desks, "received at" takes the rows of the chosen desks. A rebuild for an
agency (after each of its dossiers' actions) rewrites its rows at every desk, so the service
centre's "received at" figures are as current as the departments' own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone
from django_tasks import task

from .figures import (
    FLOW_COUNTERS,
    STOCK_COUNTERS,
    Counts,
    Dimension,
    Figures,
    Period,
    counts_by_desk,
    desk_labels,
    dossier_figures,
    label_rows,
    local_today,
)
from .figures_query import Key, version_procedures
from .models import DailyFigure, DailyStock

_ATTEMPTS = 3


def refresh_daily_figures(
    day: dt.date,
    *,
    agency_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Rebuild the rows of ``day`` (only those of ``agency_ids`` if given) from the dossiers;
    returns the number of rows written. Running it twice writes the same rows."""
    ids = None if agency_ids is None else set(agency_ids)
    moment = now or timezone.now()
    for attempt in range(_ATTEMPTS):
        try:
            return _rebuild(day, ids, moment)
        except IntegrityError:
            # Another rebuild of the same day committed first: ours now sees its rows.
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def _rebuild(day: dt.date, agency_ids: set[int] | None, now: dt.datetime) -> int:
    period = Period(day, day)
    cutoff = min(now, period.end_at)
    by_version = counts_by_desk(period=period, cutoff=cutoff, agency_ids=agency_ids)
    procedures = version_procedures(version for _, _, version in by_version)
    for model in (DailyFigure, DailyStock):
        stale = model.objects.filter(day=day)
        if agency_ids is not None:
            stale = stale.filter(agency_id__in=sorted(agency_ids))
        stale.delete()
    # (desk, agency, procedure), and (desk, agency, None) for the agency's total at the desk.
    counts: dict[tuple[int, int, int | None], Counts] = {}
    for (desk_id, agency_id, version_id), value in by_version.items():
        for key in ((desk_id, agency_id, procedures[version_id]), (desk_id, agency_id, None)):
            counts[key] = counts[key] + value if key in counts else value
    flows, stocks = [], []
    for (desk_id, agency_id, procedure_id), value in counts.items():
        keys = {
            "day": day,
            "receiving_agency_id": desk_id,
            "agency_id": agency_id,
            "procedure_id": procedure_id,
        }
        if any(getattr(value, name) for name in FLOW_COUNTERS):
            values = {name: getattr(value, name) for name in FLOW_COUNTERS}
            flows.append(DailyFigure(**keys, **values, refreshed_at=now))
        if any(getattr(value, name) for name in STOCK_COUNTERS):
            values = {name: getattr(value, name) for name in STOCK_COUNTERS}
            stocks.append(DailyStock(**keys, **values, refreshed_at=now))
    DailyFigure.objects.bulk_create(flows)
    DailyStock.objects.bulk_create(stocks)
    return len(flows) + len(stocks)


@task()
def refresh_daily_figures_task(day: str | None = None, agency_ids: list[int] | None = None) -> int:
    """Queue entry point: rebuild ``day`` (ISO date; default today in Vietnam time)."""
    when = dt.date.fromisoformat(day) if day else local_today()
    return refresh_daily_figures(when, agency_ids=agency_ids)


def refresh_after_action(agency_id: int | None, at: dt.datetime) -> None:
    """Queue, for after the commit, the rebuild of ``agency_id``'s rows (the handling agency's,
    at every desk, so the receiving desk's figures follow) for the day of ``at`` and for
    today (its stock changed even when the action is dated earlier). Every dossier action
    calls it, which keeps the daily tables current; a rebuild that runs twice or late writes
    the same rows."""
    if agency_id is None:  # not received yet: in no agency's figures
        return
    days = {local_today(), local_today(at)}

    def enqueue() -> None:
        for day in sorted(days):
            refresh_daily_figures_task.enqueue(day=day.isoformat(), agency_ids=[agency_id])

    transaction.on_commit(enqueue)


def _filtered(
    rows: QuerySet[Any],
    agency_ids: Iterable[int] | None,
    procedure_id: int | None,
    per_procedure: bool,
    dimension: Dimension,
) -> QuerySet[Any]:
    """The rows to sum: those of the agencies (handled by) or of the desks (received at);
    one procedure's, every procedure's, or the agencies' totals."""
    if agency_ids is not None:
        column = "receiving_agency_id" if dimension == "received" else "agency_id"
        rows = rows.filter(**{f"{column}__in": sorted(set(agency_ids))})
    if procedure_id is not None:
        return rows.filter(procedure_id=procedure_id)
    return rows.filter(procedure__isnull=not per_procedure)


def daily_figures(
    *,
    period: Period,
    agency_ids: Iterable[int] | None = None,
    procedure_id: int | None = None,
    per_procedure: bool = True,
    now: dt.datetime | None = None,
    dimension: Dimension = "handled",
) -> Figures:
    """The figures of ``period`` from the daily tables: flows summed over its days (and the
    desks), the stock of its last day (today, for a period not over yet). Same arguments and
    result as ``figures.dossier_figures``; two queries plus the labels."""
    moment = now or timezone.now()
    last = min(period.end, local_today(moment))
    ids = None if agency_ids is None else list(agency_ids)
    group = ["agency_id", "procedure_id"] if per_procedure else ["agency_id"]
    counts: dict[Key, Counts] = {}
    flows = _filtered(
        DailyFigure.objects.filter(day__gte=period.start, day__lte=period.end),
        ids,
        procedure_id,
        per_procedure,
        dimension,
    )
    summed = flows.values(*group).annotate(**{n: Sum(n) for n in FLOW_COUNTERS})
    for row in cast(Iterable[dict[str, Any]], summed):
        counts[(row["agency_id"], row.get("procedure_id"))] = Counts(
            **{n: row[n] for n in FLOW_COUNTERS}
        )
    stock = _filtered(
        DailyStock.objects.filter(day=last), ids, procedure_id, per_procedure, dimension
    )
    freshest: dt.datetime | None = None
    for row in cast(
        Iterable[dict[str, Any]],
        stock.values(*group).annotate(
            **{n: Sum(n) for n in STOCK_COUNTERS}, refreshed=Max("refreshed_at")
        ),
    ):
        value = counts.setdefault((row["agency_id"], row.get("procedure_id")), Counts())
        for name in STOCK_COUNTERS:
            setattr(value, name, row[name])
        if freshest is None or row["refreshed"] > freshest:
            freshest = row["refreshed"]
    as_of = min(moment, period.end_at)
    if last < period.end and freshest is not None:
        as_of = min(as_of, freshest)
    return Figures(
        period=period,
        as_of=as_of,
        source="daily",
        rows=label_rows(counts),
        per_procedure=per_procedure,
        dimension=dimension,
        desks=desk_labels(dimension, ids),
    )


def read_figures(
    *,
    period: Period,
    agency_ids: Iterable[int] | None = None,
    procedure_id: int | None = None,
    per_procedure: bool = True,
    now: dt.datetime | None = None,
    dimension: Dimension = "handled",
) -> Figures:
    """What the officials' page and the API show: the daily tables once the installation
    keeps them current (setting ``DOSSIER_FIGURES_SOURCE = "daily"``), else the live figures."""
    daily = settings.DOSSIER_FIGURES_SOURCE == "daily"
    reader = daily_figures if daily else dossier_figures
    return reader(
        period=period,
        agency_ids=agency_ids,
        procedure_id=procedure_id,
        per_procedure=per_procedure,
        now=now,
        dimension=dimension,
    )
