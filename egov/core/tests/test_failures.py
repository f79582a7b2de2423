"""Failure counters in the database: the window's rules, the join, concurrency, UNLOGGED."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from egov.core import failures
from egov.core.errors import RateLimited
from egov.core.models import FailureWindow

NOW = 1_800_000_000.25  # any moment will do: every call here is given it


def _window(scope: str, client: str) -> FailureWindow:
    return FailureWindow.objects.get(client_hash=failures.client_hash(scope, client))


def test_the_first_failures_pass_and_the_one_past_the_limit_is_refused(db):
    for _attempt in range(3):
        failures.hit("s", "1.1.1.1", limit=3, window_seconds=60, now=NOW)
    with pytest.raises(RateLimited) as refused:
        failures.hit("s", "1.1.1.1", limit=3, window_seconds=60, now=NOW + 1)
    assert refused.value.extra["retry_after"] == 59
    assert "1 phút" in str(refused.value.message)
    assert _window("s", "1.1.1.1").failures == 4


def test_check_refuses_a_used_up_window_without_counting(db):
    for _attempt in range(2):
        failures.hit("s", "1.1.1.1", limit=2, window_seconds=600, now=NOW)
    failures.check("s", "1.1.1.2", limit=2, now=NOW)  # another client may go on
    failures.check("s", "1.1.1.1", limit=3, now=NOW)  # below a higher limit too
    with pytest.raises(RateLimited) as refused:
        failures.check("s", "1.1.1.1", limit=2, now=NOW + 60)
    assert refused.value.extra["retry_after"] == 540
    assert "9 phút" in str(refused.value.message)
    assert _window("s", "1.1.1.1").failures == 2


def test_a_window_ends_and_the_next_failure_opens_a_new_one(db):
    for _attempt in range(2):
        failures.hit("s", "1.1.1.1", limit=2, window_seconds=60, now=NOW)
    later = NOW + 61
    failures.check("s", "1.1.1.1", limit=2, now=later)
    failures.hit("s", "1.1.1.1", limit=2, window_seconds=60, now=later)
    window = _window("s", "1.1.1.1")
    assert window.failures == 1
    assert window.ends_at == int(later) + 60


def test_scopes_and_clients_are_counted_apart_and_only_hashes_are_kept(db):
    failures.hit("lookup", "1.1.1.1", limit=1, window_seconds=60, now=NOW)
    failures.hit("verify", "1.1.1.1", limit=1, window_seconds=60, now=NOW)
    failures.hit("lookup", "2.2.2.2", limit=1, window_seconds=60, now=NOW)
    assert FailureWindow.objects.count() == 3
    assert set(FailureWindow.objects.values_list("failures", flat=True)) == {1}
    assert not FailureWindow.objects.filter(client_hash__contains="1.1.1.1").exists()


def test_ended_windows_are_deleted_by_the_next_failure(db):
    failures.hit("s", "old", limit=5, window_seconds=60, now=NOW)
    failures.hit("s", "new", limit=5, window_seconds=60, now=NOW + 120)
    assert list(FailureWindow.objects.values_list("client_hash", flat=True)) == [
        failures.client_hash("s", "new")
    ]


def test_a_caller_reads_the_count_in_its_own_query(db):
    """``count_sql()`` is a column of the caller's SELECT: the failures of an open window."""
    failures.hit("s", "1.1.1.1", limit=1, window_seconds=60, now=NOW)
    sql = " ".join(("SELECT", failures.count_sql(), "AS failures"))
    with connection.cursor() as cursor:
        cursor.execute(sql, failures.count_params("s", "1.1.1.1", now=NOW))
        counted = cursor.fetchone()
        cursor.execute(sql, failures.count_params("s", "9.9.9.9", now=NOW))
        unknown = cursor.fetchone()
        cursor.execute(sql, failures.count_params("s", "1.1.1.1", now=NOW + 60))
        ended = cursor.fetchone()
    assert counted == (1,)
    assert unknown == ended == (None,)


@pytest.mark.parametrize(("limit", "window"), [(0, 60), (1, 0)])
def test_a_limit_or_window_below_one_is_a_programming_error(db, limit, window):
    with pytest.raises(ValueError, match="at least 1"):
        failures.hit("s", "1.1.1.1", limit=limit, window_seconds=window)


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_are_each_counted_once(db):
    """Eight threads, each with its own connection, hit at once: the upsert is atomic."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's row locks")
    start = threading.Barrier(8)
    refused: list[int] = []

    def fail() -> None:
        try:
            start.wait()
            for _attempt in range(5):
                try:
                    failures.hit("s", "1.1.1.1", limit=30, window_seconds=60, now=NOW)
                except RateLimited:
                    refused.append(1)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _window("s", "1.1.1.1").failures == 40
    assert len(refused) == 10


def test_the_table_skips_the_write_ahead_log_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("UNLOGGED is a PostgreSQL storage option")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence FROM pg_class WHERE relname = %s",
            [FailureWindow._meta.db_table],
        )
        assert cursor.fetchone() == ("u",)
