"""Per-agency monthly figures over the generated dossiers: the ORM version the officials'
page uses (``figures.dossier_figures``) and the daily-table reader (``figures_daily``),
each against the one hand-written SQL query of the same counts (``figures_sql``)."""

from __future__ import annotations

import time
from dataclasses import fields
from typing import Any

from .dossier_data import NOW
from .timing import Op, Sample, measure

YEAR, MONTH = 2026, 5  # the last whole month before the data set's NOW


class StaleDailyTables(Exception):
    """The daily tables disagree with the live figures: built by older figures code."""


def check_same_counts() -> dict[str, int]:
    """Fail loudly if the three ways disagree: the bench would otherwise time different
    work. Returns the month's totals (rows, received, resolved) for the report."""
    from egov.dossiers.figures import Counts, Period, as_of, dossier_figures
    from egov.dossiers.figures_daily import daily_figures
    from egov.dossiers.figures_sql import counts_sql
    from egov.orgs.models import Agency

    period = Period.month(YEAR, MONTH)
    live = dossier_figures(period=period, now=NOW)
    daily = daily_figures(period=period, now=NOW)
    by_sql = counts_sql(period=period, cutoff=as_of(period, NOW))
    names = [f.name for f in fields(Counts) if f.name != "processing_days"]

    def table(rows: Any) -> dict[tuple[int, int], tuple[int, ...]]:
        return {
            (r.agency_id, r.procedure_id): tuple(getattr(r.counts, n) for n in names) for r in rows
        }

    live_counts = table(live.rows)
    sql_counts = {
        key: tuple(getattr(value, n) for n in names)
        for key, value in by_sql.items()
        if any(getattr(value, n) for n in names)
    }
    if live_counts != sql_counts:
        raise SystemExit("bench: figures.dossier_figures and figures_sql.counts_sql disagree")
    if table(daily.rows) != live_counts:
        raise StaleDailyTables
    # The service centre's desk ("received at"): the departments' dossiers, the same three ways.
    centre = (
        Agency.objects.filter(kind=Agency.Kind.SERVICE_CENTRE).values_list("pk", flat=True).first()
    )
    if centre is None:
        raise SystemExit("bench: the data set has no service centre")
    live_desk = table(
        dossier_figures(period=period, now=NOW, agency_ids=[centre], dimension="received").rows
    )
    sql_desk = {
        key: tuple(getattr(value, n) for n in names)
        for key, value in counts_sql(
            period=period, cutoff=as_of(period, NOW), desk_ids=[centre]
        ).items()
        if any(getattr(value, n) for n in names)
    }
    if not live_desk or live_desk != sql_desk:
        raise SystemExit("bench: the service centre's figures disagree (live and SQL)")
    daily_desk = daily_figures(period=period, now=NOW, agency_ids=[centre], dimension="received")
    if table(daily_desk.rows) != live_desk:
        raise StaleDailyTables
    total = live.total
    if not (total.received and total.resolved_late and total.in_process_overdue):
        raise SystemExit("bench: the month lacks received, late or overdue dossiers")
    return {
        "rows": len(live.rows),
        "agencies": len({r.agency_id for r in live.rows}),
        "received": live.total.received,
        "resolved": live.total.resolved,
        "in_process": live.total.in_process,
        "centre_rows": len(live_desk),
    }


def _page_client() -> Any:
    """A test client logged in as a system administrator (made once in the kept database)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _created = get_user_model().objects.get_or_create(
        username="bench-figures",
        defaults={"is_superuser": True, "is_staff": True, "kind": "official"},
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _page(client: Any, source: str) -> Any:
    """GET the officials' page (/can-bo/so-lieu/) for the month, reading ``source``."""
    from django.test import override_settings

    with override_settings(DOSSIER_FIGURES_SOURCE=source):
        response = client.get("/can-bo/so-lieu/", {"month": f"{YEAR}-{MONTH:02d}"})
    if response.status_code != 200:
        raise SystemExit(f"bench: the figures page answered HTTP {response.status_code}")
    return response


def run(*, repeats: int, warmup: int) -> dict[str, Any]:
    from django.db import connection

    from egov.dossiers.figures import Period, as_of, dossier_figures
    from egov.dossiers.figures_daily import daily_figures, refresh_daily_figures
    from egov.dossiers.figures_sql import counts_sql

    totals = check_same_counts()
    period = Period.month(YEAR, MONTH)
    cutoff = as_of(period, NOW)
    client = _page_client()
    sql, orm, daily, page_live, page_daily = measure(
        [
            Op("counts_sql", lambda _: counts_sql(period=period, cutoff=cutoff), [0], repeats),
            Op("dossier_figures", lambda _: dossier_figures(period=period, now=NOW), [0], repeats),
            Op("daily_figures", lambda _: daily_figures(period=period, now=NOW), [0], repeats),
            Op("page_live", lambda _: _page(client, "live"), [0], repeats),
            Op("page_daily", lambda _: _page(client, "daily"), [0], repeats),
        ],
        warmup=warmup,
        rounds=repeats,
    )
    # What keeping the table current costs: one agency's row of today after an action, and
    # the nightly rebuild of a whole day (both idempotent, so safe on the kept database).
    last_day = NOW.date()
    refresh = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT handling_agency_id FROM dossiers_dossier GROUP BY handling_agency_id "
            "ORDER BY COUNT(*) DESC LIMIT 1"
        )
        busiest = cursor.fetchone()[0]
    for label, agencies in (("one_agency_today", [busiest]), ("whole_day", None)):
        started = time.perf_counter()
        refresh_daily_figures(last_day, agency_ids=agencies, now=NOW)
        refresh[label] = round((time.perf_counter() - started) * 1000, 1)
    return {
        "period": f"{YEAR}-{MONTH:02d}",
        "totals": totals,
        "counts_sql": _ms(sql),
        "dossier_figures": _ms(orm),
        "daily_figures": _ms(daily),
        "page_live": _ms(page_live),
        "page_daily": _ms(page_daily),
        "ratio_orm_to_sql": round(orm.median_ms / sql.median_ms, 3),
        "ratio_daily_to_live": round(daily.median_ms / orm.median_ms, 4),
        "ratio_page_daily_to_live": round(page_daily.median_ms / orm.median_ms, 4),
        "refresh_ms": refresh,
    }


def _ms(sample: Sample) -> dict[str, Any]:
    ordered = sorted(sample.durations_ns)
    return {
        "median_ms": round(sample.median_ms, 2),
        "min_ms": round(ordered[0] / 1e6, 2),
        "max_ms": round(ordered[-1] / 1e6, 2),
        "count": sample.count,
    }
