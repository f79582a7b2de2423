"""Benchmark settings: the test settings on a throwaway database.

``bench.__main__`` puts the database URL in ``EGOV_BENCH_DATABASE_URL`` before Django starts:
a temporary SQLite file by default, or PostgreSQL from ``--database-url`` / ``DATABASE_URL``.
The schema is created in a separate database (``TEST.NAME``: ``<name>_bench``) that the run
drops at the end, so a benchmark never writes into the database it was pointed at.
"""

import os
from pathlib import Path

import dj_database_url

from egov.settings.test import *  # noqa: F403

DATABASES = {"default": dj_database_url.parse(os.environ["EGOV_BENCH_DATABASE_URL"])}
_name = str(DATABASES["default"]["NAME"])
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    if _name not in ("", ":memory:"):
        # A file next to the given one: the given file may hold someone's data.
        _path = Path(_name)
        DATABASES["default"]["TEST"] = {"NAME": str(_path.with_stem(f"{_path.stem}_bench"))}
else:
    # Not "test_<name>": that one may be a developer's kept pytest database.
    DATABASES["default"]["TEST"] = {"NAME": f"{_name}_bench"}
