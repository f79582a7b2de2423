"""The generated dossier databases, kept between runs.

Generating a million dossiers takes minutes, so the database is kept: on PostgreSQL as
``egov_bench_dossiers_<size>`` on the server of the given URL, on SQLite as
``var/bench/dossiers-<size>.sqlite3``. A table ``bench_cache`` in it holds two keys: the rows' (the
size, the generator's version, the generated tables' columns) and the daily figures' (the
days built and the migrations). A database whose rows' key differs, or that a run left
half built, is dropped and generated again; when only the other key differs, the new
migrations are applied and the daily figures rebuilt, keeping the dossiers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# Bump when the generated rows change.
GENERATOR_VERSION = 1
VAR_DIR = Path(__file__).resolve().parent.parent / "var" / "bench"


def log(message: str) -> None:
    print(f"  [dossiers] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Target:
    """Where the dossiers of one size live on one database engine."""

    url: str  # what Django connects to
    admin_url: str | None  # PostgreSQL: the given database, to create/drop ours from
    name: str
    vendor: str

    @classmethod
    def for_url(cls, url: str, size: int) -> Target:
        parts = urlsplit(url)
        if parts.scheme.startswith("postgres"):
            name = f"egov_bench_dossiers_{size}"
            return cls(urlunsplit(parts._replace(path=f"/{name}")), url, name, "postgresql")
        path = VAR_DIR / f"dossiers-{size}.sqlite3"
        return cls(f"sqlite:///{path}", None, str(path), "sqlite")


def data_key(size: int) -> str:
    """What the generated rows depend on: the generator and the generated tables' columns."""
    from django.apps import apps

    from .bulk import TABLES

    columns = [
        f"{model._meta.db_table}.{field.column}"
        for model in apps.get_app_config("dossiers").get_models()
        if model._meta.db_table in TABLES
        for field in model._meta.concrete_fields
    ]
    return _digest(f"{GENERATOR_VERSION}|{size}|{','.join(sorted(columns))}")


def daily_key(days: int) -> str:
    """What the daily tables depend on: the days built and the migrations (their schema). A
    change of the figures code alone is caught by the benchmark's check, which rebuilds them
    when they no longer match the live figures."""
    from django.db.migrations.loader import MigrationLoader

    migrations = sorted(f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations)
    return _digest(f"{days}|{','.join(migrations)}")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _admin(target: Target) -> Any:
    import psycopg

    return psycopg.connect(target.admin_url, autocommit=True)


def exists(target: Target) -> bool:
    if target.vendor == "sqlite":
        return Path(target.name).exists()
    with _admin(target) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.name])
        return found.fetchone() is not None


def recreate(target: Target) -> None:
    from django.db import connection

    connection.close()
    if target.vendor == "sqlite":
        Path(target.name).parent.mkdir(parents=True, exist_ok=True)
        Path(target.name).unlink(missing_ok=True)
        return
    with _admin(target) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')
        admin.execute(f"CREATE DATABASE \"{target.name}\" ENCODING 'UTF8' TEMPLATE template0")


def stored(target: Target) -> dict[str, Any] | None:
    """What ``bench_cache`` says about the database, or None if it has no complete build."""
    from django.db import DatabaseError, connection

    if not exists(target):
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT data_key, daily_key, size, seconds, built_at FROM bench_cache")
            row = cursor.fetchone()
    except DatabaseError:
        connection.close()
        return None
    if row is None:
        return None
    return dict(zip(("data_key", "daily_key", "size", "seconds", "built_at"), row, strict=True))


def build(target: Target, size: int, key: str) -> float:
    """Generate ``size`` dossiers into a fresh database; returns the seconds it took."""
    from django.core.management import call_command
    from django.db import connection

    from . import bulk, dossier_data, dossier_refs

    started = time.perf_counter()
    recreate(target)
    log(f"building {size:,} dossiers in {target.name} (kept for later runs)")
    call_command("migrate", verbosity=0, interactive=False)
    dossier_refs.create_references()
    plan = dossier_data.day_plan(size)
    bulk.load(dossier_refs.load_references(), plan, connection, progress=log)
    seconds = time.perf_counter() - started
    log(f"dossiers written and indexed in {seconds:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_cache (data_key VARCHAR(64), daily_key VARCHAR(64), "
            "size INTEGER, seconds REAL, built_at VARCHAR(40))"
        )
        cursor.execute(
            "INSERT INTO bench_cache VALUES (%s, '', %s, %s, %s)",
            [key, size, seconds, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")],
        )
    return seconds


def fill_daily(days: list[dt.date]) -> None:
    """Build the ``DailyFigure`` rows of ``days`` as the nightly job would have."""
    from egov.dossiers.figures_daily import refresh_daily_figures

    from .dossier_data import NOW

    started = time.perf_counter()
    for i, day in enumerate(days, start=1):
        refresh_daily_figures(day, now=NOW)
        if i % 100 == 0:
            log(f"daily figures: {i}/{len(days)} days ({time.perf_counter() - started:.0f} s)")


def ensure(
    target: Target, size: int, daily_days: list[dt.date], *, fresh: bool, daily: bool = True
) -> dict[str, Any]:
    """The database of ``size`` dossiers: built unless a complete one with our rows' key
    exists, then migrated and its daily figures rebuilt if their key changed (not when
    ``daily`` is false: the load test does not read them, and a later figures run will)."""
    from django.core.management import call_command
    from django.db import connection

    rows_key, figures_key = data_key(size), daily_key(len(daily_days))
    found = None if fresh else stored(target)
    reused = found is not None and found["data_key"] == rows_key
    if reused and found is not None and found["daily_key"] != figures_key:
        log("the schema or the figures code changed: migrating")
        try:
            call_command("migrate", verbosity=0, interactive=False)
        except Exception as error:
            log(f"migrate failed ({error}): rebuilding")
            reused = False
    if reused and found is not None:
        log(f"reusing {target.name} (built {found['built_at']} in {found['seconds']:.0f} s)")
    else:
        if found is not None:
            log(f"{target.name} is from another generator or schema: rebuilding")
        build(target, size, rows_key)
    if daily and (not reused or found is None or found["daily_key"] != figures_key):
        started = time.perf_counter()
        log(f"daily figures for {len(daily_days)} days")
        fill_daily(daily_days)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE bench_cache SET daily_key = %s, seconds = seconds + %s",
                [figures_key, time.perf_counter() - started],
            )
    info = stored(target)
    assert info is not None
    return {**info, "reused": reused}
