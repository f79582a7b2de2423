"""Keys on a hardware token (PKCS#11), for real with SoftHSM2: a key and certificate made by
egov's local CA are put on a token, registered in egov (the certificate read back from the
token), and a PDF signed through egov validates with pyHanko and pdfsig. The PIN comes from
the environment only; a missing or wrong PIN, an absent token or key, and a key that does not
match its certificate are clear refusals."""

from __future__ import annotations

import datetime as dt
import secrets
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.signing import keys, services
from egov.signing.models import Certificate
from egov.signing.pdf import Appearance, sign_pdf
from egov.signing.tests.softhsm import SoftToken, soft_token  # noqa: F401 (fixture)
from egov.signing.tests.test_sign_pdf import pdfsig
from egov.signing.tokens import pin_variable
from egov.signing.verify import verify_pdf


def test_the_pin_variable_is_named_after_the_token():
    assert pin_variable("VNPT-CA Nguyễn Văn A") == "EGOV_PKCS11_PIN_VNPT_CA_NGUYEN_VAN_A"
    assert pin_variable("Xã Tân Phú ký số") == "EGOV_PKCS11_PIN_XA_TAN_PHU_KY_SO"
    assert pin_variable("Đ") == "EGOV_PKCS11_PIN_D"
    assert pin_variable("***") == "EGOV_PKCS11_PIN_TOKEN"


def make_pair(demo_ca, *, common_name: str, organisation: str, days: int = 365):
    """A key and certificate from egov's local CA, never stored in egov's database."""
    ca_key = keys.decrypt_private_key(demo_ca.private_key_encrypted)
    [ca_cert] = keys.pem_to_chain(demo_ca.chain_pem)
    end = timezone.now() + dt.timedelta(days=days)
    return keys.make_demo_certificate(
        ca_key,
        ca_cert,
        common_name=common_name,
        organisation=organisation,
        not_before=min(timezone.now() - dt.timedelta(minutes=5), end - dt.timedelta(days=30)),
        not_after=end,
    )


@pytest.fixture
def token(soft_token: SoftToken, settings, monkeypatch) -> SoftToken:  # noqa: F811
    settings.EGOV_PKCS11_MODULE = soft_token.module
    monkeypatch.setenv(pin_variable(soft_token.label), soft_token.pin)
    return soft_token


@pytest.fixture
def on_token(token, demo_ca):
    """Put a key with its certificate (and the CA's) on the token; returns the key label."""

    def put(*, common_name="Lê Thị Hồng", organisation="UBND Xã Tân Phú", days=365, cert=None):
        key, made = make_pair(
            demo_ca, common_name=common_name, organisation=organisation, days=days
        )
        label = f"ky-so-{secrets.token_hex(4)}"
        object_id = secrets.token_hex(8)
        token.put_key(key, label=label, object_id=object_id)
        token.put_certificate(cert or made, label=f"{label}-cert", object_id=object_id)
        token.put_certificate(
            keys.pem_to_chain(demo_ca.chain_pem)[0], label=f"{label}-ca", object_id="ca" + object_id
        )
        return label

    return put


def sign(pdf, certificate, actor):
    return sign_pdf(
        pdf,
        certificate=certificate,
        actor=actor,
        reason="Phê duyệt",
        location="Xã Tân Phú",
        field_name="ChuKyToken",
        appearance=Appearance.personal(title="CHỦ TỊCH"),
    )


def test_a_token_key_signs_a_pdf_that_both_validators_accept(
    token, on_token, unsigned_pdf, leader, admin, demo_ca
):
    key_label = on_token()
    certificate = services.token_certificate_register(
        token_label=token.label, key_label=key_label, owner_user=leader, actor=admin
    )
    assert certificate.key_storage == Certificate.KeyStorage.PKCS11
    assert certificate.private_key_encrypted == ""
    assert (certificate.token_label, certificate.key_label) == (token.label, key_label)
    assert certificate.common_name == "Lê Thị Hồng"
    assert len(keys.pem_to_chain(certificate.chain_pem)) == 2  # the CA read from the token too
    assert certificate.trusted
    assert AuditEvent.objects.filter(
        action="signing_token_certificate_registered", object_id=str(certificate.pk)
    ).exists()

    signed = sign(unsigned_pdf, certificate, leader)
    report = verify_pdf(signed)
    [only] = report.signatures
    assert report.valid
    assert only.signer == "Lê Thị Hồng" and only.intact and only.trusted
    out = pdfsig(signed)
    assert "Signature is Valid." in out, out
    assert AuditEvent.objects.filter(
        action="signing_certificate_used", object_id=str(certificate.pk)
    ).exists()


def test_the_key_really_is_on_the_token(token, on_token, unsigned_pdf, leader, admin):
    key_label = on_token()
    certificate = services.token_certificate_register(
        token_label=token.label, key_label=key_label, owner_user=leader, actor=admin
    )
    token.delete_key(label=key_label)
    with pytest.raises(ValidationFailed) as refused:
        sign(unsigned_pdf, certificate, leader)
    assert refused.value.code == "pkcs11_key_missing"


