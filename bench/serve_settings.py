"""What the load benchmark's gunicorn runs: ``egov.settings.production`` as deployed (DEBUG
off, every middleware, persistent connections), on the kept dossier database, with the
rate limiter's cache in Redis as docs/deploy.md prescribes, plus the two baseline views
(``bench.urls``). ``bench.load`` sets the environment: SECRET_KEY, ALLOWED_HOSTS,
SECURE_SSL_REDIRECT=false (plain HTTP on the loopback), EGOV_BENCH_DATABASE_URL and
EGOV_BENCH_REDIS_URL."""

import os

import dj_database_url

from egov.settings.production import *  # noqa: F403

DATABASES = {
    "default": dj_database_url.parse(
        os.environ["EGOV_BENCH_DATABASE_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if os.environ.get("EGOV_BENCH_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "egov.core.cache.RedisCache",
            "LOCATION": os.environ["EGOV_BENCH_REDIS_URL"],
        }
    }
ROOT_URLCONF = "bench.urls"
WSGI_APPLICATION = "bench.wsgi.application"
