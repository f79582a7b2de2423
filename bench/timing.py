"""Timing primitives: warm up, collect garbage, time each call with perf_counter_ns."""

from __future__ import annotations

import gc
import itertools
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

NS_PER_S = 1_000_000_000
NS_PER_MS = 1_000_000


@dataclass(frozen=True)
class Sample:
    """Per-call durations of one measured operation, in nanoseconds."""

    name: str
    durations_ns: list[int]

    @property
    def count(self) -> int:
        return len(self.durations_ns)

    @property
    def ops_per_second(self) -> float:
        return self.count * NS_PER_S / sum(self.durations_ns)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.durations_ns) / NS_PER_MS

    @property
    def p95_ms(self) -> float:
        return percentile(self.durations_ns, 95) / NS_PER_MS

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "ops_per_second": round(self.ops_per_second, 1),
            "median_ms": round(self.median_ms, 4),
            "p95_ms": round(self.p95_ms, 4),
            "min_ms": round(min(self.durations_ns) / NS_PER_MS, 4),
            "max_ms": round(max(self.durations_ns) / NS_PER_MS, 4),
        }


def percentile(values: Sequence[int], pct: float) -> float:
    """Nearest-rank percentile: a value that was actually observed."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return float(ordered[rank - 1])


@dataclass(frozen=True)
class Op:
    """An operation to time: ``call(case)`` for ``count`` calls, cycling through ``cases``."""

    name: str
    call: Callable[[Any], object]
    cases: Sequence[Any]
    count: int


def measure(
    ops: Sequence[Op], *, warmup: int, rounds: int = 20, max_seconds: float | None = None
) -> list[Sample]:
    """Time each call of every op, the ops taking turns in ``rounds`` blocks.

    Taking turns means an op and its baseline see the same machine: a burst of load from
    another process lands on both instead of skewing their ratio. Warm-up calls fill caches
    (compiled queries, the connection, lru caches) first. The collector is off while timing
    so a collection pause does not land on one random call. ``max_seconds`` stops early on a
    slow machine (the samples keep what was timed, in the same proportions).
    """
    for op in ops:
        for case in itertools.islice(itertools.cycle(op.cases), warmup):
            op.call(case)
    durations: list[list[int]] = [[] for _ in ops]
    clock = time.perf_counter_ns
    deadline = clock() + int(max_seconds * NS_PER_S) if max_seconds else None
    gc.collect()
    gc.disable()
    try:
        for round_no in range(1, rounds + 1):
            for op, timed in zip(ops, durations, strict=True):
                # Case i of the sample is always cases[i % len(cases)], whatever the rounds.
                for i in range(len(timed), op.count * round_no // rounds):
                    case = op.cases[i % len(op.cases)]
                    started = clock()
                    op.call(case)
                    timed.append(clock() - started)
            if deadline is not None and clock() > deadline:
                break
    finally:
        gc.enable()
    return [
        Sample(name=op.name, durations_ns=timed) for op, timed in zip(ops, durations, strict=True)
    ]
