"""Running a call in a thread of its own from a test, without leaking its database connection."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from django.db import connections

P = ParamSpec("P")
T = TypeVar("T")


def in_own_thread(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` in a new thread, its result or exception passed back.

    Browser tests need it: pyHanko runs its own asyncio loop, which Playwright's running loop
    forbids in the test's thread. Django opens a connection per thread and nothing closes a
    worker thread's; left open, it keeps PostgreSQL from dropping the test database.
    """

    def call() -> T:
        try:
            return fn(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()
