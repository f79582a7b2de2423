"""A closed-loop HTTP/1.1 load generator in asyncio, for when ``wrk`` is not installed: each
of ``connections`` keep-alive connections sends a request, reads the whole answer, and sends
the next. Slower than wrk (its ceiling is measured on ``/bench/raw`` in the same run)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from .timing import percentile


@dataclass
class _Tally:
    latencies_us: list[int] = field(default_factory=list)
    status: int = 0
    errors: int = 0


async def _connection(
    host: str, port: int, requests: list[bytes], offset: int, until: float, tally: _Tally
) -> None:
    reader = writer = None
    index = offset
    while time.perf_counter() < until:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            request = requests[index % len(requests)]
            index += 1
            started = time.perf_counter_ns()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.split(b"\r\n")
            status = int(lines[0].split()[1])
            headers = dict(line.split(b":", 1) for line in lines[1:] if b":" in line)
            length = int(
                {k.strip().lower(): v for k, v in headers.items()}.get(b"content-length", b"0")
            )
            await reader.readexactly(length)
            tally.latencies_us.append((time.perf_counter_ns() - started) // 1000)
            if not 200 <= status < 400:
                tally.status += 1
            if b"connection: close" in head.lower():
                writer.close()
                reader = writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            tally.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def run(
    *, host: str, port: int, paths: list[str], connections: int, seconds: float
) -> dict[str, Any]:
    """The same result keys as the wrk script prints."""
    requests = [f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode() for path in paths]
    tally = _Tally()

    async def main() -> float:
        started = time.perf_counter()
        until = started + seconds
        await asyncio.gather(
            *(_connection(host, port, requests, i * 7919, until, tally) for i in range(connections))
        )
        return time.perf_counter() - started

    elapsed = asyncio.run(main())
    latencies = tally.latencies_us or [0]
    return {
        "requests": len(tally.latencies_us),
        "duration_us": int(elapsed * 1e6),
        "connect": 0,
        "read": tally.errors,
        "write": 0,
        "status": tally.status,
        "timeout": 0,
        "p50_us": percentile(latencies, 50),
        "p90_us": percentile(latencies, 90),
        "p99_us": percentile(latencies, 99),
        "p999_us": percentile(latencies, 99.9),
        "max_us": max(latencies),
        "mean_us": sum(latencies) / len(latencies),
    }
