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


def daily_days(quick: bool) -> list[dt.date]:
    """Days whose DailyFigure rows are built: all two years, or the measured month only."""
    from .dossier_data import FIRST_DAY, LAST_DAY
    from .figures_bench import MONTH, YEAR

    first = dt.date(YEAR, MONTH, 1) if quick else FIRST_DAY
    return [first + dt.timedelta(days=n) for n in range((LAST_DAY - first).days + 1)]


def table_sizes() -> dict[str, int]:
    from django.db import connection

    tables = ["dossiers_dossier", "dossiers_step", "dossiers_event", "dossiers_dossierfile"]
    sizes = {}
    with connection.cursor() as cursor:
        for table in [*tables, "dossiers_dailyfigure"]:
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
    from .dossier_db import Target, ensure, log

    target = Target.for_url(args.database_url, args.size)
    os.environ["EGOV_BENCH_DATABASE_URL"] = target.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.db import connection

    from . import figures_bench
    from .__main__ import database_description

    started = time.perf_counter()
    dataset = ensure(target, args.size, daily_days(args.quick), fresh=args.fresh)
    prepare_seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "database": database_description(),
        "vendor": connection.vendor,
        "url": target.url,
        "dataset": {**dataset, "prepare_seconds": round(prepare_seconds, 1), **table_sizes()},
    }
    if args.pairs:
        result["pairs"] = write_pairs(args.pairs, count=2000 if args.quick else 50_000)
    if not args.no_figures:
        log(f"timing the figures on {result['database']}")
        result["figures"] = figures_bench.run(repeats=3 if args.quick else 7, warmup=1)
    args.output.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
