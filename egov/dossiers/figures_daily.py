"""Figures kept per day in ``DailyFigure``, so the officials' page need not scan the dossiers.

Trade-off. The live figures (``figures.dossier_figures``) are always exact but read every
dossier that was received, resolved or closed in the period or still open at its end: with a
million dossiers that is a scan of the table on each page view. ``DailyFigure`` keeps one row
per day, competent agency and procedure; a period's figures are then a sum over a few
thousand small rows. The price:

- the rows are as fresh as their last rebuild. ``refresh_daily_figures(day)`` rebuilds one
  day from the dossiers, idempotently (delete and insert in one transaction), so it may run
  as often as wanted: nightly for the day that just ended (its stock counters then describe
  the end of that day) and for today (the day's first state), and after each dossier action
  for today's row of that agency (``agency_ids``) to keep the page current;
- the services are not touched: a forgotten refresh shows stale figures, never wrong
  dossiers, and the next refresh repairs it;
- a past day keeps the stock counters as they were when it was built (the live query uses
  each dossier's current deadline and pause for a past moment, which later actions may have
  changed); rebuilding an old day replaces them with today's view of that moment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django_tasks import task

from .figures import (
    COUNTERS,
    STOCK_COUNTERS,
    Counts,
    Figures,
    Period,
    by_procedure,
    counts_by_version,
    dossier_figures,
    label_rows,
    local_today,
)
from .models import DailyFigure

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
    counts = by_procedure(counts_by_version(period=period, cutoff=cutoff, agency_ids=agency_ids))
    stale = DailyFigure.objects.filter(day=day)
    if agency_ids is not None:
        stale = stale.filter(agency_id__in=sorted(agency_ids))
    stale.delete()
    rows = [
        DailyFigure(
            day=day,
            agency_id=agency_id,
            procedure_id=procedure_id,
            refreshed_at=now,
            **{name: getattr(value, name) for name in COUNTERS},
        )
        for (agency_id, procedure_id), value in counts.items()
        if any(getattr(value, name) for name in COUNTERS)
    ]
    DailyFigure.objects.bulk_create(rows)
    return len(rows)


@task()
def refresh_daily_figures_task(day: str | None = None, agency_ids: list[int] | None = None) -> int:
    """Queue entry point: rebuild ``day`` (ISO date; default today in Vietnam time)."""
    when = dt.date.fromisoformat(day) if day else local_today()
    return refresh_daily_figures(when, agency_ids=agency_ids)


def daily_figures(
    *,
    period: Period,
    agency_ids: Iterable[int] | None = None,
    procedure_id: int | None = None,
    now: dt.datetime | None = None,
) -> Figures:
    """The figures of ``period`` summed from ``DailyFigure``: flows over the period's days,
    stock counters from the row of its last day (or today, for a period not over yet).
    Same arguments and result as ``figures.dossier_figures``."""
    moment = now or timezone.now()
    last = min(period.end, local_today(moment))
    rows = DailyFigure.objects.filter(day__gte=period.start, day__lte=period.end)
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=sorted(set(agency_ids)))
    if procedure_id is not None:
        rows = rows.filter(procedure_id=procedure_id)
    on_last = Q(day=last)
    sums = {
        name: Sum(name, filter=on_last if name in STOCK_COUNTERS else None, default=0)
        for name in COUNTERS
    }
    grouped = rows.values("agency_id", "procedure_id").annotate(
        **sums, refreshed=Max("refreshed_at", filter=on_last)
    )
    counts: dict[tuple[int, int], Counts] = {}
    freshest: dt.datetime | None = None
    for row in cast(Iterable[dict[str, Any]], grouped):
        refreshed = row["refreshed"]
        if refreshed is not None and (freshest is None or refreshed > freshest):
            freshest = refreshed
        counts[(row["agency_id"], row["procedure_id"])] = Counts(
            **{name: row[name] for name in COUNTERS}
        )
    as_of = min(moment, period.end_at)
    if last < period.end and freshest is not None:
        as_of = min(as_of, freshest)
    return Figures(period=period, as_of=as_of, source="daily", rows=label_rows(counts))


def read_figures(
    *,
    period: Period,
    agency_ids: Iterable[int] | None = None,
    procedure_id: int | None = None,
    now: dt.datetime | None = None,
) -> Figures:
    """What the officials' page and the API show: the daily table once the installation
    keeps it current (setting ``DOSSIER_FIGURES_SOURCE = "daily"``), else the live figures."""
    reader = (
        daily_figures
        if getattr(settings, "DOSSIER_FIGURES_SOURCE", "live") == "daily"
        else dossier_figures
    )
    return reader(period=period, agency_ids=agency_ids, procedure_id=procedure_id, now=now)
