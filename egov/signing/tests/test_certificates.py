"""Certificates: PKCS#12 import, the demo CA, revocation, key use only by its holders, and
keys encrypted at rest."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization
from django.db import connection
from django.utils import timezone

from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.orgs.models import Role
from egov.orgs.tests.factories import AgencyFactory, OfficialFactory
from egov.signing import keys, services
from egov.signing.models import Certificate, TrustedRoot
from egov.signing.pdf import sign_pdf


def p12_for(certificate: Certificate, password: str) -> bytes:
    key = keys.decrypt_private_key(certificate.private_key_encrypted)
    return keys.write_pkcs12(key, keys.pem_to_chain(certificate.chain_pem), password)


def sign(pdf, certificate, actor):
    return sign_pdf(
        pdf, certificate=certificate, actor=actor, reason="", location="", field_name="Sig"
    )


def test_demo_certificates_are_marked_not_trusted(demo_ca, personal_cert, agency_cert):
    for cert in (demo_ca, personal_cert, agency_cert):
        assert "NOT TRUSTED – egov demo CA" in cert.subject
    assert demo_ca.is_authority and demo_ca.trusted
    assert personal_cert.common_name == "Lê Thị Hồng"
    assert personal_cert.organisation == agency_cert.organisation == "UBND Xã Tân Phú"


def test_a_demo_ca_is_not_trusted_unless_asked(db):
    ca = services.local_ca_create(actor=None)
    assert not ca.trusted
    assert not TrustedRoot.objects.exists()


def test_private_keys_are_stored_encrypted(personal_cert):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT private_key_encrypted FROM signing_certificate WHERE id = %s",
            [personal_cert.pk],
        )
        [stored] = cursor.fetchone()
    assert stored
    assert "PRIVATE KEY" not in stored
    key = keys.decrypt_private_key(stored)
    assert key.public_key() == keys.pem_to_chain(personal_cert.chain_pem)[0].public_key()
    # Nor the key's DER in base64 (a fixed "MII" prefix test failed on random tokens).
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    assert base64.b64encode(der).decode()[:64] not in stored
    assert der.hex()[:64] not in stored


def test_a_key_encrypted_with_another_secret_cannot_be_read(personal_cert, settings):
    settings.EGOV_SIGNING_KEY = "b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC0zMmJ5dGU="
    with pytest.raises(ValueError, match="cannot be decrypted"):
        keys.decrypt_private_key(personal_cert.private_key_encrypted)


def test_pkcs12_import_stores_the_certificate_and_audits(personal_cert, leader, admin):
    data = p12_for(personal_cert, "mat-khau-p12")
    personal_cert.delete()
    imported = services.pkcs12_import(data, "mat-khau-p12", owner_user=leader, actor=admin)
    assert imported.common_name == "Lê Thị Hồng"
    assert imported.trusted
    assert imported.owner_user == leader
    assert AuditEvent.objects.filter(
        action="signing_certificate_imported", object_id=str(imported.pk)
    ).exists()


def test_pkcs12_import_refuses_a_wrong_password(personal_cert, leader, admin):
    data = p12_for(personal_cert, "mat-khau-p12")
    personal_cert.delete()
    with pytest.raises(ValidationFailed) as refused:
        services.pkcs12_import(data, "sai-mat-khau", owner_user=leader, actor=admin)
    assert refused.value.code == "pkcs12_unreadable"
    assert not Certificate.objects.filter(owner_user=leader).exists()


def test_pkcs12_import_refuses_garbage_and_duplicates(personal_cert, leader, admin):
    with pytest.raises(ValidationFailed):
        services.pkcs12_import(b"not a p12", "x", owner_user=leader, actor=admin)
    with pytest.raises(Conflict):
        services.pkcs12_import(p12_for(personal_cert, "pw"), "pw", owner_user=leader, actor=admin)


def test_only_an_agency_administrator_imports_or_issues(demo_ca, agency, leader, clerk):
    with pytest.raises(PermissionRefused):
        services.certificate_issue(owner_agency=agency, actor=clerk)
    with pytest.raises(PermissionRefused):
        services.certificate_issue(owner_user=leader, actor=leader)
    other_admin = OfficialFactory(roles=[Role.AGENCY_ADMIN]).user
    with pytest.raises(PermissionRefused):
        services.certificate_issue(owner_agency=agency, actor=other_admin)


def test_issue_needs_exactly_one_owner_who_is_an_official(demo_ca, agency, leader):
    with pytest.raises(ValidationFailed):
        services.certificate_issue(owner_agency=agency, owner_user=leader, actor=None)
    with pytest.raises(ValidationFailed):
        services.certificate_issue(actor=None)
    citizen = OfficialFactory().user
    citizen.official.delete()
    citizen.refresh_from_db()
    with pytest.raises(ValidationFailed):
        services.certificate_issue(owner_user=citizen, actor=None)


def test_issue_needs_a_demo_ca(agency):
    with pytest.raises(ValidationFailed):
        services.certificate_issue(owner_agency=agency, actor=None)


def test_only_a_system_administrator_creates_the_demo_ca(admin):
    with pytest.raises(PermissionRefused):
        services.local_ca_create(actor=admin)


def test_another_officials_personal_key_is_refused(unsigned_pdf, personal_cert, agency):
    colleague = OfficialFactory(agency=agency, roles=[Role.AGENCY_LEADER]).user
    with pytest.raises(PermissionRefused) as refused:
        sign(unsigned_pdf, personal_cert, colleague)
    assert refused.value.code == "certificate_not_yours"


def test_organisation_key_is_for_its_clerks_and_leaders_only(
    unsigned_pdf, agency_cert, clerk, leader, agency
):
    assert verify_count(sign(unsigned_pdf, agency_cert, clerk)) == 1
    assert verify_count(sign(unsigned_pdf, agency_cert, leader)) == 1
    specialist = OfficialFactory(agency=agency, roles=[Role.SPECIALIST]).user
    outsider = OfficialFactory(agency=AgencyFactory(), roles=[Role.CLERK]).user
    for user in (specialist, outsider):
        with pytest.raises(PermissionRefused):
            sign(unsigned_pdf, agency_cert, user)


def verify_count(pdf: bytes) -> int:
    from egov.signing.verify import verify_pdf

    return len(verify_pdf(pdf).signatures)


def test_a_revoked_certificate_cannot_sign(unsigned_pdf, personal_cert, leader, admin):
    services.certificate_revoke(personal_cert, actor=admin, reason="Mất thiết bị")
    personal_cert.refresh_from_db()
    assert personal_cert.revoked and personal_cert.revoked_at
    with pytest.raises(ValidationFailed) as refused:
        sign(unsigned_pdf, personal_cert, leader)
    assert refused.value.code == "certificate_revoked"
    with pytest.raises(Conflict):
        services.certificate_revoke(personal_cert, actor=admin, reason="Lần nữa")


def test_revocation_needs_a_reason_and_an_administrator(personal_cert, leader, admin):
    with pytest.raises(ValidationFailed):
        services.certificate_revoke(personal_cert, actor=admin, reason="  ")
    with pytest.raises(PermissionRefused):
        services.certificate_revoke(personal_cert, actor=leader, reason="Tự thu hồi")


def test_signatures_of_a_revoked_certificate_report_it(unsigned_pdf, personal_cert, leader):
    from egov.signing.verify import verify_pdf

    signed = sign(unsigned_pdf, personal_cert, leader)
    services.certificate_revoke(personal_cert, actor=None, reason="Lộ khoá")
    [report] = verify_pdf(signed).signatures
    assert report.revoked is True
    assert not report.valid


def test_an_expired_certificate_cannot_sign(unsigned_pdf, demo_ca, leader):
    past = timezone.now() - dt.timedelta(days=400)
    expired = services.certificate_issue(
        owner_user=leader, actor=None, valid_from=past, valid_until=past + dt.timedelta(days=365)
    )
    with pytest.raises(ValidationFailed) as refused:
        sign(unsigned_pdf, expired, leader)
    assert refused.value.code == "certificate_expired"


def test_trust_follows_the_configured_roots(db, agency):
    ca = services.local_ca_create(actor=None)
    cert = services.certificate_issue(owner_agency=agency, actor=None)
    assert not cert.trusted
    root = services.trusted_root_add(ca.chain_pem.encode(), actor=None)
    cert.refresh_from_db()
    assert cert.trusted
    services.trusted_root_remove(root, actor=None)
    cert.refresh_from_db()
    assert not cert.trusted


def test_a_leaf_certificate_cannot_be_a_root(agency_cert):
    pem = keys.chain_to_pem(keys.pem_to_chain(agency_cert.chain_pem)[:1]).encode()
    with pytest.raises(ValidationFailed):
        services.trusted_root_add(pem, actor=None)
    with pytest.raises(ValidationFailed):
        services.trusted_root_add(b"garbage", actor=None)
