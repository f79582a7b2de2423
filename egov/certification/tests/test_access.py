"""Who reaches what, through every URL and the API: a citizen only their own requests and
copies (anybody else's is "not found"), officials only their agencies' (and only the
agency's leaders decide), visitors only the public facts of a copy, without personal data."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from egov.certification.models import CopyRequest

from .conftest import certified, submitted

pytestmark = pytest.mark.django_db

CITIZEN_GET = ("mine_detail", "download")
OFFICIAL_GET = ("request", "scan", "copy")


@pytest.fixture
def copy(certificates):
    world = certificates
    world.copy = certified(world)
    world.waiting = submitted(world, document="Học bạ")
    return world


def urls(names, request: CopyRequest):
    return [reverse(f"certification:{name}", args=[request.public_id]) for name in names]


def test_visitors_are_sent_to_log_in_everywhere(client, copy):
    for url in [
        reverse("certification:mine"),
        reverse("certification:new"),
        reverse("certification:queue"),
        reverse("certification:counter"),
        reverse("certification:book"),
        *urls(CITIZEN_GET, copy.copy),
        *urls(OFFICIAL_GET, copy.copy),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    for url in urls(("withdraw",), copy.waiting) + urls(("certify", "refuse"), copy.waiting):
        assert client.post(url).status_code == 302


def test_another_citizen_finds_nothing(client, copy):
    client.force_login(copy.other_citizen)
    assert "Bằng tốt nghiệp" not in client.get(reverse("certification:mine")).content.decode()
    for url in urls(CITIZEN_GET, copy.copy) + urls(("mine_detail",), copy.waiting):
        assert client.get(url).status_code == 404, url
    assert client.post(urls(("withdraw",), copy.waiting)[0]).status_code == 404
    copy.waiting.refresh_from_db()
    assert copy.waiting.status == CopyRequest.Status.PENDING


def test_citizens_cannot_open_the_officials_pages(client, copy):
    client.force_login(copy.citizen)
    for url in [
        reverse("certification:queue"),
        reverse("certification:counter"),
        reverse("certification:book"),
        *urls(OFFICIAL_GET, copy.copy),
    ]:
        assert client.get(url).status_code == 403, url
    for url in urls(("certify", "refuse"), copy.waiting):
        assert client.post(url, {"compared": "on", "reasons": ["other"]}).status_code == 403
    copy.waiting.refresh_from_db()
    assert copy.waiting.status == CopyRequest.Status.PENDING


def test_officials_cannot_open_the_citizens_pages(client, copy):
    client.force_login(copy.leader)
    for url in [reverse("certification:mine"), reverse("certification:new")]:
        assert client.get(url).status_code == 403
    for url in urls(CITIZEN_GET, copy.copy):
        assert client.get(url).status_code == 403


def test_officials_of_another_commune_find_nothing(client, copy):
    client.force_login(copy.leader_b)
    assert "Học bạ" not in client.get(reverse("certification:queue")).content.decode()
    for url in urls(OFFICIAL_GET, copy.copy) + urls(("request",), copy.waiting):
        assert client.get(url).status_code == 404, url
    for url in urls(("certify", "refuse"), copy.waiting):
        assert client.post(url, {"compared": "on"}).status_code == 404


def test_a_specialist_of_the_commune_is_not_at_the_desk(client, copy):
    client.force_login(copy.specialist)
    for url in urls(OFFICIAL_GET, copy.copy):
        assert client.get(url).status_code == 404


# --- API -------------------------------------------------------------------------------------


def test_anyone_gets_the_public_facts_of_a_copy_without_personal_data(client, copy):
    entry = copy.copy.book_entry
    code = entry.verification_code
    for typed in (code, code.lower(), f"{code[:4]}-{code[4:8]}-{code[8:]}"):
        response = client.get(f"/api/v1/certified-copies/{typed}")
        assert response.status_code == 200, typed
    data = response.json()
    assert data["code"] == code
    assert data["agency"] == "UBND xã An Bình" and data["certification_number"] == 1
    assert data["book"].endswith("-SCT/BS") and data["pages"] == 1
    assert data["sha256"] == copy.copy.document.sha256
    assert data["verification_url"].endswith(f"/xac-thuc/{code}/")
    raw = json.dumps(data, ensure_ascii=False)
    for personal in ("Trần Thị Ánh", "Bằng tốt nghiệp", "0912345678", "anh@example.vn", "Năm"):
        assert personal not in raw


def test_unknown_codes_are_not_found_and_rate_limited(client, copy, settings):
    cache.clear()
    assert client.get("/api/v1/certified-copies/0000-0000-0000").status_code == 404
    assert client.get("/api/v1/certified-copies/not-a-code").status_code == 404
    from egov.certification import api

    for _ in range(api.RATE_LIMIT):
        client.get("/api/v1/certified-copies/0000-0000-0001")
    response = client.get(f"/api/v1/certified-copies/{copy.copy.book_entry.verification_code}")
    assert response.status_code == 429
    cache.clear()


def test_a_well_formed_code_never_issued_is_not_found(client, copy):
    from egov.signing import records

    assert (
        client.get(f"/api/v1/certified-copies/{records.new_verification_code()}").json()["code"]
        == "not_found"
    )


def test_the_api_lists_only_the_citizen_s_own_copies(client, copy):
    assert client.get("/api/v1/certified-copies/mine").status_code == 401
    client.force_login(copy.other_citizen)
    assert client.get("/api/v1/certified-copies/mine").json() == []
    client.force_login(copy.citizen)
    mine = client.get("/api/v1/certified-copies/mine").json()
    assert {item["id"] for item in mine} == {
        str(copy.copy.public_id),
        str(copy.waiting.public_id),
    }
    done = next(item for item in mine if item["id"] == str(copy.copy.public_id))
    assert done["code"] == copy.copy.book_entry.verification_code
    assert done["download_url"] == reverse("certification:download", args=[copy.copy.public_id])
    client.force_login(copy.leader)
    assert client.get("/api/v1/certified-copies/mine").status_code == 403
