"""/xac-thuc/: anyone checks a PDF's signatures; every bad input gets a clear answer."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from egov.signing import checking
from egov.signing.verify import verify_pdf

from .issued import changed_after_signing, issue, signed

URL = "/xac-thuc/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def issued(unsigned_pdf, personal_cert, leader, agency):
    return issue(unsigned_pdf, certificate=personal_cert, actor=leader, agency=agency)


def upload(client, data: bytes, name: str = "ket-qua.pdf", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, data, "application/pdf")}, **extra)


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_form_offers_a_file_and_a_code(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert "Xác thực văn bản đã ký số" in page
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="code"' in page


def test_a_good_document_is_reported_valid_with_its_signer_and_time(client, issued):
    document, final = issued
    response = upload(client, final)
    assert response.status_code == 200
    page = text(response)
    assert "Chữ ký số hợp lệ" in page
    assert "KHÔNG hợp lệ" not in page
    assert "Lê Thị Hồng" in page and "UBND Xã Tân Phú" in page
    [signature] = verify_pdf(final).signatures
    shown = timezone.localtime(signature.signed_at).strftime("%d/%m/%Y %H:%M:%S")
    assert shown in page
    # The file is the issued one: the page says so and links its record.
    assert f'href="/xac-thuc/{document.code}/"' in page
    assert "Giấy khai sinh" in page


def test_a_document_changed_after_signing_is_not_valid(client, issued):
    _document, final = issued
    page = text(upload(client, changed_after_signing(final)))
    assert "Chữ ký số KHÔNG hợp lệ" in page
    assert "Văn bản đã bị thay đổi sau khi ký" in page
    # Trust cannot be judged on a damaged signature: no misleading second reason.
    assert "tin cậy cấp" not in page
    assert "không đánh giá được" in page
    assert "/xac-thuc/" + _document.code not in page  # not the issued file any more


def test_an_untrusted_signer_is_not_valid(client, issued, settings):
    from egov.signing import services
    from egov.signing.models import TrustedRoot

    _document, final = issued
    for root in TrustedRoot.objects.all():
        services.trusted_root_remove(root, actor=None)
    page = text(upload(client, final))
    assert "Chữ ký số KHÔNG hợp lệ" in page
    assert "không do tổ chức chứng thực mà egov tin cậy cấp" in page


def test_a_revoked_certificate_is_reported(client, issued, personal_cert):
    from egov.signing import services

    _document, final = issued
    services.certificate_revoke(personal_cert, actor=None, reason="Lộ khóa")
    page = text(upload(client, final))
    assert "Chứng thư số của người ký đã bị thu hồi." in page
    assert "Chữ ký số KHÔNG hợp lệ" in page
    assert "Có, đã bị thu hồi" in page


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda pdf, final: b"PK\x03\x04 a zip file", "không phải"),
        (lambda pdf, final: pdf, "không có chữ ký số"),
        (lambda pdf, final: b"", "Tệp đã chọn không có nội dung."),
        (lambda pdf, final: final[:300], ""),
    ],
    ids=["not-pdf", "unsigned", "empty", "truncated"],
)
def test_bad_input_gets_a_clear_refusal_linked_from_the_summary(
    client, issued, unsigned_pdf, make, message
):
    _document, final = issued
    response = upload(client, make(unsigned_pdf, final))
    assert response.status_code == 400
    page = text(response)
    assert "Có lỗi cần khắc phục" in page
    assert 'href="#id_file"' in page
    assert message in page
    assert page.count("<title>Lỗi:") == 1


def test_truncated_files_never_crash(client, issued):
    _document, final = issued
    for cut in (len(final) // 2, len(final) - 200, 1024):
        response = upload(client, final[:cut])
        assert response.status_code in (200, 400)
        if response.status_code == 200:
            assert "KHÔNG hợp lệ" in text(response)


def test_no_file_at_all_is_refused(client, db):
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Hãy chọn tệp PDF cần kiểm tra." in text(response)


def test_a_huge_file_is_refused_before_it_is_read(client, settings, issued):
    _document, final = issued
    settings.EGOV_SIGNING_VERIFY_MAX_BYTES = 1000
    response = upload(client, b"%PDF-1.7\n" + b"0" * 100_000)
    assert response.status_code == 413
    assert "lớn hơn" in text(response)
    # Just over the limit but within the multipart slack: refused when read.
    response = upload(client, final[:1500])
    assert response.status_code == 413


def test_uploads_are_rate_limited_per_address(client, issued, monkeypatch):
    _document, final = issued
    monkeypatch.setattr(checking, "RATE_LIMIT", 2)
    assert upload(client, final).status_code == 200
    assert upload(client, b"junk").status_code == 400
    refused = upload(client, final)
    assert refused.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in text(refused) or "thử lại sau" in text(refused)
    other = upload(client, final, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


def test_a_typed_code_opens_its_record(client, issued):
    document, _final = issued
    typed = f"{document.code[:4].lower()} {document.code[4:8]}-{document.code[8:]}"
    response = client.get(URL, {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/xac-thuc/{document.code}/"


def test_a_malformed_code_is_refused_on_the_form(client, db):
    response = client.get(URL, {"code": "12345"})
    assert response.status_code == 400
    page = text(response)
    assert 'href="#id_code"' in page
    assert "Mã xác thực gồm 12 chữ cái và chữ số" in page


def test_a_trusted_timestamp_is_named_as_the_source_of_the_time(
    client, demo_ca, settings, unsigned_pdf, personal_cert, leader
):
    from egov.signing.tests.tsa_server import issue_tsa_certificate, running_tsa

    key, cert = issue_tsa_certificate(demo_ca)
    with running_tsa(key, cert) as server:
        settings.EGOV_TSA_URL = server.url
        stamped_in_time = signed(unsigned_pdf, certificate=personal_cert, actor=leader)
    settings.EGOV_TSA_URL = ""
    page = text(upload(client, stamped_in_time))
    assert "được xác nhận bởi máy chủ cấp dấu thời gian tin cậy" in page
    untimed = text(upload(client, signed(unsigned_pdf, certificate=personal_cert, actor=leader)))
    assert "theo khai báo của người ký" in untimed
