"""Production settings refuse weak secrets and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys

from cryptography.fernet import Fernet
from django.conf import settings


def _egov(*args: str, secret: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "egov.settings.production"
    env["ALLOWED_HOSTS"] = "egov.example.vn"
    env["EGOV_SIGNING_KEY"] = Fernet.generate_key().decode()
    if secret is not None:
        env["SECRET_KEY"] = secret
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "egov", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _egov("check", secret=None)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_local_default_secret_key():
    result = _egov("check", secret="local-development-only-not-secret")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = _egov("check", "--deploy", "--fail-level", "WARNING", secret=secrets.token_urlsafe(64))
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_passwords_are_hashed_with_argon2_outside_tests():
    from egov.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_cache_redis_url_shares_the_rate_limit_counters_between_processes():
    import os
    import sys

    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "egov.settings.test",
        "CACHE_REDIS_URL": "redis://127.0.0.1:6379/3",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [
        "egov.core.cache.RedisCache",
        "redis://127.0.0.1:6379/3",
    ]
