"""Deadline computations per second against a primary-key lookup per second."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from decimal import Decimal
from typing import Any

from .timing import Op, measure

DAYS = [Decimal(d) for d in ("0.5", "1", "3", "5", "10", "15", "30")]
FIRST_DAY = dt.date(2025, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)


def starts(count: int) -> list[dt.datetime]:
    """Aware starts spread over 2025–2026 at any minute of the day: weekends, holidays,
    Tết, before opening, lunch and after the 15:00 cut-off all occur."""
    zone = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    rng = random.Random(2025)
    span = (LAST_DAY - FIRST_DAY).days
    return [
        dt.datetime.combine(
            FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1)),
            dt.time(rng.randrange(24), rng.randrange(60)),
            tzinfo=zone,
        )
        for _ in range(count)
    ]


def check_deadlines() -> None:
    """Fail loudly if the deadline functions stop answering sensibly (not a timing check)."""
    from egov.workcalendar.services import add_working_days, is_working_day

    start = starts(1)[0]
    due = add_working_days(start, Decimal("3"))
    if due.tzinfo is None or due <= start:
        raise SystemExit(f"bench: add_working_days({start}, 3) returned {due}")
    if is_working_day(dt.date(2025, 9, 2)) or not is_working_day(dt.date(2025, 9, 4)):
        raise SystemExit("bench: is_working_day is wrong about Quốc khánh 2025")


def run(*, version_pks: list[int], count: int, warmup: int, max_seconds: float) -> dict[str, Any]:
    from egov.catalog.models import ProcedureVersion
    from egov.workcalendar.models import CalendarOverride
    from egov.workcalendar.services import add_working_days, is_working_day

    rng = random.Random(11)
    cases = [(start, rng.choice(DAYS)) for start in starts(997)]
    days = [start.date() for start, _ in cases]
    pks = random.Random(3).sample(version_pks, len(version_pks))

    baseline, deadline, working_day = measure(
        [
            Op("pk lookup", lambda pk: ProcedureVersion.objects.get(pk=pk), pks, count),
            Op("add_working_days", lambda case: add_working_days(*case), cases, count),
            Op("is_working_day", is_working_day, days, count * 5),
        ],
        warmup=warmup,
        max_seconds=max_seconds,
    )
    return {
        "baseline": baseline,
        "samples": [deadline, working_day],
        # Days loaded from official notices (shipped by a data migration) that the calendar
        # consults on top of the statutory base.
        "calendar_overrides": CalendarOverride.objects.count(),
    }
