"""Registering an issued document under its verification code: the rules and refusals."""

from __future__ import annotations

import hashlib

import pytest

from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.orgs.models import Role
from egov.orgs.tests.factories import AgencyFactory, OfficialFactory
from egov.signing import records, services
from egov.signing.models import SignedDocument


def register(agency, content, *, actor=None, **overrides):
    values = {
        "code": records.new_verification_code(),
        "pdf": content,
        "kind": SignedDocument.Kind.DOSSIER_RESULT,
        "title": "Giấy khai sinh",
        "agency": agency,
        "reference": "000.00.01.H22-261130-0001",
        "actor": actor,
    }
    values.update(overrides)
    return services.signed_document_register(**values)


def test_registering_stores_the_file_its_hash_and_an_audit_entry(agency, clerk, unsigned_pdf):
    code = records.new_verification_code()
    document = register(agency, unsigned_pdf, actor=clerk, code=records.display_code(code))
    document.refresh_from_db()
    assert document.code == code
    assert document.sha256 == hashlib.sha256(unsigned_pdf).hexdigest()
    assert document.size == len(unsigned_pdf)
    assert document.created_by == clerk
    assert document.issued_at is not None
    with document.file.open("rb") as stored:
        assert stored.read() == unsigned_pdf
    assert not document.file.name.startswith(("public", "static"))
    event = AuditEvent.objects.get(action="signing_document_registered")
    assert event.object_id == str(document.pk)
    assert event.actor == clerk


def test_the_system_may_register(agency, unsigned_pdf):
    assert register(agency, unsigned_pdf, actor=None).created_by is None


def test_an_official_of_another_agency_is_refused(agency, unsigned_pdf):
    stranger = OfficialFactory(agency=AgencyFactory(), roles=[Role.CLERK]).user
    with pytest.raises(PermissionRefused):
        register(agency, unsigned_pdf, actor=stranger)
    assert not SignedDocument.objects.exists()


def test_a_code_used_twice_is_a_conflict(agency, unsigned_pdf):
    first = register(agency, unsigned_pdf)
    with pytest.raises(Conflict):
        register(agency, unsigned_pdf, code=records.display_code(first.code).lower())
    assert SignedDocument.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "7KQ2-M9XD"}, "code"),
        ({"code": "7KQ2-M9XD-4HTU"}, "code"),
        ({"kind": "passport"}, "kind"),
        ({"title": "   "}, "title"),
        ({"pdf": b""}, "pdf"),
        ({"pdf": b"PK\x03\x04 not a pdf"}, "pdf"),
    ],
)
def test_malformed_input_is_refused(agency, unsigned_pdf, overrides, field):
    with pytest.raises(ValidationFailed) as refused:
        register(agency, unsigned_pdf, **overrides)
    assert refused.value.extra["field"] == field
    assert not SignedDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="signing_document_registered").exists()


def test_a_file_nobody_could_verify_for_its_size_is_refused(agency, unsigned_pdf, settings):
    settings.EGOV_SIGNING_VERIFY_MAX_BYTES = len(unsigned_pdf) - 1
    with pytest.raises(ValidationFailed):
        register(agency, unsigned_pdf)
