"""Failure counters kept in the database, for an endpoint that reads them in its own query.

``egov.core.ratelimit`` counts in the cache, which costs a round trip to it on every request
that must be checked. The public dossier lookup is checked before every answer (a locked-out
client's right guess must look like its wrong ones) and is the busiest public endpoint, so
its counter lives here instead: a row of ``core_failurewindow`` per client and scope, which
the caller reads in the query it runs anyway (``count_sql``), so a successful lookup is one
round trip. Rows are written only on failures, at most ``limit`` per client and window;
on PostgreSQL the table is UNLOGGED (no write-ahead log: counters need no crash safety).

The window is fixed, as in ``egov.core.ratelimit``: the first failure opens it, ``limit``
failures use it up, and it ends ``window_seconds`` after it opened. Moments are Unix seconds
from this process's clock. ``hit`` is one atomic upsert, so concurrent failures never share a
count; call it outside ``transaction.atomic``, or a rollback takes the count with it.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Sequence

from django.db import connection

from .models import FailureWindow
from .ratelimit import refusal

# A column of the caller's query: the client's failures in its open window, else NULL.
_COUNT = "(SELECT failures FROM {table} WHERE client_hash = %s AND ends_at > %s)"
# SQLite 3.35+ and PostgreSQL: the existing row's columns by the table's name, the proposed
# one's by "excluded"; every SET expression reads the row as it was.
_HIT = (
    "INSERT INTO {table} (client_hash, failures, ends_at) VALUES (%s, 1, %s) "
    "ON CONFLICT (client_hash) DO UPDATE SET "
    "failures = CASE WHEN {table}.ends_at > %s THEN {table}.failures + 1 ELSE 1 END, "
    "ends_at = CASE WHEN {table}.ends_at > %s THEN {table}.ends_at ELSE excluded.ends_at END "
    "RETURNING failures, ends_at"
)
_PRUNE = "DELETE FROM {table} WHERE ends_at <= %s"
_READ = "SELECT failures, ends_at FROM {table} WHERE client_hash = %s AND ends_at > %s"
_TABLE = FailureWindow._meta.db_table
_COUNT_SQL, _HIT_SQL, _PRUNE_SQL, _READ_SQL = (
    sql.format(table=_TABLE) for sql in (_COUNT, _HIT, _PRUNE, _READ)
)


def count_sql() -> str:
    """A scalar subquery for the caller's SELECT list: the client's failures in its open
    window, or NULL (parameters: ``count_params``)."""
    return _COUNT_SQL


def client_hash(scope: str, client: str) -> str:
    """The row's key: the client is never stored as such."""
    return hashlib.sha256(f"{scope}\x00{client}".encode()).hexdigest()


def count_params(scope: str, client: str, *, now: float) -> list[str | int]:
    """The parameters of ``count_sql()``, in its order."""
    return [client_hash(scope, client), math.floor(now)]


def check(scope: str, client: str, *, limit: int, now: float | None = None) -> None:
    """Raise ``RateLimited`` if ``client`` has used up its failures, without counting one."""
    now = time.time() if now is None else now
    with connection.cursor() as cursor:
        cursor.execute(_READ_SQL, count_params(scope, client, now=now))
        row: Sequence[int] | None = cursor.fetchone()
    if row is not None and row[0] >= limit:
        raise refusal(row[1] - now)


def hit(
    scope: str, client: str, *, limit: int, window_seconds: int, now: float | None = None
) -> None:
    """Count one failure of ``client`` in ``scope``; raise ``RateLimited`` past ``limit``.

    The first ``limit`` failures in a window pass; the next one raises (a caller that checks
    first only gets there when concurrent requests raced past its check). Windows that have
    ended are deleted on the way: the table holds only clients that failed lately.
    """
    if limit < 1 or window_seconds < 1:
        raise ValueError("limit and window_seconds must be at least 1")
    now = time.time() if now is None else now
    second = math.floor(now)
    with connection.cursor() as cursor:
        cursor.execute(_PRUNE_SQL, [second])
        cursor.execute(
            _HIT_SQL,
            [client_hash(scope, client), second + window_seconds, second, second],
        )
        failures, ends_at = cursor.fetchone()
    if failures > limit:
        raise refusal(ends_at - now)
