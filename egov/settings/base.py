"""Settings shared by every role; everything deployment-specific comes from the environment."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("EGOV_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# egov's apps come first: the first app's translation of a message wins, and Django's own
# catalogues would otherwise override ours ("Log out" as "Thoát", "History" as "Bản ghi nhớ").
INSTALLED_APPS = [
    "egov.core",
    "egov.workcalendar",
    "egov.notifications",
    "egov.printing",
    "egov.orgs",
    "egov.catalog",
    "egov.signing",
    "egov.dossiers",
    "egov.certification",
    "egov.payments",
    "egov.feedback",
    "egov.open311",
    "egov.portal",
    "egov.api",
    "egov.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Leaflet's static files for the feedback map (no models, no GeoDjango).
    "js_lib_leaflet",
    "ninja",  # /api/v1/docs uses the Swagger UI files ninja ships, not its CDN ones
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Public stateless JSON endpoints skip the rest (EGOV_FAST_PATHS; egov/core/fastpath.py).
    "egov.core.fastpath.FastPathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "egov.core.middleware.ApplicationErrorMiddleware",
    # Axes must be last: it turns locked-out logins into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "egov.urls"
WSGI_APPLICATION = "egov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "egov.portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'egov.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    # Axes first so a locked-out identity is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "egov.orgs.auth.EmailOrPhoneBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
# Where officials land after logging in (their work queues).
EGOV_OFFICIAL_HOME = "dossiers:official_queue"
LOGOUT_REDIRECT_URL = "portal:home"

# Login protection (django-axes): lock an identity from an address after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Behind nginx set TRUSTED_PROXY_COUNT=1 so lock-outs and the audit trail see the real client.
EGOV_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "egov.core.http.client_ip"
# One counter per identity, however the email or phone is spelled.
AXES_USERNAME_CALLABLE = "egov.orgs.auth.axes_username"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["egov.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Largest file a user may upload (egov.core.uploads.check_upload; a caller may set less per kind).
EGOV_UPLOAD_MAX_BYTES = int(os.environ.get("EGOV_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

TASKS: dict[str, dict[str, Any]] = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if os.environ.get("REDIS_URL"):
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"]}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

# The cache holds the rate-limit counters (egov.core.ratelimit): with several processes it
# must be shared, or each process counts on its own. CACHE_REDIS_URL points them all at Redis.
if os.environ.get("CACHE_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "egov.core.cache.RedisCache",
            "LOCATION": os.environ["CACHE_REDIS_URL"],
        }
    }

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "egov <no-reply@egov.local>")
# Class sending citizens' SMS (egov.notifications.sms.SmsGateway); the default only logs them.
EGOV_SMS_GATEWAY = os.environ.get("EGOV_SMS_GATEWAY", "egov.notifications.sms.LoggingSmsGateway")

# Name shown in the header; one installation serves one province (DOMAIN.md §1).
EGOV_SITE_NAME = os.environ.get("EGOV_SITE_NAME", "Cổng dịch vụ công")
# The public address, for links in emails, SMS and the QR codes printed on forms.
EGOV_SITE_URL = os.environ.get("EGOV_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EGOV_CATALOG_PAGE_SIZE = 20
# Officials' work queues: "due soon" means due within this many working days.
EGOV_DUE_SOON_DAYS = int(os.environ.get("EGOV_DUE_SOON_DAYS", "1"))
EGOV_QUEUE_PAGE_SIZE = 25
# Paths served by a view of their own ahead of the page middleware (egov.core.fastpath).
EGOV_FAST_PATHS = {"/api/v1/dossiers/lookup": "egov.dossiers.api.lookup_fast"}
# Where the officials' figures page and API read: "daily", the per-day tables every dossier
# action refreshes (through the worker) and `egov refresh_figures` rebuilds after midnight, or
# "live", computed from the dossiers on each view (exact, but a scan of the table).
DOSSIER_FIGURES_SOURCE = os.environ.get("DOSSIER_FIGURES_SOURCE", "daily")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # pyHanko logs every untrusted or unverifiable chain as a warning with a traceback;
        # egov reports that outcome to the user ("trusted": false), so keep only errors.
        "pyhanko.sign.validation": {"level": "ERROR"},
    },
}

# Digital signatures (egov.signing). The Fernet key that encrypts private keys at rest
# (python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())');
# production refuses to start without one, or with DEV_SIGNING_KEY. An RFC 3161 timestamp
# server, if any, and whether validation may fetch CRL/OCSP data over the network.
EGOV_SIGNING_KEY = os.environ.get("EGOV_SIGNING_KEY", "")
# DEVELOPMENT AND TESTS ONLY, public in this repository: base64 of
# "egov-DEV-ONLY-not-secret-key-32b". Keys encrypted with it are readable by anyone.
DEV_SIGNING_KEY = "ZWdvdi1ERVYtT05MWS1ub3Qtc2VjcmV0LWtleS0zMmI="
# While rotating EGOV_SIGNING_KEY: the old key(s), comma-separated, which still decrypt until
# `egov signing_rotate_key` has re-encrypted every stored key with the new one (docs/signing.md).
EGOV_SIGNING_KEY_PREVIOUS = os.environ.get("EGOV_SIGNING_KEY_PREVIOUS", "")
EGOV_TSA_URL = os.environ.get("EGOV_TSA_URL", "")
# Seconds to wait for the timestamp server; signing is refused when it does not answer.
EGOV_TSA_TIMEOUT = float(os.environ.get("EGOV_TSA_TIMEOUT", "10"))
EGOV_SIGNING_FETCH_REVOCATION = env_bool("EGOV_SIGNING_FETCH_REVOCATION")
# Keys on hardware tokens: the vendor's PKCS#11 module (.so); each token's user PIN comes from
# its own environment variable EGOV_PKCS11_PIN_<TOKEN LABEL> (docs/signing.md).
EGOV_PKCS11_MODULE = os.environ.get("EGOV_PKCS11_MODULE", "")
# Largest PDF the public verification accepts.
EGOV_SIGNING_VERIFY_MAX_BYTES = int(
    os.environ.get("EGOV_SIGNING_VERIFY_MAX_BYTES", str(20 * 1024 * 1024))
)

# Payments of fees (egov.payments). The methods offered, by class; a pending gateway payment
# lapses after EGOV_PAYMENT_EXPIRY_MINUTES (`egov payments_expire` from cron). The gateway is
# offered only when its URL, merchant id and secret are set (`egov paysim` is a simulator);
# the bank signs its transfer notifications with EGOV_PAYMENT_BANK_SECRET.
EGOV_PAYMENT_METHODS = env_list(
    "EGOV_PAYMENT_METHODS",
    "egov.payments.methods.vietqr.VietQRTransfer,egov.payments.methods.gateway.Gateway,"
    "egov.payments.methods.desk.Cash,egov.payments.methods.desk.Card",
)
EGOV_PAYMENT_EXPIRY_MINUTES = int(os.environ.get("EGOV_PAYMENT_EXPIRY_MINUTES", "90"))
EGOV_PAYMENT_GATEWAY_URL = os.environ.get("EGOV_PAYMENT_GATEWAY_URL", "").rstrip("/")
EGOV_PAYMENT_GATEWAY_MERCHANT = os.environ.get("EGOV_PAYMENT_GATEWAY_MERCHANT", "")
EGOV_PAYMENT_GATEWAY_SECRET = os.environ.get("EGOV_PAYMENT_GATEWAY_SECRET", "")
EGOV_PAYMENT_GATEWAY_TIMEOUT = float(os.environ.get("EGOV_PAYMENT_GATEWAY_TIMEOUT", "10"))
EGOV_PAYMENT_BANK_SECRET = os.environ.get("EGOV_PAYMENT_BANK_SECRET", "")

# Citizen feedback (egov.feedback). Reports sent online go to the provincial hotline: the agency
# with this identifier (QCVN 102:2016), else the top Provincial People's Committee. A reporter
# may reopen a report within EGOV_FEEDBACK_REOPEN_DAYS days of its answer.
EGOV_FEEDBACK_HOTLINE_AGENCY = os.environ.get("EGOV_FEEDBACK_HOTLINE_AGENCY", "")
EGOV_FEEDBACK_REOPEN_DAYS = int(os.environ.get("EGOV_FEEDBACK_REOPEN_DAYS", "30"))
# The reports map takes its tiles from the operator's own tile server, never from the internet
# (e.g. https://tiles.example.gov.vn/{z}/{x}/{y}.png); without one it lists reports by commune.
EGOV_MAP_TILE_URL = os.environ.get("EGOV_MAP_TILE_URL", "")
EGOV_MAP_TILE_ATTRIBUTION = os.environ.get("EGOV_MAP_TILE_ATTRIBUTION", "")

# Open311 GeoReport v2 for partner applications (egov.open311, docs/open311.md): the
# jurisdiction_id clients may send (default: the site's host name), the contact shown in
# discovery, and how many reports one API key may send per window (seconds).
EGOV_OPEN311_JURISDICTION = os.environ.get("EGOV_OPEN311_JURISDICTION", "")
EGOV_OPEN311_CONTACT = os.environ.get("EGOV_OPEN311_CONTACT", "")
EGOV_OPEN311_POST_LIMIT = int(os.environ.get("EGOV_OPEN311_POST_LIMIT", "300"))
EGOV_OPEN311_POST_WINDOW = int(os.environ.get("EGOV_OPEN311_POST_WINDOW", "3600"))
