"""Concurrent certifications of one agency get the numbers 1..n, each once, with no gap;
two leaders certifying the same request at once: one wins, the other is told.

The threaded tests need row locks, so they run on PostgreSQL (CI sets DATABASE_URL); on
SQLite, which serialises every write of the whole database, the sequential tests of
test_certify.py cover the same rules.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from egov.certification import services
from egov.certification.models import BookEntry, CertificationBook, CopyRequest
from egov.core.errors import Conflict
from egov.orgs.models import Role
from egov.signing import services as signing
from egov.signing.models import SignedDocument

from .conftest import submitted

needs_row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real concurrency needs PostgreSQL row locks (set DATABASE_URL); SQLite serialises "
    "all writes, so the sequential tests cover the same rules there",
)


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Each call in its own thread (own database connection), released at once; the result
    of each call, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = call()
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return results


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_concurrent_certifications_number_the_book_without_gaps(certificates, make_official):
    world = certificates
    # Two leaders, so that the personal keys are not the only thing in common.
    second = make_official(agency=world.commune_a, roles=[Role.AGENCY_LEADER])
    signing.certificate_issue(owner_user=second, actor=None)
    n = 6
    requests = [submitted(world, document=f"Giấy tờ {i}") for i in range(n)]
    leaders = [world.leader, second]
    results = run_together(
        [
            lambda r=r, i=i: (
                services.copy_request_certify(r, actor=leaders[i % 2], compared=True).pk
            )
            for i, r in enumerate(requests)
        ]
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    numbers = sorted(BookEntry.objects.values_list("number", flat=True))
    assert numbers == list(range(1, n + 1))
    assert CertificationBook.objects.get(agency=world.commune_a).last_number == n
    assert SignedDocument.objects.count() == n
    assert CopyRequest.objects.filter(status=CopyRequest.Status.CERTIFIED).count() == n


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_of_two_leaders_certifying_one_request_one_wins(certificates, make_official):
    world = certificates
    second = make_official(agency=world.commune_a, roles=[Role.AGENCY_LEADER])
    request = submitted(world)
    results = run_together(
        [
            lambda: services.copy_request_certify(request, actor=world.leader, compared=True),
            lambda: services.copy_request_certify(request, actor=second, compared=True),
        ]
    )
    winners = [r for r in results if isinstance(r, CopyRequest)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], Conflict)
    assert BookEntry.objects.count() == 1 and SignedDocument.objects.count() == 1
    assert CertificationBook.objects.get().last_number == 1
