"""The citizen's pages: request a certified copy, follow it on "Bản sao chứng thực của tôi",
download the signed copy, withdraw a waiting request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.certification.models import CopyRequest

from .conftest import certified, scan_upload, submitted

pytestmark = pytest.mark.django_db


def test_the_menu_leads_a_citizen_to_their_copies(client, world):
    client.force_login(world.citizen)
    page = client.get("/").content.decode()
    assert reverse("certification:mine") in page
    assert "Bản sao chứng thực của tôi" in page


def test_the_request_form_lists_certifying_agencies(client, world):
    client.force_login(world.citizen)
    page = client.get(reverse("certification:new")).content.decode()
    assert "UBND xã An Bình" in page and "UBND phường Bình Minh" in page
    assert "Công an tỉnh" not in page and "Sở Tư pháp" not in page
    assert 'enctype="multipart/form-data"' in page and 'accept=".pdf"' in page


def test_a_citizen_sends_a_request_and_sees_it(client, world):
    client.force_login(world.citizen)
    response = client.post(
        reverse("certification:new"),
        {
            "agency": world.commune_a.pk,
            "document_name": "Học bạ THPT",
            "scan": scan_upload(pages=3),
            "promise": "on",
        },
    )
    request = CopyRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:mine_detail", args=[request.public_id])
    page = client.get(response["Location"]).content.decode()
    assert "Học bạ THPT" in page and "UBND xã An Bình" in page
    assert "5.000 đ" in page  # the fee to pay at the desk for 3 pages
    listing = client.get(reverse("certification:mine")).content.decode()
    assert "Học bạ THPT" in listing


def test_a_refused_scan_is_shown_on_its_field_with_an_error_summary(client, world):
    client.force_login(world.citizen)
    response = client.post(
        reverse("certification:new"),
        {
            "agency": world.commune_a.pk,
            "document_name": "Học bạ",
            "scan": scan_upload(dpi=150),
            "promise": "on",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'href="#id_scan"' in page
    assert "150 dpi" in page
    assert not CopyRequest.objects.exists()


def test_missing_fields_are_each_named(client, world):
    client.force_login(world.citizen)
    response = client.post(reverse("certification:new"), {})
    page = response.content.decode()
    assert response.status_code == 400
    for anchor in ("#id_agency", "#id_document_name", "#id_scan", "#id_promise"):
        assert f'href="{anchor}"' in page


def test_the_certified_copy_is_downloaded_by_its_requester(client, certificates):
    world = certificates
    request = certified(world)
    client.force_login(world.citizen)
    page = client.get(reverse("certification:mine_detail", args=[request.public_id]))
    text = page.content.decode()
    assert request.book_entry.certification_number in text
    assert f"/xac-thuc/{request.book_entry.verification_code}/" in text
    response = client.get(reverse("certification:download", args=[request.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_nothing_to_download_before_certification(client, world):
    request = submitted(world)
    client.force_login(world.citizen)
    response = client.get(reverse("certification:download", args=[request.public_id]))
    assert response.status_code == 404


def test_the_citizen_withdraws_from_the_page(client, world):
    request = submitted(world)
    client.force_login(world.citizen)
    response = client.post(reverse("certification:withdraw", args=[request.public_id]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == CopyRequest.Status.WITHDRAWN
    again = client.post(reverse("certification:withdraw", args=[request.public_id]), follow=True)
    assert "no longer waiting" in again.content.decode() or "không còn" in again.content.decode()


def test_a_refusal_shows_its_reasons(client, certificates):
    from egov.certification import services

    world = certificates
    request = submitted(world)
    services.copy_request_refuse(request, actor=world.leader, reasons=["not_presented"])
    client.force_login(world.citizen)
    page = client.get(reverse("certification:mine_detail", args=[request.public_id]))
    assert "Bản chính không được xuất trình" in page.content.decode()
