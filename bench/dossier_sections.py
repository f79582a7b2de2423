"""The dossier benchmarks of ``python -m bench``: the figures on each database engine (one
``python -m bench.dossiers`` process each) and the lookup under load on the main one."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import load
from .dossier_db import VAR_DIR


def engines(database_url: str | None) -> list[str]:
    """The databases to run on: the given one (PostgreSQL normally) and SQLite."""
    sqlite = f"sqlite:///{VAR_DIR / 'dossiers.sqlite3'}"
    if database_url and database_url.startswith("postgres"):
        return [database_url, sqlite]
    print(
        "\n  !! no PostgreSQL URL (--database-url or DATABASE_URL): the dossier benchmarks "
        "run on SQLite only, and the load test too; the issue's goals are about PostgreSQL\n",
        file=sys.stderr,
    )
    return [sqlite]


def _child(
    url: str, *, size: int, quick: bool, fresh: bool, pairs: Path | None, figures: bool
) -> Any:
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        command = [
            sys.executable, "-m", "bench.dossiers", "--database-url", url, "--size", str(size),
            "--output", output.name,
        ]  # fmt: skip
        command += ["--quick"] if quick else []
        command += ["--fresh"] if fresh else []
        command += ["--pairs", str(pairs)] if pairs else []
        command += [] if figures else ["--no-figures"]
        subprocess.run(command, check=True)  # noqa: S603 - our own command line
        return json.loads(Path(output.name).read_text(encoding="utf-8"))


def run(
    *,
    database_url: str | None,
    size: int,
    plan: load.LoadPlan,
    workers: int,
    threads: int,
    quick: bool,
    fresh: bool,
    sections: set[str],
    client: str = "auto",
) -> dict[str, Any]:
    results: dict[str, Any] = {"figures": {}, "datasets": {}}
    with tempfile.TemporaryDirectory(prefix="egov-bench-load-") as tmp:
        pairs = Path(tmp) / "pairs.txt"
        main_url = None
        for i, url in enumerate(engines(database_url)):
            if i > 0 and "figures" not in sections:
                break
            child = _child(
                url,
                size=size,
                quick=quick,
                fresh=fresh,
                pairs=None if i else pairs,
                figures="figures" in sections,
            )
            vendor = child["vendor"]
            results["datasets"][vendor] = {"database": child["database"], **child["dataset"]}
            if "figures" in sections:
                results["figures"][vendor] = {"database": child["database"], **child["figures"]}
            main_url = main_url or child["url"]
        if "load" in sections and main_url:
            results["load"] = load.run(
                database_url=main_url,
                pairs=pairs,
                plan=plan,
                workers=workers,
                threads=threads,
                quick=quick,
                log_dir=VAR_DIR / "logs",
                client=client,
            )
    return results
