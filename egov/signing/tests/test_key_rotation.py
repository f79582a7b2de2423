"""Rotating EGOV_SIGNING_KEY: the old key in EGOV_SIGNING_KEY_PREVIOUS still decrypts until
``egov signing_rotate_key`` has re-encrypted every stored key with the new one."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.signing import keys, services
from egov.signing.models import Certificate
from egov.signing.pdf import sign_pdf
from egov.signing.verify import verify_pdf


def stored_keys() -> dict[int, str]:
    return dict(Certificate.objects.values_list("pk", "private_key_encrypted"))


def test_rotation_re_encrypts_every_stored_key(
    settings, demo_ca, personal_cert, agency_cert, leader, unsigned_pdf
):
    before = stored_keys()
    old = settings.EGOV_SIGNING_KEY
    settings.EGOV_SIGNING_KEY = Fernet.generate_key().decode()
    with pytest.raises(ValueError, match="cannot be decrypted"):
        keys.decrypt_private_key(personal_cert.private_key_encrypted)

    settings.EGOV_SIGNING_KEY_PREVIOUS = f" {old} "
    # Meanwhile the old key still signs.
    signed = sign_pdf(
        unsigned_pdf,
        certificate=personal_cert,
        actor=leader,
        reason="",
        location="",
        field_name="A",
    )
    assert verify_pdf(signed).valid

    call_command("signing_rotate_key", stdout=StringIO())
    after = stored_keys()
    assert set(after) == set(before) == {demo_ca.pk, personal_cert.pk, agency_cert.pk}
    assert all(after[pk] != before[pk] for pk in before)
    assert AuditEvent.objects.filter(action="signing_key_rotated", data__certificates=3).exists()

    settings.EGOV_SIGNING_KEY_PREVIOUS = ""
    for token in after.values():
        keys.decrypt_private_key(token)  # the new key alone reads them all
    personal_cert.refresh_from_db()
    signed = sign_pdf(
        unsigned_pdf,
        certificate=personal_cert,
        actor=leader,
        reason="",
        location="",
        field_name="B",
    )
    assert verify_pdf(signed).valid


def test_rotation_without_the_old_key_changes_nothing(settings, personal_cert, agency_cert):
    before = stored_keys()
    settings.EGOV_SIGNING_KEY = Fernet.generate_key().decode()
    with pytest.raises(ValidationFailed) as refused:
        services.signing_key_rotate(actor=None)
    assert refused.value.code == "signing_key_unknown"
    assert stored_keys() == before
    with pytest.raises(CommandError, match="EGOV_SIGNING_KEY_PREVIOUS"):
        call_command("signing_rotate_key")
    assert not AuditEvent.objects.filter(action="signing_key_rotated").exists()


def test_only_a_system_administrator_rotates(personal_cert, admin):
    with pytest.raises(PermissionRefused):
        services.signing_key_rotate(actor=admin)


def test_a_malformed_previous_key_is_a_configuration_error(settings, personal_cert):
    settings.EGOV_SIGNING_KEY_PREVIOUS = "not-a-fernet-key"
    with pytest.raises(ImproperlyConfigured, match="EGOV_SIGNING_KEY_PREVIOUS"):
        keys.decrypt_private_key(personal_cert.private_key_encrypted)
