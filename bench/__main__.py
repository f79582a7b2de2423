"""``python -m bench [--quick] [--database-url URL]``: time deadlines and catalogue search
against a pk-lookup baseline on a throwaway database, and there signing and verifying a
one-page form against generating it unsigned; then, on a kept database of generated
dossiers (1,000,000; 20,000 with --quick), the per-agency monthly figures against one
hand-written SQL query (on the given PostgreSQL and on SQLite) and the public lookup under
load against a trivial and a bare view served by the same gunicorn. Prints tables and writes
bench/results/latest.json (quick.json with --quick)."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .load import LoadPlan

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Sizes:
    procedures: int
    searches: int
    deadline_calls: int
    warmup: int
    max_seconds: float
    dossiers: int
    load: LoadPlan
    signatures: int


FULL = Sizes(
    procedures=2000,
    searches=2000,
    deadline_calls=20_000,
    warmup=200,
    max_seconds=8.0,
    dossiers=1_000_000,
    load=LoadPlan(seconds=5, rounds=6, warmup_seconds=3),
    signatures=40,
)
# Enough to run every code path; figures from it mean nothing.
QUICK = Sizes(
    procedures=60,
    searches=64,
    deadline_calls=200,
    warmup=10,
    max_seconds=1.0,
    dossiers=20_000,
    load=LoadPlan(seconds=1, rounds=1, warmup_seconds=1),
    signatures=2,
)
SECTIONS = ("catalogue", "signing", "figures", "load")
# The production configuration of docs/deploy.md: four sync workers per CPU.
WORKERS = 4 * (os.cpu_count() or 1)
THREADS = 1  # sync workers (``--threads N`` above 1 measures gthread)


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
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run, of {', '.join(SECTIONS)} (default: all)",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="generate the dossier databases again, not reuse"
    )
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=THREADS, help="threads per worker")
    parser.add_argument(
        "--load-client",
        choices=["auto", "wrk", "asyncio"],
        default="auto",
        help="load generator: wrk when installed (default), else the asyncio client",
    )
    args = parser.parse_args(argv)
    args.sections = {s.strip() for s in args.only.split(",") if s.strip()}
    if not args.sections <= set(SECTIONS):
        parser.error(f"--only takes {', '.join(SECTIONS)}")
    return args


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


def run_catalogue(sizes: Sizes) -> tuple[list[str], dict[str, Any]]:
    """Deadlines and catalogue search, on the throwaway database Django is set up on."""
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
    lines = [
        f"  {database_description()}",
        *report.deadlines_table(deadline_result),
        "",
        *report.search_table(search_result, procedures=sizes.procedures),
    ]
    data = report.to_json(meta={}, deadlines=deadline_result, search=search_result)
    del data["meta"]
    data["catalog_setup_seconds"] = round(setup_seconds, 2)
    data["procedures"] = sizes.procedures
    return lines, data


def run_signing(sizes: Sizes) -> tuple[list[str], dict[str, Any]]:
    """Signing and verifying a form, on the throwaway database (certificates, audit lines)."""
    from . import signing_bench

    result = signing_bench.run(count=sizes.signatures, warmup=1, max_seconds=sizes.max_seconds * 4)
    return signing_bench.table(result), signing_bench.to_json(result)


def throwaway_sections(
    database_url: str | None, sizes: Sizes, sections: set[str]
) -> dict[str, tuple[list[str], dict[str, Any]]]:
    """The sections that need only a fresh schema, run on one throwaway database."""
    tmpdir = None
    if not database_url:
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
            results = {}
            if "catalogue" in sections:
                results["catalogue"] = run_catalogue(sizes)
            if "signing" in sections:
                results["signing"] = run_signing(sizes)
            return results
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


def dossier_section(args: argparse.Namespace, sizes: Sizes) -> tuple[list[str], dict[str, Any]]:
    from . import dossier_sections, report_dossiers

    started = time.perf_counter()
    results = dossier_sections.run(
        database_url=args.database_url,
        size=sizes.dossiers,
        plan=sizes.load,
        workers=args.workers,
        threads=args.threads,
        quick=args.quick,
        fresh=args.fresh,
        sections=args.sections,
        client=args.load_client,
    )
    report_dossiers.judge_goals(not args.quick)
    lines = ["  Generated dossiers (kept between runs):"]
    lines += report_dossiers.dataset_lines(results["datasets"])
    if results["figures"]:
        lines += ["", *report_dossiers.figures_table(results["figures"])]
    if "load" in results:
        lines += ["", *report_dossiers.load_table(results["load"])]
        results["load"] = report_dossiers.load_json(results["load"])
    results["dossier_seconds"] = round(time.perf_counter() - started, 1)
    return lines, results


def main(argv: list[str] | None = None) -> None:
    started = time.perf_counter()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    sizes = QUICK if args.quick else FULL
    output = args.output or RESULTS_DIR / ("quick.json" if args.quick else "latest.json")
    meta: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "python": platform.python_version(),
        "django": importlib.metadata.version("django"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        # Other work on the machine skews every figure: say how busy it was.
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }
    lines = [
        f"egov benchmarks{' (--quick: smoke run, figures not meaningful)' if args.quick else ''}",
        f"  Python {meta['python']}, Django {meta['django']}, {meta['machine']}, "
        f"load average {meta['load_average_at_start']} at start",
    ]
    data: dict[str, Any] = {"meta": meta}
    if args.sections & {"catalogue", "signing"}:
        sections = throwaway_sections(args.database_url, sizes, args.sections)
        for name, (section, result) in sections.items():
            data[name] = result
            lines += ["", *section]
    if args.sections & {"figures", "load"}:
        section, data["dossiers"] = dossier_section(args, sizes)
        lines += ["", *section]
    elapsed = time.perf_counter() - started
    meta["bench_seconds"] = round(elapsed, 1)
    from . import report

    report.write_json(data, output)
    print("\n".join(lines))
    print(f"\n  whole run {elapsed:.1f} s; figures in {output}")


if __name__ == "__main__":
    main()
