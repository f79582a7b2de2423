"""The lookup under load: gunicorn as docs/deploy.md configures it, on the kept dossier
database, with Redis as the rate limiter's cache, driven by ``wrk`` (or the asyncio client)
with 100 concurrent connections (kept alive where the server allows: gthread workers do,
sync workers close each after its answer, as they do behind nginx). Five paths served by
the same server, taking turns in rounds so they share the machine's conditions:

- ``/bench/raw``: a constant answer before Django: the ceiling of server + load generator;
- ``/bench/hello``: a trivial JSON view through every middleware;
- ``/bench/bare/lookup-wsgi``: the bare view (below) called straight from the WSGI callable,
  without Django's handler: a floor under the baseline;
- ``/bench/bare/lookup-mw``: the bare view through every middleware;
- ``/bench/bare/lookup``: the lookup from one raw SQL query, served by Django's handler with
  no middleware (the baseline);
- ``/api/v1/dossiers/lookup``: the real API, right after the baseline in every round: their
  ratio is taken round by round.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import loadclient

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def worker_class(threads: int) -> str:
    """gunicorn's ``sync`` workers (one request at a time, behind nginx) for one thread each,
    else ``gthread``; ``--threads 1`` chooses the former."""
    return "sync" if threads == 1 else "gthread"


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    path: str
    with_pairs: bool


ENDPOINTS = [
    Endpoint("raw", "ceiling: constant answer, no Django", "/bench/raw", False),
    Endpoint("hello", "trivial JSON view (all middleware)", "/bench/hello", False),
    Endpoint("bare_wsgi", "bare lookup, no Django handler", "/bench/bare/lookup-wsgi", True),
    Endpoint("bare_mw", "the bare lookup through all middleware", "/bench/bare/lookup-mw", True),
    Endpoint("bare", "bare lookup: 1 SQL query, no middleware", "/bench/bare/lookup", True),
    Endpoint("real", "real lookup /api/v1/dossiers/lookup", "/api/v1/dossiers/lookup", True),
]


@dataclass(frozen=True)
class LoadPlan:
    seconds: float  # per endpoint and round
    rounds: int
    warmup_seconds: float
    connections: int = 100


def log(message: str) -> None:
    print(f"  [load] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def find_wrk(*, may_install: bool) -> str | None:
    found = shutil.which("wrk")
    if found or not may_install:
        return found
    print(
        "\n  !! wrk is not installed: trying `apt-get install wrk` (Debian package)",
        file=sys.stderr,
    )
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        subprocess.run(  # noqa: S603 - a fixed command
            [apt, "install", "-y", "-qq", "wrk"],
            check=False,
            capture_output=True,
            timeout=300,
        )
    found = shutil.which("wrk")
    if not found:
        print(
            "  !! wrk could not be installed: using the slower asyncio client instead\n",
            file=sys.stderr,
        )
    return found


def _wait(check: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start within {timeout:.0f} s")


def start_redis() -> tuple[subprocess.Popen[bytes] | None, str | None]:
    """A throwaway Redis on a free port, or none (then the local-memory cache, said loudly)."""
    server = shutil.which("redis-server")
    if server is None or importlib.util.find_spec("redis") is None:
        print(
            "\n  !! redis-server or the redis package is missing: the rate limiter's cache is "
            "the per-process local-memory cache, not Redis as in production\n",
            file=sys.stderr,
        )
        return None, None
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed command
        [server, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def ready() -> bool:
        try:
            with socket.create_connection((HOST, port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    _wait(ready, "redis-server")
    return process, f"redis://{HOST}:{port}/0"


def connection_budget(database_url: str, wanted: int) -> dict[str, Any]:
    """PostgreSQL's connection limit against what the server will open (workers x threads,
    each thread keeping its connection for CONN_MAX_AGE)."""
    if not database_url.startswith("postgres"):
        return {"max_connections": None, "in_use_before": None, "wanted": wanted}
    import psycopg

    with psycopg.connect(database_url) as conn:
        limit = int(conn.execute("SHOW max_connections").fetchone()[0])
        reserved = int(conn.execute("SHOW superuser_reserved_connections").fetchone()[0])
        in_use = int(conn.execute("SELECT COUNT(*) FROM pg_stat_activity").fetchone()[0])
    free = limit - reserved - in_use
    if wanted > free:
        raise SystemExit(
            f"bench: {wanted} server threads would need {wanted} connections but PostgreSQL "
            f"has {free} free (max_connections={limit}); lower --workers/--threads"
        )
    return {"max_connections": limit, "reserved": reserved, "in_use_before": in_use}


def connections_held(database_url: str) -> int | None:
    if not database_url.startswith("postgres"):
        return None
    import psycopg

    with psycopg.connect(database_url) as conn:
        return int(
            conn.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            ).fetchone()[0]
        )


def start_gunicorn(
    *, database_url: str, redis_url: str | None, workers: int, threads: int, log_path: Path
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.serve_settings",
        "EGOV_BENCH_DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        # A Fernet key (32 random bytes, URL-safe base64), required by production settings.
        "EGOV_SIGNING_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    if redis_url:
        env["EGOV_BENCH_REDIS_URL"] = redis_url
    command = [
        sys.executable, "-m", "gunicorn", "bench.wsgi:application",
        "--bind", f"{HOST}:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", worker_class(threads), "--keep-alive", "5", "--backlog", "2048",
        "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    with log_path.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command, cwd=ROOT, env=env, stdout=out, stderr=out
        )

    def ready() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {log_path}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/bench/raw", timeout=1):
                return True
        except OSError:
            return False

    _wait(ready, "gunicorn")
    return process, port


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def check_answers(port: int, queries: list[str]) -> None:
    """Fail loudly unless the bare and the real lookup give the same answer (the bench would
    otherwise compare different work) and the real one refuses a wrong secret."""
    base = f"http://{HOST}:{port}"
    for query in queries[:20]:
        real_status, real = _get(f"{base}/api/v1/dossiers/lookup?{query}")
        bare_status, bare = _get(f"{base}/bench/bare/lookup?{query}")
        floor_status, floor = _get(f"{base}/bench/bare/lookup-wsgi?{query}")
        if (real_status, bare_status, floor_status) != (200, 200, 200):
            raise SystemExit(
                f"bench: lookup of {query} gave {real_status} / {bare_status} / {floor_status}"
            )

        def gist(answer: dict[str, Any]) -> tuple[Any, ...]:
            steps = [(s["name"], s["state"], s["state_label"]) for s in answer["steps"]]
            return (answer["code"], answer["status"], answer["result_ready"], steps)

        if not gist(real) == gist(bare) == gist(floor):
            raise SystemExit(f"bench: real and bare lookups differ for {query}:\n{real}\n{bare}")
    code = queries[0].split("&")[0]
    status, _answer = _get(f"{base}/api/v1/dossiers/lookup?{code}&secret=0000x"[:-1])
    if status not in (404, 200):
        raise SystemExit(f"bench: a wrong secret gave HTTP {status}")


def _drive(
    endpoint: Endpoint, *, port: int, wrk: str | None, pairs: Path, seconds: float, conns: int
) -> dict[str, Any]:
    if wrk is None:
        queries = pairs.read_text().split() if endpoint.with_pairs else [""]
        paths = [f"{endpoint.path}?{q}" if q else endpoint.path for q in queries]
        return loadclient.run(host=HOST, port=port, paths=paths, connections=conns, seconds=seconds)
    env = {
        **os.environ,
        "BENCH_PATH": endpoint.path,
        "BENCH_PAIRS": str(pairs) if endpoint.with_pairs else "",
    }
    threads = max(1, min(4, (os.cpu_count() or 1)))
    command = [
        wrk, f"-t{threads}", f"-c{conns}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
        "-s", str(Path(__file__).with_name("wrk_lookup.lua")), f"http://{HOST}:{port}",
    ]  # fmt: skip
    done = subprocess.run(  # noqa: S603 - our own command line
        command, env=env, capture_output=True, text=True, check=True
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH "))
    return dict(json.loads(line.removeprefix("BENCH ")))


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    requests = sum(r["requests"] for r in runs)
    seconds = sum(r["duration_us"] for r in runs) / 1e6
    failures = sum(r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"] for r in runs)
    p50 = statistics.median(r["p50_us"] for r in runs) / 1000
    p99 = statistics.median(r["p99_us"] for r in runs) / 1000
    return {
        "requests": requests,
        "rps": requests / seconds if seconds else 0.0,
        "p50_ms": p50,
        "p90_ms": statistics.median(r["p90_us"] for r in runs) / 1000,
        "p99_ms": p99,
        "max_ms": max(r["max_us"] for r in runs) / 1000,
        "p99_over_p50": p99 / p50 if p50 else 0.0,
        "failures": failures,
        "rounds": runs,
    }


def run(
    *,
    database_url: str,
    pairs: Path,
    plan: LoadPlan,
    workers: int,
    threads: int,
    quick: bool,
    log_dir: Path,
    client: str = "auto",
) -> dict[str, Any]:
    if importlib.util.find_spec("gunicorn") is None:
        message = 'gunicorn is not installed (pip install -e ".[serve]"): load test skipped'
        print(f"\n  !! {message}\n", file=sys.stderr)
        return {"skipped": message}
    wrk = None if client == "asyncio" else find_wrk(may_install=not quick)
    if client == "wrk" and wrk is None:
        raise SystemExit("bench: --load-client wrk, but wrk is not installed")
    budget = connection_budget(database_url, workers * threads)
    redis, redis_url = start_redis()
    server = None
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        server, port = start_gunicorn(
            database_url=database_url,
            redis_url=redis_url,
            workers=workers,
            threads=threads,
            log_path=log_dir / "gunicorn.log",
        )
        check_answers(port, pairs.read_text().split())
        drive = {"port": port, "wrk": wrk, "pairs": pairs, "conns": plan.connections}
        log(f"warming up ({plan.warmup_seconds:.0f} s per path)")
        for endpoint in ENDPOINTS:
            _drive(endpoint, seconds=plan.warmup_seconds, **drive)
        runs: dict[str, list[dict[str, Any]]] = {e.key: [] for e in ENDPOINTS}
        for round_no in range(1, plan.rounds + 1):
            log(f"round {round_no}/{plan.rounds}: {plan.seconds:.0f} s per path")
            # Every other round in reverse: a machine that speeds up or slows down during a
            # round favours no path.
            order = ENDPOINTS if round_no % 2 else ENDPOINTS[::-1]
            for endpoint in order:
                runs[endpoint.key].append(_drive(endpoint, seconds=plan.seconds, **drive))
        held = connections_held(database_url)
    finally:
        stop(server)
        stop(redis)
    results = {e.key: {"label": e.label, **summarise(runs[e.key])} for e in ENDPOINTS}
    ratios = round_ratios(runs["real"], runs["bare"])
    return {
        "server": {
            "command": f"gunicorn bench.wsgi:application --worker-class {worker_class(threads)} "
            f"--workers {workers} --threads {threads} --keep-alive 5",
            "workers": workers,
            "threads": threads,
            "conn_max_age": 60,
            "cache": "redis" if redis_url else "locmem",
            "db_connections_held": held,
            **budget,
        },
        "client": "wrk" if wrk else "asyncio (bench/loadclient.py)",
        "connections": plan.connections,
        "seconds_per_run": plan.seconds,
        "rounds": plan.rounds,
        "endpoints": results,
        # Each round's real run against the bare run next to it in time; their median.
        "ratio_real_to_bare_rps": statistics.median(ratios) if ratios else 0.0,
        "ratio_rounds": ratios,
    }


def round_ratios(real: list[dict[str, Any]], bare: list[dict[str, Any]]) -> list[float]:
    """real/bare throughput of each round: the two paths run back to back, so each ratio
    sees one state of a shared machine (whose speed drifts by ±15 % from minute to minute)."""

    def rps(run: dict[str, Any]) -> float:
        return run["requests"] / run["duration_us"] * 1e6 if run["duration_us"] else 0.0

    return [rps(r) / rps(b) for r, b in zip(real, bare, strict=True) if rps(b)]
