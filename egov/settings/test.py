"""Test runs: fast hashing, in-memory mail unless a test starts a real SMTP server."""

import os

from .base import *  # noqa: F403
from .base import DEV_SIGNING_KEY, VAR_DIR

SECRET_KEY = "test-only-not-secret"  # noqa: S105
EGOV_SIGNING_KEY = DEV_SIGNING_KEY  # the public development key: never in production
DEBUG = False
# Argon2 stays the production hasher (see base); tests hash fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = VAR_DIR / "test-media" / str(os.getpid())
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = True
# Tests of the figures compute them live unless they test the daily tables themselves.
DOSSIER_FIGURES_SOURCE = "live"
LANGUAGE_CODE = "vi"
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
