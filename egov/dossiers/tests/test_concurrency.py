"""Concurrent receptions get distinct codes; of two officials acting on the same dossier at
once, one wins and the other is told, with nothing of theirs saved.

The threaded tests need row locks, so they run on PostgreSQL (CI sets DATABASE_URL); on
SQLite, which serialises every write of the whole database, the same rules are checked one
after the other.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from egov.core.errors import Conflict
from egov.core.models import AuditEvent
from egov.dossiers import services
from egov.dossiers.lifecycle import Action, Status
from egov.dossiers.models import Dossier, DossierCodeSequence, Event
from egov.dossiers.services import _core
from egov.dossiers.services._core import StaleDossier
from egov.orgs.models import Agency

from .conftest import received, submitted_online

needs_row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real concurrency needs PostgreSQL row locks (set DATABASE_URL); SQLite serialises "
    "all writes, so the sequential tests cover the same rules there",
)


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run each call in its own thread (own database connection), released at once; the
    result of each call, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return results


def sequence_numbers(codes: list[str]) -> list[int]:
    return sorted(int(code.rsplit("-", 1)[1]) for code in codes)


# --- codes ---------------------------------------------------------------------------------


def test_receptions_one_after_another_number_0001_to_n(world):
    dossiers = [submitted_online(world) for _ in range(5)]
    codes = [services.accept(d, actor=world.desk).code for d in dossiers]
    assert len(set(codes)) == 5
    assert sequence_numbers(codes) == [1, 2, 3, 4, 5]
    assert all(re.fullmatch(r"000\.01\.00\.H99-\d{6}-000[1-5]", c) for c in codes)


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_concurrent_receptions_get_distinct_codes(world):
    n = 8
    dossiers = [submitted_online(world) for _ in range(n)]
    results = run_together(
        [lambda d=d: services.accept(d, actor=world.desk).code for d in dossiers]
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    assert len(set(results)) == n
    assert sequence_numbers(results) == list(range(1, n + 1))
    assert DossierCodeSequence.objects.get().last == n
    assert Dossier.objects.filter(status=Status.IN_PROGRESS).count() == n


# --- two officials, one dossier ---------------------------------------------------------------


def test_stale_version_is_refused_and_nothing_is_saved(world):
    dossier = received(world)
    seen = Dossier.objects.get(pk=dossier.pk).version
    services.assign(
        dossier,
        actor=world.head,
        step=dossier.steps.get(position=2),
        handler=world.specialist,
        expected_version=seen,
    )
    events, audits = Event.objects.count(), AuditEvent.objects.count()
    # The leader saw the same version and forwards: refused, with a message to reload.
    with pytest.raises(StaleDossier) as stale:
        services.forward(dossier, actor=world.leader, note="Chuyển", expected_version=seen)
    assert isinstance(stale.value, Conflict) and stale.value.code == "stale_dossier"
    assert stale.value.http_status == 409
    assert (Event.objects.count(), AuditEvent.objects.count()) == (events, audits)
    assert dossier.steps.get(position=2).state == "active"
    # With the version now shown, it goes through.
    services.forward(
        dossier, actor=world.leader, expected_version=Dossier.objects.get(pk=dossier.pk).version
    )


def test_the_conditional_update_backs_up_the_lock(world, monkeypatch):
    """Where no row lock exists (SQLite), a version bumped between the read and the write
    still refuses the second writer."""
    dossier = received(world)
    real_lock = _core.lock

    def lock_then_someone_else_writes(*args: Any, **kwargs: Any) -> Dossier:
        locked = real_lock(*args, **kwargs)
        Dossier.objects.filter(pk=locked.pk).update(version=locked.version + 1)
        return locked

    from egov.dossiers.services import processing

    monkeypatch.setattr(processing, "lock", lock_then_someone_else_writes)
    before = Event.objects.filter(dossier=dossier).count()
    with pytest.raises(StaleDossier):
        services.forward(dossier, actor=world.specialist)
    assert Event.objects.filter(dossier=dossier).count() == before
    assert dossier.steps.get(position=2).state == "active"


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_forwards_exactly_one_wins(world):
    dossier = received(world)
    seen = Dossier.objects.get(pk=dossier.pk).version
    results = run_together(
        [
            lambda: services.forward(dossier, actor=world.specialist, expected_version=seen),
            lambda: services.forward(dossier, actor=world.leader, expected_version=seen),
        ]
    )
    winners = [r for r in results if isinstance(r, Dossier)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], StaleDossier)
    assert Event.objects.filter(dossier=dossier, action=Action.FORWARD).count() == 1
    assert Dossier.objects.get(pk=dossier.pk).version == seen + 1
    assert list(dossier.steps.filter(state="active").values_list("position", flat=True)) == [3]


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_forwards_without_versions_the_second_sees_the_first(world):
    """Without a version the row lock still serialises the two: the second acts on the
    dossier as the first left it (the step it named is no longer in progress)."""
    dossier = received(world)
    step = dossier.steps.get(position=2)
    results = run_together(
        [
            lambda: services.forward(dossier, actor=world.specialist, step=step),
            lambda: services.forward(dossier, actor=world.leader, step=step),
        ]
    )
    assert sum(isinstance(r, Dossier) for r in results) == 1, results
    assert Event.objects.filter(dossier=dossier, action=Action.FORWARD).count() == 1


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_locking_a_dossier_does_not_lock_its_agency_or_procedure(world):
    """An action holds its dossier's row only: another desk officer of the same agency can
    go on with other dossiers (and an administrator edit the agency) meanwhile."""
    dossier = received(world)
    locked = threading.Event()
    release = threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                _core.lock(dossier)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with transaction.atomic():
            try:
                Agency.objects.select_for_update(nowait=True).get(pk=dossier.agency_id)
                type(dossier.procedure_version).objects.select_for_update(nowait=True).get(
                    pk=dossier.procedure_version_id
                )
            except DatabaseError as error:  # pragma: no cover - the failure being tested
                pytest.fail(f"locking a dossier also locked a related row: {error}")
            with pytest.raises(DatabaseError), transaction.atomic():
                Dossier.objects.select_for_update(nowait=True).get(pk=dossier.pk)
    finally:
        release.set()
        holder.join(timeout=10)
