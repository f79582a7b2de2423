"""Certifying: the leader of the agency compares and certifies; egov numbers the entry in the
year's book, makes the copy (scan pages, then the statement page with the book number and a
QR of the verification page), signs it (the official, then the agency), registers it and
tells the requester. Refusals leave nothing behind: no number, no file, no message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from egov.certification import issuing, services
from egov.certification.models import BookEntry, CertificationBook, CopyRequest
from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.notifications.models import Notification
from egov.printing.tests import pdfcheck
from egov.signing import records
from egov.signing import services as signing
from egov.signing.models import SignedDocument
from egov.signing.verify import verify_pdf

from .conftest import certified, submitted

pytestmark = pytest.mark.django_db


def copy_bytes(request: CopyRequest) -> bytes:
    assert request.document is not None
    with request.document.file.open("rb") as handle:
        return handle.read()


def nothing_certified(request: CopyRequest) -> None:
    request.refresh_from_db()
    assert request.status == CopyRequest.Status.PENDING
    assert not BookEntry.objects.exists()
    assert not SignedDocument.objects.exists()
    assert not CertificationBook.objects.filter(last_number__gt=0).exists()
    assert not AuditEvent.objects.filter(action="certification_copy_certified").exists()
    assert not Notification.objects.exists()


def test_certifying_issues_a_signed_numbered_copy(certificates):
    world = certificates
    request = certified(world, submitted(world, pages=3), notes="Bản chính còn tốt")
    assert request.status == CopyRequest.Status.CERTIFIED
    assert request.decided_by == world.leader
    assert request.fee == 5_000  # 2 × 2.000 + 1 × 1.000
    entry = request.book_entry
    year = timezone.localdate().year
    assert (entry.book.agency, entry.book.year, entry.number) == (world.commune_a, year, 1)
    assert entry.certification_number == f"Số chứng thực: 1, Quyển số 01/{year}-SCT/BS"
    assert (entry.requester_name, entry.document_name) == ("Trần Thị Ánh", "Bằng tốt nghiệp THPT")
    assert (entry.copies, entry.pages, entry.fee) == (1, 3, 5_000)
    assert (entry.certifier_name, entry.certifier_title) == (
        "Nguyễn Văn Năm",
        "Phó Chủ tịch UBND xã",
    )
    assert entry.notes == "Bản chính còn tốt"
    document = request.document
    assert document.code == entry.verification_code
    assert document.kind == SignedDocument.Kind.CERTIFIED_COPY
    assert document.agency == world.commune_a
    assert document.reference == f"Số 1, Quyển số 01/{year}-SCT/BS"
    # No personal data in what the public record shows.
    assert "Ánh" not in document.title and "Bằng" not in document.title
    audit = AuditEvent.objects.get(action="certification_copy_certified")
    assert audit.data["number"] == 1 and audit.data["personal_signature"] is True


def test_the_copy_is_the_scan_then_the_statement_and_verifies_intact(certificates):
    world = certificates
    request = certified(world, submitted(world, pages=2))
    pdf = copy_bytes(request)
    report = verify_pdf(pdf)
    assert report.valid
    assert [s.field_name for s in report.signatures] == [
        issuing.PERSON_FIELD,
        issuing.AGENCY_FIELD,
    ]
    assert [s.signer for s in report.signatures] == ["Nguyễn Văn Năm", "UBND xã An Bình"]
    assert all(s.intact and s.trusted for s in report.signatures)
    entry = request.book_entry
    statement = pdfcheck.text(pdf, page=3)
    assert "Chứng thực bản sao đúng với bản chính." in statement
    assert entry.certification_number in statement
    assert "Xã An Bình, ngày" in statement
    assert "Người thực hiện chứng thực: Nguyễn Văn Năm, Phó Chủ tịch UBND xã" in statement
    assert records.display_code(entry.verification_code) in statement
    assert "Bằng tốt nghiệp THPT" in statement and "2 trang" in statement
    assert "Chứng thực" not in pdfcheck.text(pdf, page=1)  # the statement comes last
    assert pdfcheck.qr_codes(pdf, page=3) == [records.verification_url(entry.verification_code)]
    assert len(pdfcheck.page_sizes_mm(pdf)) == 3


def test_the_scanned_images_reach_the_copy_unchanged(certificates):
    from egov.certification import scans

    world = certificates
    request = certified(world, submitted(world, pages=2, dpi=300))
    facts = scans.inspect_scan(copy_bytes(request))
    assert [(p.dpi, p.colour) for p in facts.pages[:2]] == [(300, True), (300, True)]


def test_a_byte_changed_in_the_copy_is_reported(certificates):
    world = certificates
    pdf = bytearray(copy_bytes(certified(world)))
    marker = pdf.index(b"Trang") if b"Trang" in pdf else len(pdf) // 4
    pdf[marker] ^= 0x01
    report = verify_pdf(bytes(pdf))
    assert not report.valid


def test_without_a_personal_certificate_the_agency_signs_alone(certificates):
    world = certificates
    signing.certificate_revoke(world.leader_cert, actor=None, reason="Mất thiết bị")
    request = certified(world)
    report = verify_pdf(copy_bytes(request))
    assert [s.field_name for s in report.signatures] == [issuing.AGENCY_FIELD]
    assert report.valid


def test_numbers_follow_each_other_per_agency_and_year(certificates):
    world = certificates
    world.agency_cert_b = signing.certificate_issue(owner_agency=world.commune_b, actor=None)
    first = certified(world)
    second = certified(world, submitted(world, citizen=world.other_citizen))
    other = services.copy_request_certify(
        submitted(world, agency=world.commune_b), actor=world.leader_b, compared=True
    )
    assert [first.book_entry.number, second.book_entry.number] == [1, 2]
    assert other.book_entry.number == 1
    assert CertificationBook.objects.get(agency=world.commune_a).last_number == 2


def test_a_new_year_starts_at_number_one(certificates):
    world = certificates
    last_year = timezone.localdate().year - 1
    CertificationBook.objects.create(agency=world.commune_a, year=last_year, last_number=57)
    entry = certified(world).book_entry
    assert (entry.book.year, entry.number) == (last_year + 1, 1)


def test_the_requester_is_told_by_email_and_sms(certificates):
    world = certificates
    request = certified(world)
    code = records.display_code(request.book_entry.verification_code)
    email = Notification.objects.get(channel=Notification.Channel.EMAIL)
    assert email.recipient == "anh@example.vn"
    assert "Bằng tốt nghiệp THPT" in email.subject
    assert code in email.body and request.book_entry.certification_number in email.body
    assert f"/tai-khoan/ban-sao-chung-thuc/{request.public_id}/" in email.body
    sms = Notification.objects.get(channel=Notification.Channel.SMS)
    assert sms.recipient == "0912345678" and code in sms.body


def test_a_walk_in_without_contacts_gets_no_message(certificates):
    world = certificates
    from .test_requests import register

    request = certified(world, register(world, world.desk))
    assert request.status == CopyRequest.Status.CERTIFIED
    assert not Notification.objects.exists()


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["desk", "specialist", "clerk", "leader_b", "province_leader"])
def test_only_a_leader_of_the_agency_itself_certifies(certificates, who):
    world = certificates
    request = submitted(world)
    with pytest.raises(PermissionRefused):
        services.copy_request_certify(request, actor=getattr(world, who), compared=True)
    nothing_certified(request)


def test_the_official_must_confirm_the_comparison(certificates):
    world = certificates
    request = submitted(world)
    with pytest.raises(ValidationFailed) as caught:
        services.copy_request_certify(request, actor=world.leader, compared=False)
    assert caught.value.extra["field"] == "compared"
    nothing_certified(request)


def test_an_agency_without_an_organisation_certificate_cannot_certify(world):
    signing.local_ca_create(actor=None, trust=True)
    signing.certificate_issue(owner_user=world.leader, actor=None)
    request = submitted(world)
    with pytest.raises(ValidationFailed) as caught:
        services.copy_request_certify(request, actor=world.leader, compared=True)
    assert caught.value.code == "no_organisation_certificate"
    assert "UBND xã An Bình" in str(caught.value)
    nothing_certified(request)


def test_a_revoked_or_expired_agency_certificate_cannot_certify(certificates):
    world = certificates
    request = submitted(world)
    signing.certificate_revoke(world.agency_cert, actor=None, reason="Lộ khóa")
    with pytest.raises(ValidationFailed):
        services.copy_request_certify(request, actor=world.leader, compared=True)
    past = timezone.now() - dt.timedelta(days=400)
    signing.certificate_issue(
        owner_agency=world.commune_a,
        actor=None,
        valid_from=past,
        valid_until=past + dt.timedelta(days=30),
    )
    with pytest.raises(ValidationFailed):
        services.copy_request_certify(request, actor=world.leader, compared=True)
    nothing_certified(request)


def test_a_decided_request_cannot_be_decided_again(certificates):
    world = certificates
    request = certified(world)
    with pytest.raises(Conflict):
        services.copy_request_certify(request, actor=world.leader, compared=True)
    with pytest.raises(Conflict):
        services.copy_request_refuse(request, actor=world.leader, reasons=["mismatch"])
    withdrawn = submitted(world)
    services.copy_request_withdraw(withdrawn, actor=world.citizen)
    with pytest.raises(Conflict):
        services.copy_request_certify(withdrawn, actor=world.leader, compared=True)
    assert BookEntry.objects.count() == 1


def test_a_failure_after_numbering_gives_the_number_back(certificates, monkeypatch):
    """The number is taken before the copy is signed; a signature that fails rolls it back
    with the rest, so the next certification gets the same number and the book no gap."""
    world = certificates
    request = submitted(world)

    def broken(*args, **kwargs):
        raise ValidationFailed("Ký số thất bại")

    monkeypatch.setattr(services, "make_copy", broken)
    with pytest.raises(ValidationFailed):
        services.copy_request_certify(request, actor=world.leader, compared=True)
    nothing_certified(request)
    monkeypatch.undo()
    assert certified(world, request).book_entry.number == 1


# --- refusing ---------------------------------------------------------------------------------


def test_refusing_records_the_reasons_and_tells_the_requester(certificates):
    world = certificates
    request = submitted(world)
    services.copy_request_refuse(
        request, actor=world.leader, reasons=["altered", "other"], note="Có dấu tẩy xóa ở trang 2"
    )
    request.refresh_from_db()
    assert request.status == CopyRequest.Status.REFUSED
    assert request.refusal_reasons == ["altered", "other"]
    assert request.refusal_note == "Có dấu tẩy xóa ở trang 2"
    assert not BookEntry.objects.exists() and request.fee is None
    email = Notification.objects.get(channel=Notification.Channel.EMAIL)
    assert "tẩy xóa" in email.body and "Có dấu tẩy xóa ở trang 2" in email.body
    assert Notification.objects.filter(channel=Notification.Channel.SMS).exists()
    assert AuditEvent.objects.get(action="certification_request_refused").data["reasons"] == [
        "altered",
        "other",
    ]


def test_refusing_needs_known_reasons_and_explains_other(certificates):
    world = certificates
    request = submitted(world)
    for reasons, note, field in (
        ([], "", "reasons"),
        (["nonsense"], "", "reasons"),
        (["other"], " ", "note"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            services.copy_request_refuse(request, actor=world.leader, reasons=reasons, note=note)
        assert caught.value.extra["field"] == field
    with pytest.raises(PermissionRefused):
        services.copy_request_refuse(request, actor=world.desk, reasons=["mismatch"])
    request.refresh_from_db()
    assert request.status == CopyRequest.Status.PENDING
    assert not Notification.objects.exists()


def test_the_mail_reaches_the_requester_after_the_commit(
    certificates, smtp_server, django_capture_on_commit_callbacks
):
    world = certificates
    request = submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        certified(world, request)
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "anh@example.vn"
    assert mail["Subject"].strip() == "Bản sao chứng thực đã sẵn sàng: Bằng tốt nghiệp THPT"
    body = mail.get_body(("plain",)).get_content()
    assert records.display_code(request.book_entry.verification_code) in body
