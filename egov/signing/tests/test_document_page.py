"""/xac-thuc/<code>/: the public record of an issued document, never its file."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from egov.signing import services

from .issued import changed_after_signing, issue


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def issued(unsigned_pdf, personal_cert, leader, agency):
    return issue(unsigned_pdf, certificate=personal_cert, actor=leader, agency=agency)


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_record_shows_the_public_facts_and_the_signature_report(client, issued):
    document, _final = issued
    response = client.get(f"/xac-thuc/{document.code}/")
    assert response.status_code == 200
    page = text(response)
    code = document.code
    assert f"Mã xác thực {code[:4]}-{code[4:8]}-{code[8:]}" in page
    assert "Giấy khai sinh" in page
    assert "Kết quả giải quyết hồ sơ" in page
    assert "UBND Xã Tân Phú" in page
    assert "000.00.01.H22-261130-0001" in page
    assert timezone.localtime(document.issued_at).strftime("%d/%m/%Y") in page
    assert document.sha256[:8] in page and document.sha256[-8:] in page
    assert "Chữ ký số hợp lệ" in page
    assert "Lê Thị Hồng" in page


def test_the_stored_file_is_never_offered(client, issued):
    document, _final = issued
    page = text(client.get(f"/xac-thuc/{document.code}/"))
    assert document.file.name not in page
    links = re.findall(r'(?:href|src|action)="([^"]*)"', page)
    assert links
    assert not [link for link in links if ".pdf" in link or "media" in link or "documents" in link]


def test_a_code_typed_loosely_redirects_to_its_record(client, issued):
    document, _final = issued
    loose = f"{document.code[:4].lower()}-{document.code[4:8]}-{document.code[8:]}"
    response = client.get(f"/xac-thuc/{loose}/")
    assert response.status_code == 302
    assert response["Location"] == f"/xac-thuc/{document.code}/"


def test_an_unknown_code_is_a_helpful_404(client, db):
    response = client.get("/xac-thuc/7KQ2M9XD4HTP/")
    assert response.status_code == 404
    page = text(response)
    assert "Không có văn bản nào mang mã này" in page
    assert "7KQ2M9XD4HTP" in page
    assert "đối chiếu từng ký tự" in page


def test_a_malformed_code_is_a_404_that_explains_codes(client, db):
    response = client.get("/xac-thuc/abc/")
    assert response.status_code == 404
    assert "không phải là mã xác thực" in text(response)


def test_an_identical_copy_is_confirmed_and_another_file_is_not(client, issued):
    document, final = issued
    url = f"/xac-thuc/{document.code}/"
    same = client.post(url, {"file": SimpleUploadedFile("a.pdf", final)})
    assert same.status_code == 200
    assert "trùng khớp hoàn toàn" in text(same)
    other = client.post(url, {"file": SimpleUploadedFile("a.pdf", changed_after_signing(final))})
    assert other.status_code == 200
    assert "tệp của bạn khác với văn bản đã ban hành" in text(other)
    empty = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"")})
    assert empty.status_code == 400
    assert 'href="#id_file"' in text(empty)


def test_a_revocation_shows_at_once_despite_the_cached_report(client, issued, personal_cert):
    document, _final = issued
    url = f"/xac-thuc/{document.code}/"
    assert "Chữ ký số hợp lệ" in text(client.get(url))
    services.certificate_revoke(personal_cert, actor=None, reason="Lộ khóa")
    assert "Có, đã bị thu hồi" in text(client.get(url))


def test_a_lost_stored_file_is_said_plainly(client, issued):
    document, _final = issued
    document.file.storage.delete(document.file.name)
    response = client.get(f"/xac-thuc/{document.code}/")
    assert response.status_code == 200
    assert "Hiện không đọc được tệp đã lưu." in text(response)
