import os
import secrets
import subprocess
import sys

from cryptography.fernet import Fernet
from django.contrib.auth.hashers import Argon2PasswordHasher


def test_base_settings_hash_passwords_with_argon2_first():
    from egov.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_settings_keep_argon2_first():
    # A fresh interpreter: production settings read the environment when first imported.
    code = (
        "import egov.settings.production as p; "
        "print(p.PASSWORD_HASHERS[0]); print(p.AUTHENTICATION_BACKENDS[0])"
    )
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "EGOV_SIGNING_KEY": Fernet.generate_key().decode(),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    hasher, first_backend = result.stdout.split()
    assert hasher == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert first_backend == "axes.backends.AxesStandaloneBackend"


def test_the_argon2_hasher_is_installed_and_works():
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("Mat-khau-Thu-2026", hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("Mat-khau-Thu-2026", encoded)
    assert not hasher.verify("mat-khau-sai", encoded)
