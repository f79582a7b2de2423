"""``python -m bench.dossiers --database-url URL --size N --output FILE``: make sure the kept
database of N generated dossiers exists on URL's server (or SQLite), time the figures on it
and write JSON. ``python -m bench`` runs it once per database engine, in its own process
because each needs its own Django settings."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.dossiers", description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="rebuild even if a copy is kept")
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--pairs", type=Path, help="also write code/secret query strings here")
    parser.add_argument("--no-figures", action="store_true", help="only prepare the database")
    return parser.parse_args(argv)


def daily_days(quick: bool, vendor: str) -> list[dt.date]:
    """Days whose daily figures are built: all two years on PostgreSQL, only the measured
    month with --quick and on SQLite (where the two years take half an hour; the reader
    reads one month's rows through the (day, ...) index either way)."""
    from egov.dossiers.figures import Period

    from .dossier_data import FIRST_DAY, LAST_DAY
    from .figures_bench import MONTH, YEAR

    first, last = (FIRST_DAY, LAST_DAY)
    if quick or vendor == "sqlite":
        month = Period.month(YEAR, MONTH)
        first, last = month.start, month.end
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def table_sizes() -> dict[str, int]:
    from django.db import connection

    tables = ["dossiers_dossier", "dossiers_step", "dossiers_event", "dossiers_dossierfile"]
    # The daily tables, whatever figures_daily keeps (DailyFigure, DailyStock...).
    tables += [t for t in connection.introspection.table_names() if t.startswith("dossiers_daily")]
    sizes = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed names
            sizes[table.removeprefix("dossiers_")] = cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            sizes["database_bytes"] = cursor.fetchone()[0]
    return sizes


def write_pairs(path: Path, *, count: int) -> int:
    """Query strings of valid (code, secret) pairs spread over the whole table: the secret is
    the last 4 digits of the phone, or of the ID number for some."""
    from urllib.parse import urlencode

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM dossiers_dossier")
        step = max(1, cursor.fetchone()[0] // (count * 2))
        cursor.execute(
            "SELECT code, applicant_phone, applicant_id_number FROM dossiers_dossier "
            "WHERE code IS NOT NULL AND id %% %s = 0",
            [step],
        )
        rows = cursor.fetchall()
    rng = random.Random(5)
    rng.shuffle(rows)
    lines = [
        urlencode({"code": code, "secret": (phone if rng.random() < 0.7 else id_number)[-4:]})
        for code, phone, id_number in rows[:count]
    ]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return len(lines)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from .dossier_db import Target, ensure, fill_daily, log

    target = Target.for_url(args.database_url, args.size)
    os.environ["EGOV_BENCH_DATABASE_URL"] = target.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.db import connection

    from . import figures_bench
    from .__main__ import database_description

    started = time.perf_counter()
    days = daily_days(args.quick, target.vendor)
    dataset = ensure(target, args.size, days, fresh=args.fresh, daily=not args.no_figures)
    prepare_seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "database": database_description(),
        "vendor": connection.vendor,
        "url": target.url,
        "dataset": {
            **dataset,
            "prepare_seconds": round(prepare_seconds, 1),
            "daily_days": len(days),
            "rows": table_sizes(),
        },
    }
    if args.pairs:
        result["pairs"] = write_pairs(args.pairs, count=2000 if args.quick else 50_000)
    if not args.no_figures:
        log(f"timing the figures on {result['database']}")
        repeats = 3 if args.quick else 7
        try:
            result["figures"] = figures_bench.run(repeats=repeats, warmup=1)
        except figures_bench.StaleDailyTables:
            log("the daily tables differ from the live figures (figures code changed?): rebuilding")
            fill_daily(days)
            try:
                result["figures"] = figures_bench.run(repeats=repeats, warmup=1)
            except figures_bench.StaleDailyTables:
                raise SystemExit("bench: the daily tables differ from the live figures") from None
    args.output.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
