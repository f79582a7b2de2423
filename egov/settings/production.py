"""Production: everything from the environment, secure by default, refuses a default secret."""

import base64

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEV_SIGNING_KEY, EGOV_SIGNING_KEY, SECRET_KEY, env_bool

_WEAK_KEYS = {"", "change-me", "local-development-only-not-secret", "test-only-not-secret"}
if SECRET_KEY in _WEAK_KEYS or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )


def _usable_fernet_key(key: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
    except (ValueError, UnicodeEncodeError):
        return False


# Private signing keys are encrypted with it: a missing or public key would expose them.
if EGOV_SIGNING_KEY == DEV_SIGNING_KEY or not _usable_fernet_key(EGOV_SIGNING_KEY):
    raise ImproperlyConfigured(
        "EGOV_SIGNING_KEY must be set to a Fernet key of your own in production "
        "(python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())')."
    )

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
