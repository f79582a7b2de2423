"""POST /api/v1/signatures/verify and GET /api/v1/signatures/documents/{code}."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.signing import checking

from .issued import changed_after_signing, issue

VERIFY = "/api/v1/signatures/verify"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def issued(unsigned_pdf, personal_cert, leader, agency):
    return issue(unsigned_pdf, certificate=personal_cert, actor=leader, agency=agency)


def post(client, data: bytes, **extra):
    return client.post(VERIFY, {"file": SimpleUploadedFile("a.pdf", data)}, **extra)


def test_a_good_document_has_exactly_the_documented_shape(client, issued):
    _document, final = issued
    response = post(client, final)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"signatures", "valid"}
    [signature] = body["signatures"]
    assert set(signature) == {"signer", "organisation", "signed_at", "intact", "trusted", "revoked"}
    assert body["valid"] is True
    assert signature["signer"] == "Lê Thị Hồng"
    assert signature["organisation"] == "UBND Xã Tân Phú"
    assert signature["signed_at"].endswith("+07:00")
    assert signature["intact"] is True and signature["trusted"] is True
    assert signature["revoked"] is False


def test_a_modified_document_is_not_intact(client, issued):
    _document, final = issued
    body = post(client, changed_after_signing(final)).json()
    assert body["valid"] is False
    assert body["signatures"][0]["intact"] is False


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda pdf, final: b"GIF89a not a pdf", "not_pdf"),
        (lambda pdf, final: pdf, "unsigned"),
        (lambda pdf, final: b"", "empty"),
        (lambda pdf, final: final[:300], None),
    ],
    ids=["not-pdf", "unsigned", "empty", "truncated"],
)
def test_bad_input_is_a_400_with_code_and_message(client, issued, unsigned_pdf, make, code):
    _document, final = issued
    response = post(client, make(unsigned_pdf, final))
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message"}
    assert body["message"]
    if code is not None:
        assert body["code"] == code


def test_a_missing_file_field_is_a_400(client, db):
    response = client.post(VERIFY, {"other": "x"})
    assert response.status_code == 400
    assert response.json()["code"] == "no_file"


def test_a_huge_file_is_a_413(client, settings, db):
    settings.EGOV_SIGNING_VERIFY_MAX_BYTES = 1000
    response = post(client, b"%PDF-1.7\n" + b"0" * 100_000)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_too_many_checks_are_a_429_with_retry_after(client, issued, monkeypatch):
    _document, final = issued
    monkeypatch.setattr(checking, "RATE_LIMIT", 1)
    assert post(client, final).status_code == 200
    refused = post(client, final)
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert int(refused["Retry-After"]) > 0


def test_the_record_of_a_code(client, issued, settings):
    document, _final = issued
    response = client.get(f"/api/v1/signatures/documents/{document.code.lower()}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == document.code
    assert body["kind"] == "dossier_result"
    assert body["title"] == "Giấy khai sinh"
    assert body["agency"]["name"] == "UBND Xã Tân Phú"
    assert body["reference"] == "000.00.01.H22-261130-0001"
    assert body["sha256"] == document.sha256
    assert body["url"] == f"{settings.EGOV_SITE_URL}/xac-thuc/{document.code}/"
    assert body["valid"] is True and len(body["signatures"]) == 1
    assert "file" not in body


@pytest.mark.parametrize("code", ["7KQ2M9XD4HTP", "nope"])
def test_an_unknown_code_is_a_404(client, db, code):
    response = client.get(f"/api/v1/signatures/documents/{code}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
