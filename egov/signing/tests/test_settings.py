"""Production refuses to start without a signing key of its own; tests use the public one."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

from egov.settings.base import DEV_SIGNING_KEY


def _check(signing_key: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "EGOV_SIGNING_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "egov.settings.production"
    env["ALLOWED_HOSTS"] = "egov.example.vn"
    env["SECRET_KEY"] = secrets.token_urlsafe(64)
    if signing_key is not None:
        env["EGOV_SIGNING_KEY"] = signing_key
    return subprocess.run(
        [sys.executable, "-m", "egov", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("key", [None, "", DEV_SIGNING_KEY, "not-a-fernet-key"])
def test_production_refuses_a_missing_public_or_malformed_signing_key(key):
    result = _check(key)
    assert result.returncode != 0
    assert "EGOV_SIGNING_KEY must be set" in result.stderr


def test_production_starts_with_a_key_of_its_own():
    result = _check(Fernet.generate_key().decode())
    assert result.returncode == 0, result.stderr


def test_tests_run_with_the_public_development_key():
    assert settings.EGOV_SIGNING_KEY == DEV_SIGNING_KEY
