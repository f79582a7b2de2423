"""Signatures and verification codes of what the one-stop flow issues: forms 01–06 signed by
their agency (or left unsigned, saying so, when it has no usable certificate), results signed
by the approving leader and then by the agency with their number, every issued document
carrying its code as text and QR and registered under it. Read back with pyHanko (through
egov.signing.verify), poppler's pdfsig and pdftotext, and a real QR decoder."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.core.tests.samples import pdf_bytes, png_bytes
from egov.dossiers import services
from egov.dossiers.models import Dossier, DossierFile
from egov.dossiers.services import clock_at, paperwork
from egov.dossiers.services.signatures import (
    AGENCY_FIELD,
    LEADER_FIELD,
    agency_certificate,
    seal_form,
)
from egov.orgs.models import Role
from egov.printing.tests.pdfcheck import qr_codes, text
from egov.signing import records
from egov.signing import services as signing
from egov.signing.models import SignedDocument
from egov.signing.pdf import Appearance, sign_pdf
from egov.signing.verify import verify_pdf

from .conftest import pdf_upload, received, submitted_online
from .helpers import fresh, refused, vn
from .official import act, page_url
from .official import text as page_text

MISSING_PDFSIG = (
    "PDFSIG CHECKS SKIPPED: poppler's pdfsig is missing; "
    "install Debian's poppler-utils: apt-get install poppler-utils"
)


def pdfsig(pdf: bytes) -> str:
    tool = shutil.which("pdfsig")
    if tool is None:
        pytest.skip(MISSING_PDFSIG)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "signed.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(  # noqa: S603 - fixed tool, our own temp file
            [tool, "-nocert", str(path)], capture_output=True, text=True, check=False
        )
    return result.stdout + result.stderr


def content(stored: DossierFile) -> bytes:
    with stored.file.open("rb") as handle:
        return handle.read()


def words(pdf: bytes) -> str:
    return " ".join(text(pdf).split())


@pytest.fixture
def demo_ca(db):
    return signing.local_ca_create(actor=None, trust=True)


@pytest.fixture
def agency_cert(demo_ca, world):
    return signing.certificate_issue(owner_agency=world.commune_a, actor=None)


@pytest.fixture
def leader_cert(demo_ca, world):
    return signing.certificate_issue(owner_user=world.leader, actor=None)


@pytest.fixture
def other_leader(world, make_official):
    return make_official(
        agency=world.commune_a, roles=[Role.AGENCY_LEADER], full_name="Trịnh Văn Bảy"
    )


def at_decision(w) -> Dossier:
    dossier = received(w)
    services.forward(dossier, actor=w.specialist)
    services.forward(dossier, actor=w.head)
    return fresh(dossier)


def form(dossier: Dossier, code: str) -> DossierFile:
    return dossier.files.get(kind=DossierFile.Kind.FORM, form_code=code)


def the_result(dossier: Dossier) -> DossierFile:
    return dossier.files.get(kind=DossierFile.Kind.RESULT, removed=False)


def assert_registered(stored: DossierFile, kind: str) -> SignedDocument:
    """The file is registered under the code printed on it, byte for byte."""
    data = content(stored)
    registered = SignedDocument.objects.get(code=stored.verification_code)
    assert registered.kind == kind
    assert registered.sha256 == hashlib.sha256(data).hexdigest() == stored.sha256
    assert registered.reference == (stored.dossier.code or "")
    printed = words(data)
    assert records.display_code(stored.verification_code) in printed
    return registered


# --- Forms 01–06 ----------------------------------------------------------------------------


def test_the_receipt_is_signed_by_the_agency_with_its_code_and_qr(world, agency_cert):
    dossier = received(world)
    receipt = form(dossier, "01")
    data = content(receipt)
    report = verify_pdf(data)
    [signature] = report.signatures
    assert report.valid
    assert signature.field_name == AGENCY_FIELD
    assert signature.signer == world.commune_a.name
    assert signature.intact and signature.trusted and signature.revoked is False
    out = pdfsig(data)
    assert "Signature is Valid." in out, out
    assert "Total document signed" in out, out
    # The code is printed (words and QR), and the register holds exactly these bytes.
    assert_registered(receipt, SignedDocument.Kind.ONESTOP_FORM)
    assert records.verification_url(receipt.verification_code) in qr_codes(data)
    assert receipt.signatures[0]["field"] == AGENCY_FIELD
    # The desk officer's action led to it: the audit line of the signature names them.
    used = AuditEvent.objects.filter(action="signing_certificate_used").get()
    assert used.actor == world.desk
    assert used.object_id == str(agency_cert.pk)


def test_forms_02_to_06_are_each_signed_by_their_agency_and_intact(world, agency_cert):
    asked = services.ask_completion(
        submitted_online(world),
        actor=world.desk,
        items=[("Giấy chứng sinh bản chính", "chưa có trong hồ sơ")],
    )
    refused_at_desk = services.refuse_reception(
        submitted_online(world), actor=world.desk, reasons=["Không thuộc thẩm quyền"]
    )
    late = received(world)
    services.late_notice(
        late, actor=world.leader, reason="Cần xác minh", new_due=late.due_at + dt.timedelta(7)
    )
    stopped = services.stop(received(world), actor=world.citizen, reason="Tôi rút hồ sơ")
    issued = [form(asked, "02"), form(refused_at_desk, "03"), form(late, "04")]
    issued.append(form(stopped, "05"))
    for stored in issued:
        data = content(stored)
        report = verify_pdf(data)
        assert [s.field_name for s in report.signatures] == [AGENCY_FIELD], stored.form_code
        assert report.valid, stored.form_code
        assert "Signature is Valid." in pdfsig(data), stored.form_code
        assert_registered(stored, SignedDocument.Kind.ONESTOP_FORM)
    # The applicant's own request stops the dossier: the register names no official.
    assert SignedDocument.objects.get(code=form(stopped, "05").verification_code).created_by is None

    slip = paperwork.control_slip(late, actor=world.desk)
    report = verify_pdf(slip)
    assert report.valid and report.signatures[0].signer == world.commune_a.name
    code = next(
        c
        for c in SignedDocument.objects.filter(title__startswith="Mẫu 06").values_list(
            "code", flat=True
        )
    )
    assert records.display_code(code) in words(slip)
    assert SignedDocument.objects.get(code=code).sha256 == hashlib.sha256(slip).hexdigest()


def test_an_agency_without_a_certificate_issues_unsigned_forms_that_say_so(world):
    dossier = received(world)
    receipt = form(dossier, "01")
    data = content(receipt)
    with pytest.raises(ValidationFailed) as unsigned:
        verify_pdf(data)
    assert unsigned.value.code == "unsigned"
    printed = words(data)
    assert "Văn bản chưa được ký số" in printed
    assert receipt.signatures == []
    # Still checkable by its code.
    assert_registered(receipt, SignedDocument.Kind.ONESTOP_FORM)


def test_a_revoked_agency_certificate_is_not_used(world, agency_cert):
    signing.certificate_revoke(agency_cert, actor=None, reason="Lộ khóa")
    assert agency_certificate(world.commune_a) is None
    receipt = form(received(world), "01")
    assert receipt.signatures == []
    assert "Văn bản chưa được ký số" in words(content(receipt))


def test_egov_signs_forms_only_with_that_agencys_own_certificate(world, agency_cert, leader_cert):
    unsigned = pdf_bytes("Mau 01")
    # Outside the system path the desk officer may not use the agency's key.
    with pytest.raises(PermissionRefused):
        sign_pdf(
            unsigned,
            certificate=agency_cert,
            actor=world.desk,
            reason="x",
            location="",
            field_name="X",
            appearance=Appearance.organisation(),
        )
    other = signing.certificate_issue(owner_agency=world.commune_b, actor=None)
    for wrong in (other, leader_cert):
        with pytest.raises(PermissionRefused):
            seal_form(
                unsigned, agency=world.commune_a, certificate=wrong, actor=world.desk, reason="x"
            )
    signing.certificate_revoke(agency_cert, actor=None, reason="Hết hiệu lực")
    with pytest.raises(ValidationFailed) as revoked:
        seal_form(
            unsigned, agency=world.commune_a, certificate=agency_cert, actor=world.desk, reason="x"
        )
    assert revoked.value.code == "certificate_revoked"


# --- Results --------------------------------------------------------------------------------


def test_a_result_is_signed_by_the_leader_then_by_the_agency_with_its_number(
    world, agency_cert, leader_cert
):
    dossier = at_decision(world)
    services.approve(dossier, actor=world.leader, result=pdf_upload("giay-khai-sinh.pdf"))
    approved = dossier.files.get(kind=DossierFile.Kind.APPROVED_RESULT)
    assert [s["field"] for s in approved.signatures] == [LEADER_FIELD]
    assert approved.signatures[0]["signer"] == "Nguyễn Văn Năm"

    services.issue_result(dossier, actor=world.clerk)
    dossier = fresh(dossier)
    result = the_result(dossier)
    assert result.name == "giay-khai-sinh.pdf"
    assert result.verification_code == approved.verification_code
    data = content(result)
    report = verify_pdf(data)
    assert [s.field_name for s in report.signatures] == [LEADER_FIELD, AGENCY_FIELD]
    leader, agency = report.signatures
    assert leader.signer == "Nguyễn Văn Năm" and leader.organisation == world.commune_a.name
    assert agency.signer == world.commune_a.name
    assert report.valid
    out = pdfsig(data)
    assert out.count("Signature is Valid.") == 2, out
    # The number is the agency's first of the year, shown in its signature.
    assert dossier.result_number == 1
    assert dossier.result_notation.startswith("01/KQ")
    assert f"Số: {dossier.result_notation}" in words(data)
    # The upload's own content is still there, under the stamp and the signatures.
    assert "Giay to" in words(data)
    registered = assert_registered(result, SignedDocument.Kind.DOSSIER_RESULT)
    assert registered.agency == world.commune_a
    assert registered.created_by == world.clerk
    assert f"số {dossier.result_notation}" in registered.title
    event = dossier.events.get(action="issue_result")
    assert event.data["leader_signed"] and event.data["agency_signed"]


def test_a_generated_result_notice_carries_both_signatures_in_its_band(
    world, agency_cert, leader_cert
):
    dossier = at_decision(world)
    services.approve(
        dossier, actor=world.leader, generate=True, note="Cấp Giấy khai sinh cho cháu Bình."
    )
    services.issue_result(dossier, actor=world.leader)
    result = the_result(fresh(dossier))
    data = content(result)
    report = verify_pdf(data)
    assert [s.field_name for s in report.signatures] == [LEADER_FIELD, AGENCY_FIELD]
    assert report.valid
    printed = words(data)
    assert "Cấp Giấy khai sinh cho cháu Bình." in printed
    assert "Nguyễn Văn Năm" in printed
    assert records.verification_url(result.verification_code) in qr_codes(data)
    assert_registered(result, SignedDocument.Kind.DOSSIER_RESULT)


def test_a_leader_without_a_certificate_approves_and_the_result_says_so(world, agency_cert):
    dossier = at_decision(world)
    services.approve(dossier, actor=world.leader, generate=True, note="Đồng ý")
    approved = dossier.files.get(kind=DossierFile.Kind.APPROVED_RESULT)
    assert approved.signatures == []
    assert "Lãnh đạo phê duyệt chưa ký số" in words(content(approved))
    services.issue_result(dossier, actor=world.clerk)
    result = the_result(fresh(dossier))
    assert [s["field"] for s in result.signatures] == [AGENCY_FIELD]
    assert verify_pdf(content(result)).valid


def test_neither_leader_nor_agency_certificate_still_issues_a_registered_result(world):
    dossier = at_decision(world)
    services.approve(dossier, actor=world.leader, result=pdf_upload())
    services.issue_result(dossier, actor=world.clerk)
    dossier = fresh(dossier)
    result = the_result(dossier)
    assert result.signatures == []
    assert dossier.result_notation == "01/KQ" or dossier.result_notation.startswith("01/KQ-")
    assert_registered(result, SignedDocument.Kind.DOSSIER_RESULT)


def test_another_leaders_certificate_is_refused(world, demo_ca, other_leader):
    theirs = signing.certificate_issue(owner_user=other_leader, actor=None)
    dossier = at_decision(world)
    refused(
        PermissionRefused,
        lambda: services.approve(
            dossier, actor=world.leader, result=pdf_upload(), certificate=theirs
        ),
        dossier,
    )
    assert not dossier.files.filter(kind=DossierFile.Kind.APPROVED_RESULT).exists()


def test_a_revoked_or_organisation_certificate_cannot_sign_an_approval(
    world, leader_cert, agency_cert
):
    dossier = at_decision(world)
    error = refused(
        ValidationFailed,
        lambda: services.approve(
            dossier, actor=world.leader, result=pdf_upload(), certificate=agency_cert
        ),
        dossier,
    )
    assert error.code == "certificate_not_personal"
    signing.certificate_revoke(leader_cert, actor=None, reason="Mất thiết bị")
    error = refused(
        ValidationFailed,
        lambda: services.approve(
            dossier, actor=world.leader, result=pdf_upload(), certificate=leader_cert
        ),
        dossier,
    )
    assert error.code == "certificate_revoked"
    # Chosen automatically, a revoked certificate is simply not used.
    services.approve(dossier, actor=world.leader, result=pdf_upload())
    assert dossier.files.get(kind=DossierFile.Kind.APPROVED_RESULT).signatures == []


def test_result_documents_that_cannot_be_stamped_are_refused(world, demo_ca, leader_cert):
    dossier = at_decision(world)
    image = SimpleUploadedFile("ket-qua.png", png_bytes(), content_type="image/png")
    error = refused(
        ValidationFailed,
        lambda: services.approve(dossier, actor=world.leader, result=image),
        dossier,
    )
    assert error.code == "file_type_not_allowed"
    already = sign_pdf(
        pdf_bytes("Da ky"),
        certificate=leader_cert,
        actor=world.leader,
        reason="x",
        location="",
        field_name="Truoc",
    )
    signed_upload = SimpleUploadedFile("da-ky.pdf", already, content_type="application/pdf")
    error = refused(
        ValidationFailed,
        lambda: services.approve(dossier, actor=world.leader, result=signed_upload),
        dossier,
    )
    assert error.code == "result_already_signed"
    error = refused(
        ValidationFailed,
        lambda: services.approve(dossier, actor=world.leader, result=pdf_upload(), generate=True),
        dossier,
    )
    assert error.code == "result_twice"


def test_the_approved_document_is_issued_as_approved(world):
    dossier = at_decision(world)
    services.approve(dossier, actor=world.leader, result=pdf_upload())
    error = refused(
        ValidationFailed,
        lambda: services.issue_result(dossier, actor=world.clerk, result=pdf_upload()),
        dossier,
    )
    assert error.code == "result_already_approved"
    # The applicant sees nothing before it is issued and ready.
    approved = dossier.files.get(kind=DossierFile.Kind.APPROVED_RESULT)
    assert not SignedDocument.objects.filter(code=approved.verification_code).exists()


def test_results_are_numbered_per_agency_and_year(world):
    first, second = at_decision(world), at_decision(world)
    for dossier in (first, second):
        services.approve(dossier, actor=world.leader)
    with clock_at(vn(2026, 12, 31, 16)):
        services.issue_result(first, actor=world.clerk, result=pdf_upload())
    with clock_at(vn(2027, 1, 4)):
        services.issue_result(second, actor=world.clerk, result=pdf_upload())
    assert (fresh(first).result_number, fresh(second).result_number) == (1, 1)
    third = at_decision(world)
    services.approve(third, actor=world.leader)
    with clock_at(vn(2027, 1, 5)):
        services.issue_result(third, actor=world.clerk, result=pdf_upload())
    assert fresh(third).result_number == 2


# --- What the pages show --------------------------------------------------------------------


def active_step(dossier: Dossier):
    return dossier.steps.get(state="active")


def test_the_leader_approves_with_the_document_through_the_page(
    client, world, agency_cert, leader_cert
):
    dossier = at_decision(world)
    client.force_login(world.leader)
    page = page_text(client.get(page_url(dossier)))
    assert "sẽ được ký bằng chứng thư số “Nguyễn Văn Năm”" in page
    step = active_step(dossier)
    response = act(
        client,
        dossier,
        "approve",
        {"result": pdf_upload("quyet-dinh.pdf"), "note": "Đồng ý"},
        target=step.pk,
    )
    assert response.status_code == 302
    approved = dossier.files.get(kind=DossierFile.Kind.APPROVED_RESULT)
    assert [s["field"] for s in approved.signatures] == [LEADER_FIELD]

    client.force_login(world.clerk)
    page = page_text(client.get(page_url(dossier)))
    assert "Lãnh đạo đã phê duyệt văn bản kết quả “quyet-dinh.pdf”" in page
    assert 'name="issue_result-result"' not in client.get(page_url(dossier)).content.decode()
    assert act(client, dossier, "issue_result", {}).status_code == 302
    page = page_text(client.get(page_url(dossier)))
    assert "Lãnh đạo phê duyệt đã ký: Nguyễn Văn Năm" in page
    assert f"Cơ quan đã ký: {world.commune_a.name}" in page
    code = the_result(fresh(dossier)).verification_code
    assert records.display_code(code) in page
    markup = client.get(page_url(dossier)).content.decode()
    assert f'href="{records.verification_path(code)}"' in markup
    assert "Số kết quả 01/KQ" in page


def test_pages_flag_what_is_not_signed(client, world):
    dossier = at_decision(world)
    services.approve(dossier, actor=world.leader, result=pdf_upload())
    services.issue_result(dossier, actor=world.clerk)
    services.hand_to_desk(dossier, actor=world.clerk)
    services.return_result(dossier, actor=world.desk, method="online")
    client.force_login(world.desk)
    page = page_text(client.get(page_url(dossier)))
    assert "Chưa có chữ ký số của lãnh đạo phê duyệt." in page
    assert "Chưa có chữ ký số của cơ quan" in page
    # The applicant sees the same about the result, and its code.
    client.force_login(world.citizen)
    page = page_text(client.get(f"/ho-so-cua-toi/{dossier.public_id}/"))
    assert "Chưa có chữ ký số của lãnh đạo phê duyệt." in page
    assert records.display_code(the_result(dossier).verification_code) in page


def test_the_applicant_downloads_the_signed_result_from_my_dossiers(
    client, world, agency_cert, leader_cert
):
    dossier = at_decision(world)
    services.approve(dossier, actor=world.leader, generate=True, note="Đồng ý")
    services.issue_result(dossier, actor=world.clerk)
    services.hand_to_desk(dossier, actor=world.clerk)
    services.return_result(dossier, actor=world.desk, method="online")
    result = the_result(dossier)
    client.force_login(world.citizen)
    page = page_text(client.get(f"/ho-so-cua-toi/{dossier.public_id}/"))
    assert "Lãnh đạo phê duyệt đã ký: Nguyễn Văn Năm" in page
    response = client.get(f"/ho-so-cua-toi/{dossier.public_id}/tep/{result.pk}/")
    downloaded = b"".join(response.streaming_content)
    assert downloaded == content(result)
    assert [s.field_name for s in verify_pdf(downloaded).signatures] == [
        LEADER_FIELD,
        AGENCY_FIELD,
    ]
    # The approved draft, never meant for the applicant, is not served.
    approved = dossier.files.get(kind=DossierFile.Kind.APPROVED_RESULT)
    hidden = client.get(f"/ho-so-cua-toi/{dossier.public_id}/tep/{approved.pk}/")
    assert hidden.status_code == 404
