"""``python -m bench [--quick] [--database-url URL]``: set up Django on a throwaway database,
build a catalogue, time deadlines and search against a pk-lookup baseline, print a table
and write bench/results/latest.json."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Sizes:
    procedures: int
    searches: int
    deadline_calls: int
    warmup: int
    max_seconds: float


FULL = Sizes(procedures=2000, searches=2000, deadline_calls=20_000, warmup=200, max_seconds=8.0)
# Enough to run every code path; figures from it mean nothing.
QUICK = Sizes(procedures=60, searches=64, deadline_calls=200, warmup=10, max_seconds=1.0)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes: a smoke run that finishes in seconds"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="PostgreSQL URL (default: $DATABASE_URL, else a temporary SQLite file); the "
        "bench creates and drops its own <name>_bench database next to it",
    )
    parser.add_argument(
        "--output", type=Path, help="JSON file (default: bench/results/latest.json or quick.json)"
    )
    return parser.parse_args(argv)


def setup_django(database_url: str) -> None:
    os.environ["EGOV_BENCH_DATABASE_URL"] = database_url
    # Forced, not defaulted: a shell's egov.settings.local must not point us at real data.
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def database_description() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (file)"
    if connection.vendor == "postgresql":
        version = connection.pg_version  # type: ignore[attr-defined]
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    return connection.display_name


def run(sizes: Sizes, *, quick: bool, output: Path, started: float) -> None:
    import django

    from . import catalog_data, deadlines, report, search

    setup_started = time.perf_counter()
    version_pks = catalog_data.build_catalog(procedures=sizes.procedures)
    setup_seconds = time.perf_counter() - setup_started
    search.check_search()
    deadlines.check_deadlines()

    deadline_result = deadlines.run(
        version_pks=version_pks,
        count=sizes.deadline_calls,
        warmup=sizes.warmup,
        max_seconds=sizes.max_seconds,
    )
    search_result = search.run(
        version_pks=version_pks, searches=sizes.searches, warmup=sizes.warmup
    )

    meta: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "database": database_description(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "procedures": sizes.procedures,
        "catalog_setup_seconds": round(setup_seconds, 2),
    }
    lines = [
        f"egov benchmarks{' (--quick: smoke run, figures not meaningful)' if quick else ''}",
        f"  {meta['database']}, Python {meta['python']}, Django {meta['django']}, "
        f"{meta['machine']}",
        "",
        *report.deadlines_table(deadline_result),
        "",
        *report.search_table(search_result, procedures=sizes.procedures),
    ]
    elapsed = time.perf_counter() - started
    meta["bench_seconds"] = round(elapsed, 2)
    report.write_json(
        report.to_json(meta=meta, deadlines=deadline_result, search=search_result), output
    )
    print("\n".join(lines))
    print(f"\n  whole run {elapsed:.1f} s (schema included); figures in {output}")


def main(argv: list[str] | None = None) -> None:
    started = time.perf_counter()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    sizes = QUICK if args.quick else FULL
    output = args.output or RESULTS_DIR / ("quick.json" if args.quick else "latest.json")
    tmpdir = None
    if args.database_url:
        database_url = args.database_url
    else:
        tmpdir = tempfile.mkdtemp(prefix="egov-bench-")
        database_url = f"sqlite:///{Path(tmpdir) / 'bench.sqlite3'}"
    try:
        setup_django(database_url)
        from django.db import connection

        # Creates the throwaway database and runs call_command("migrate") on it.
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            run(sizes, quick=args.quick, output=output, started=started)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    main()
