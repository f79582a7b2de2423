"""Write generated rows fast: PostgreSQL ``COPY`` (psycopg 3), SQLite ``executemany`` in one
transaction. Secondary indexes and constraints are dropped during the load and rebuilt after
it (one sort per index instead of a million random inserts), then statistics are gathered."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .dossier_data import (
    DOSSIER_COLUMNS,
    EVENT_COLUMNS,
    FILE_COLUMNS,
    SEQUENCE_COLUMNS,
    STEP_COLUMNS,
    Generator,
)
from .dossier_refs import References

TABLES = {
    "dossiers_dossier": DOSSIER_COLUMNS,
    "dossiers_step": STEP_COLUMNS,
    "dossiers_event": EVENT_COLUMNS,
    "dossiers_dossierfile": FILE_COLUMNS,
    "dossiers_dossiercodesequence": SEQUENCE_COLUMNS,
}
CHUNK = 20_000  # dossiers per round of writes


def _model(table: str) -> Any:
    from django.apps import apps

    return next(m for m in apps.get_models() if m._meta.db_table == table)


def _completed(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], connection: Any
) -> tuple[Sequence[str], Iterable[Sequence[Any]]]:
    """The rows with the model's other columns at their defaults, so a field added to a
    model with a default does not break the generator (which names the columns it fills)."""
    model = _model(table)
    extra = [
        f
        for f in model._meta.concrete_fields
        if f.column not in columns and f is not model._meta.pk  # the database numbers the pk
    ]
    if not extra:
        return columns, rows
    for field in extra:
        # get_default() is "" for a text field without one; None means "no value" here.
        if field.unique or (field.get_default() is None and not field.null):
            raise RuntimeError(
                f"bench: {table}.{field.column} needs a value the generator does not make: "
                "add it to bench/dossier_data.py"
            )
    defaults = tuple(field.get_db_prep_save(field.get_default(), connection) for field in extra)
    return (*columns, *(f.column for f in extra)), ((*row, *defaults) for row in rows)


class _Postgres:
    def __init__(self, connection: Any) -> None:
        self.saved: list[str] = []
        self.reconnect(connection)

    def reconnect(self, connection: Any) -> None:
        connection.ensure_connection()
        self.django = connection
        self.raw = connection.connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.raw.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def drop_indexes(self, table: str) -> None:
        """Remember and drop foreign keys, unique constraints and plain indexes (not the pk)."""
        constraints = self.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype",
            [table],
        )
        indexes = self.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname "
            "NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        for name, _kind, definition in constraints:  # 'f' sorts before 'u'
            self.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            self.saved.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for name, definition in indexes:
            self.execute(f'DROP INDEX "{name}"')
            self.saved.insert(0, definition)  # indexes first, foreign keys last

    def restore_indexes(self) -> None:
        self.execute("SET maintenance_work_mem = '512MB'")
        for statement in self.saved:
            self.execute(statement)
        self.saved.clear()

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        columns, rows = _completed(table, columns, rows, self.django)
        with (
            self.raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def finish(self, tables: Iterable[str]) -> None:
        for table in tables:
            top = f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1"  # noqa: S608 - our names
            self.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {top}, false)")
            self.execute(f"VACUUM (ANALYZE) {table}")


def _utc_text(value: dt.datetime) -> str:
    """How Django stores an aware datetime in SQLite: naive UTC text."""
    text = str(value)
    if text.endswith("+00:00"):  # what the generator makes: cut the offset
        return text[:-6]
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


# Conversions by model field type; the rest (str, int, bool, None) go in as they are.
_SQLITE: dict[str, Callable[[Any], Any]] = {
    "DateTimeField": _utc_text,
    "DateField": lambda v: v.isoformat(),
    "UUIDField": lambda v: v.hex,
    "DecimalField": str,
}


def _sqlite_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    model = _model(table)
    by_column = {f.column: f.get_internal_type() for f in model._meta.concrete_fields}
    converted = [
        (i, _SQLITE[by_column[c]]) for i, c in enumerate(columns) if by_column[c] in _SQLITE
    ]
    for row in rows:
        values = list(row)
        for i, convert in converted:
            if values[i] is not None:
                values[i] = convert(values[i])
        yield values


class _Sqlite:
    def __init__(self, connection: Any) -> None:
        self.saved: list[str] = []
        self.reconnect(connection)

    def reconnect(self, connection: Any) -> None:
        connection.ensure_connection()
        self.django = connection
        self.raw = connection.connection
        for pragma in ("foreign_keys = OFF", "journal_mode = OFF", "synchronous = OFF"):
            self.raw.execute(f"PRAGMA {pragma}")

    def drop_indexes(self, table: str) -> None:
        for name, sql in self.raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            [table],
        ).fetchall():
            self.raw.execute(f'DROP INDEX "{name}"')
            self.saved.append(sql)

    def restore_indexes(self) -> None:
        for sql in self.saved:
            self.raw.execute(sql)
        self.saved.clear()

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        all_columns, completed = _completed(
            table, columns, _sqlite_rows(table, columns, rows), self.django
        )
        marks = ", ".join("?" for _ in all_columns)
        self.raw.execute("BEGIN")
        self.raw.executemany(
            f"INSERT INTO {table} ({', '.join(all_columns)}) VALUES ({marks})",  # noqa: S608
            completed,
        )
        self.raw.execute("COMMIT")

    def finish(self, tables: Iterable[str]) -> None:
        for pragma in ("journal_mode = DELETE", "synchronous = FULL", "foreign_keys = ON"):
            self.raw.execute(f"PRAGMA {pragma}")
        self.raw.execute("ANALYZE")


def _writer(connection: Any) -> _Postgres | _Sqlite:
    return _Postgres(connection) if connection.vendor == "postgresql" else _Sqlite(connection)


def _write(generator: Generator, writer: _Postgres | _Sqlite) -> list[tuple[Any, ...]]:
    """Write the rows of ``generator`` in chunks; returns its code counters."""
    dossiers: list[tuple[Any, ...]] = []
    steps: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    files: list[tuple[Any, ...]] = []

    def flush() -> None:
        for table, rows in zip(TABLES, (dossiers, steps, events, files), strict=False):
            writer.write(table, TABLES[table], rows)
            rows.clear()

    for bundle in generator:
        dossiers.append(bundle.dossier)
        steps.extend(bundle.steps)
        events.append(bundle.event)
        if bundle.file is not None:
            files.append(bundle.file)
        if len(dossiers) >= CHUNK:
            flush()
    flush()
    return generator.sequence_rows()


def _write_part(job: tuple[References, list[tuple[dt.date, int, int]]]) -> list[tuple[Any, ...]]:
    """One worker process: its own connection, its slice of the days."""
    from django.db import connection

    refs, plan = job
    try:
        return _write(Generator(refs, plan), _writer(connection))
    finally:
        connection.close()


def load(
    refs: References,
    plan: list[tuple[dt.date, int, int]],
    connection: Any,
    *,
    progress: Callable[[str], None],
) -> None:
    """Write the dossiers of ``plan`` through ``connection`` (Django's, on an empty schema with
    the reference data in it). On PostgreSQL, one process per CPU generates and copies its
    share of the days while the server ingests the others'."""
    writer = _writer(connection)
    for table in TABLES:
        writer.drop_indexes(table)
    started = time.perf_counter()
    workers = os.cpu_count() or 1
    if connection.vendor == "postgresql" and workers > 1:
        connection.close()  # a forked child must not share it
        jobs = [(refs, plan[i :: workers * 4]) for i in range(workers * 4)]
        sequences: list[tuple[Any, ...]] = []
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for done, part in enumerate(pool.imap_unordered(_write_part, jobs), start=1):
                sequences += part
                progress(
                    f"{done}/{len(jobs)} parts written ({time.perf_counter() - started:.0f} s)"
                )
        writer.reconnect(connection)
    else:
        sequences = _write(Generator(refs, plan), writer)
    writer.write("dossiers_dossiercodesequence", SEQUENCE_COLUMNS, sorted(sequences))
    progress(f"rows written in {time.perf_counter() - started:.0f} s; rebuilding indexes")
    writer.restore_indexes()
    writer.finish(TABLES)
