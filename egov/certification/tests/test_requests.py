"""Making a request: online from a citizen's or business's account, or at the counter by a
desk officer; withdrawing it. Each rule and each refusal, with the audit line written in the
same transaction and nothing stored when refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.certification import services
from egov.certification.models import CertifyingAgency, CopyRequest
from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.orgs.tests.factories import BusinessFactory

from .conftest import scan_upload, submitted

pytestmark = pytest.mark.django_db


def refused(error_type, call):
    before = (CopyRequest.objects.count(), AuditEvent.objects.count())
    with pytest.raises(error_type) as caught:
        call()
    assert (CopyRequest.objects.count(), AuditEvent.objects.count()) == before
    return caught.value


def test_a_citizen_submits_a_scan_for_a_commune(world):
    request = submitted(world, pages=3)
    assert request.status == CopyRequest.Status.PENDING
    assert request.channel == CopyRequest.Channel.ONLINE
    assert request.requester == world.citizen
    assert request.requester_name == "Trần Thị Ánh"  # from the citizen profile
    assert (request.requester_phone, request.requester_email) == ("0912345678", "anh@example.vn")
    assert request.pages == 3 and request.scan_dpi == 200
    assert request.scan_name == "bang-tot-nghiep.pdf"
    assert len(request.scan_sha256) == 64 and request.scan_size > 0
    assert request.scan.read().startswith(b"%PDF-1.4")
    assert request.search_text == "tran thi anh bang tot nghiep thpt"
    audit = AuditEvent.objects.get(action="certification_request_submitted")
    assert audit.actor == world.citizen and audit.object_id == str(request.pk)
    assert audit.data["pages"] == 3


def test_a_business_may_request_too(world):
    business = BusinessFactory(name="Công ty TNHH Hoa Sen").user
    request = submitted(world, citizen=business)
    assert request.requester_name == "Công ty TNHH Hoa Sen"


def test_officials_and_visitors_cannot_submit_online(world):
    from django.contrib.auth.models import AnonymousUser

    for actor in (world.desk, world.leader, AnonymousUser()):
        refused(PermissionRefused, lambda actor=actor: submitted(world, citizen=actor))


def test_the_agency_must_certify_copies(world):
    error = refused(ValidationFailed, lambda: submitted(world, agency=world.police))
    assert error.extra["field"] == "agency"
    refused(ValidationFailed, lambda: submitted(world, agency=world.justice))
    services.certifying_agency_set(agency=world.justice, active=True, actor=None)
    assert submitted(world, agency=world.justice).agency == world.justice
    world.commune_b.is_active = False
    world.commune_b.save()
    refused(ValidationFailed, lambda: submitted(world, agency=world.commune_b))


def test_only_a_system_administrator_adds_a_certifying_agency(world, sysadmin):
    refused(
        PermissionRefused,
        lambda: services.certifying_agency_set(
            agency=world.justice, active=True, actor=world.leader
        ),
    )
    row = services.certifying_agency_set(agency=world.justice, active=True, actor=sysadmin)
    assert CertifyingAgency.objects.get(agency=world.justice) == row
    assert AuditEvent.objects.filter(action="certification_agency_set").count() == 1
    services.certifying_agency_set(agency=world.justice, active=False, actor=sysadmin)
    refused(ValidationFailed, lambda: submitted(world, agency=world.justice))


def test_the_document_must_be_named(world):
    error = refused(ValidationFailed, lambda: submitted(world, document="   "))
    assert error.extra["field"] == "document_name"
    refused(ValidationFailed, lambda: submitted(world, document="x" * 301))


def test_a_bad_scan_is_refused_on_the_scan_field(world):
    error = refused(ValidationFailed, lambda: submitted(world, dpi=150))
    assert error.extra["field"] == "scan" and "150 dpi" in str(error)
    error = refused(ValidationFailed, lambda: submitted(world, colour=False))
    assert "thang xám" in str(error)
    error = refused(ValidationFailed, lambda: submitted(world, version="1.3"))
    assert error.code == "scan_old_version"


def test_only_pdf_files_of_limited_size(world, settings):
    png = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 20)
    error = refused(
        ValidationFailed,
        lambda: services.copy_request_submit(
            agency=world.commune_a, document_name="Giấy", scan=png, actor=world.citizen
        ),
    )
    assert error.extra["field"] == "scan" and error.code == "file_type_not_allowed"
    settings.EGOV_CERTIFICATION_SCAN_MAX_BYTES = 1000
    error = refused(ValidationFailed, lambda: submitted(world))
    assert error.code == "file_too_large"


def test_the_size_limit_stays_below_what_verification_accepts(settings):
    settings.EGOV_CERTIFICATION_SCAN_MAX_BYTES = 100 * 1024 * 1024
    settings.EGOV_SIGNING_VERIFY_MAX_BYTES = 20 * 1024 * 1024
    assert services.scan_max_bytes() == 19 * 1024 * 1024


def test_a_requester_may_have_only_so_many_requests_waiting(world, monkeypatch):
    monkeypatch.setattr(services, "MAX_PENDING_PER_REQUESTER", 2)
    first = submitted(world)
    submitted(world)
    error = refused(ValidationFailed, lambda: submitted(world))
    assert error.code == "too_many_pending"
    assert submitted(world, citizen=world.other_citizen).requester == world.other_citizen
    services.copy_request_withdraw(first, actor=world.citizen)
    submitted(world)


# --- at the counter -------------------------------------------------------------------------


def register(world, actor, *, agency=None, name="Hoàng Văn Tư", **extra):
    return services.copy_request_register(
        agency=agency or world.commune_a,
        requester_name=name,
        document_name=extra.pop("document", "Giấy khai sinh"),
        scan=scan_upload("scan0001.pdf"),
        actor=actor,
        **extra,
    )


def test_the_desk_registers_a_walk_in_requester(world):
    request = register(world, world.desk, requester_phone="0911222333")
    assert request.channel == CopyRequest.Channel.COUNTER
    assert request.requester is None and request.submitted_by == world.desk
    assert request.requester_name == "Hoàng Văn Tư"
    assert request.requester_phone == "0911222333"
    assert AuditEvent.objects.filter(action="certification_request_registered").count() == 1
    assert register(world, world.leader).submitted_by == world.leader


def test_only_the_agency_s_desk_and_leaders_register(world):
    for actor in (world.specialist, world.clerk, world.leader_b, world.citizen):
        refused(PermissionRefused, lambda actor=actor: register(world, actor))
    # A leader above the commune may act for it; a commune's desk cannot act for another.
    assert register(world, world.province_leader).agency == world.commune_a
    refused(PermissionRefused, lambda: register(world, world.desk, agency=world.commune_b))


def test_the_walk_in_needs_a_name(world):
    error = refused(ValidationFailed, lambda: register(world, world.desk, name=" "))
    assert error.extra["field"] == "requester_name"


# --- withdrawing ----------------------------------------------------------------------------


def test_the_requester_withdraws_a_waiting_request(world):
    request = submitted(world)
    services.copy_request_withdraw(request, actor=world.citizen)
    request.refresh_from_db()
    assert request.status == CopyRequest.Status.WITHDRAWN and request.decided_at is not None
    assert AuditEvent.objects.filter(action="certification_request_withdrawn").count() == 1
    with pytest.raises(Conflict):
        services.copy_request_withdraw(request, actor=world.citizen)


def test_nobody_else_withdraws_it(world):
    request = submitted(world)
    walk_in = register(world, world.desk)
    for actor in (world.other_citizen, world.desk, world.leader):
        with pytest.raises(PermissionRefused):
            services.copy_request_withdraw(request, actor=actor)
    with pytest.raises(PermissionRefused):
        services.copy_request_withdraw(walk_in, actor=world.citizen)
    request.refresh_from_db()
    assert request.status == CopyRequest.Status.PENDING