def test_the_pin_comes_from_the_environment_only(
    token, on_token, unsigned_pdf, leader, admin, monkeypatch
):
    certificate = services.token_certificate_register(
        token_label=token.label, key_label=on_token(), owner_user=leader, actor=admin
    )
    variable = pin_variable(token.label)
    monkeypatch.delenv(variable)
    with pytest.raises(ValidationFailed) as refused:
        sign(unsigned_pdf, certificate, leader)
    assert refused.value.code == "pkcs11_pin_missing"
    assert variable in str(refused.value)
    assert token.pin not in str(Certificate.objects.filter(pk=certificate.pk).values().get())

    monkeypatch.setenv(variable, "000000")
    with pytest.raises(ValidationFailed) as refused:
        sign(unsigned_pdf, certificate, leader)
    assert refused.value.code == "pkcs11_pin_refused"
    assert not AuditEvent.objects.filter(action="signing_certificate_used").exists()


def test_without_a_module_token_signing_is_refused(
    token, on_token, unsigned_pdf, leader, admin, settings
):
    certificate = services.token_certificate_register(
        token_label=token.label, key_label=on_token(), owner_user=leader, actor=admin
    )
    settings.EGOV_PKCS11_MODULE = ""
    with pytest.raises(ValidationFailed) as refused:
        sign(unsigned_pdf, certificate, leader)
    assert refused.value.code == "pkcs11_unavailable"
    settings.EGOV_PKCS11_MODULE = "/nonexistent/libvendor-pkcs11.so"
    with pytest.raises(ValidationFailed) as refused:
        sign(unsigned_pdf, certificate, leader)
    assert refused.value.code == "pkcs11_token_unavailable"


def test_a_token_that_is_not_plugged_in_is_refused(token, on_token, leader, admin, monkeypatch):
    monkeypatch.setenv(pin_variable("VNPT-CA 0000"), token.pin)
    with pytest.raises(ValidationFailed) as refused:
        services.token_certificate_register(
            token_label="VNPT-CA 0000", key_label=on_token(), owner_user=leader, actor=admin
        )
    assert refused.value.code == "pkcs11_token_unavailable"
    assert not Certificate.objects.filter(key_storage="pkcs11").exists()


def test_registration_refuses_an_unknown_key_and_a_key_of_another_certificate(
    token, on_token, demo_ca, leader, admin
):
    with pytest.raises(ValidationFailed) as refused:
        services.token_certificate_register(
            token_label=token.label, key_label="khong-co", owner_user=leader, actor=admin
        )
    assert refused.value.code == "pkcs11_key_missing"

    _other_key, others_cert = make_pair(demo_ca, common_name="Kẻ Mạo Danh", organisation="X")
    key_label = on_token(cert=others_cert)
    with pytest.raises(ValidationFailed) as refused:
        services.token_certificate_register(
            token_label=token.label, key_label=key_label, owner_user=leader, actor=admin
        )
    assert refused.value.code == "pkcs11_key_mismatch"
    assert not Certificate.objects.filter(key_storage="pkcs11").exists()


def test_registration_refuses_an_expired_certificate_and_strangers(
    token, on_token, leader, admin, clerk, agency
):
    with pytest.raises(ValidationFailed) as refused:
        services.token_certificate_register(
            token_label=token.label, key_label=on_token(days=-1), owner_user=leader, actor=admin
        )
    assert refused.value.code == "certificate_expired"
    with pytest.raises(PermissionRefused):
        services.token_certificate_register(
            token_label=token.label, key_label=on_token(), owner_agency=agency, actor=clerk
        )
    with pytest.raises(ValidationFailed):
        services.token_certificate_register(
            token_label="x" * 33, key_label="k", owner_agency=agency, actor=admin
        )


def test_an_agency_token_certificate_signs_for_its_clerks_until_revoked(
    token, on_token, unsigned_pdf, agency, clerk, admin
):
    certificate = services.token_certificate_register(
        token_label=token.label,
        key_label=on_token(common_name="UBND Xã Tân Phú"),
        owner_agency=agency,
        actor=admin,
    )
    assert verify_pdf(sign(unsigned_pdf, certificate, clerk)).valid
    with pytest.raises(PermissionRefused):
        sign(unsigned_pdf, certificate, admin)  # an administrator holds no signing role
    services.certificate_revoke(certificate, actor=admin, reason="Mất token")
    certificate.refresh_from_db()
    with pytest.raises(ValidationFailed) as refused:
        sign(unsigned_pdf, certificate, clerk)
    assert refused.value.code == "certificate_revoked"


def test_a_key_is_kept_in_exactly_one_place(personal_cert):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=personal_cert.pk).update(
            key_storage="pkcs11", token_label="t", key_label="k"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=personal_cert.pk).update(private_key_encrypted="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=personal_cert.pk).update(
            key_storage="pkcs11", private_key_encrypted="", token_label="t"
        )


def test_the_command_registers_a_token_certificate(token, on_token, agency, leader):
    out = StringIO()
    call_command(
        "signing_token_register",
        "--token",
        token.label,
        "--key",
        on_token(),
        "--agency",
        agency.code,
        stdout=out,
    )
    certificate = Certificate.objects.get(owner_agency=agency, key_storage="pkcs11")
    assert certificate.fingerprint in out.getvalue()
    call_command(
        "signing_token_register",
        "--token",
        token.label,
        "--key",
        on_token(),
        "--official",
        leader.username,
        stdout=out,
    )
    assert Certificate.objects.filter(owner_user=leader, key_storage="pkcs11").exists()
    with pytest.raises(CommandError, match=r"000\.00\.99\.H99"):
        call_command(
            "signing_token_register",
            "--token",
            token.label,
            "--key",
            "k",
            "--agency",
            "000.00.99.H99",
        )
    with pytest.raises(CommandError):
        call_command(
            "signing_token_register",
            "--token",
            token.label,
            "--key",
            "khong-co",
            "--agency",
            agency.code,
        )
