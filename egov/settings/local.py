"""Local development and the demo: SQLite, debug on, a fixed throwaway secret."""

from .base import *  # noqa: F403
from .base import DEV_SIGNING_KEY, VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405
# The public development key unless one is given: never use it in production.
EGOV_SIGNING_KEY = EGOV_SIGNING_KEY or DEV_SIGNING_KEY  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
VAR_DIR.mkdir(parents=True, exist_ok=True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
