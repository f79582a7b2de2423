"""The officials' pages: the queue, the counter, the request page (the scan beside the
decision) with its certify and refuse forms, and the certification book listed and
exported as XLSX (read back with openpyxl) and PDF (read back with pdftotext)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from egov.certification.models import CopyRequest
from egov.printing.tests import pdfcheck
from egov.signing import records

from .conftest import certified, scan_upload, submitted

pytestmark = pytest.mark.django_db


def test_the_queue_shows_waiting_requests_of_the_agency(client, world):
    mine = submitted(world, document="Học bạ")
    submitted(world, agency=world.commune_b, document="Giấy phép lái xe")
    client.force_login(world.desk)
    page = client.get(reverse("certification:queue")).content.decode()
    assert "Học bạ" in page and "Trần Thị Ánh" in page
    assert "Giấy phép lái xe" not in page
    assert reverse("certification:request", args=[mine.public_id]) in page
    assert reverse("certification:queue") in client.get("/").content.decode()


def test_the_queue_filters_by_status_and_text(client, world):
    submitted(world, document="Học bạ")
    done = submitted(world, document="Giấy khai sinh")
    from egov.certification import services

    services.copy_request_refuse(done, actor=world.leader, reasons=["not_presented"])
    client.force_login(world.leader)
    url = reverse("certification:queue")
    assert "Giấy khai sinh" not in client.get(url).content.decode()
    assert "Giấy khai sinh" in client.get(url, {"status": "refused"}).content.decode()
    everything = client.get(url, {"status": "", "q": "khai sinh"}).content.decode()
    assert "Giấy khai sinh" in everything and "Học bạ" not in everything


def test_officials_without_a_certifying_agency_see_an_explanation(client, make_official, world):
    police = make_official(agency=world.police, roles=["desk_officer"])
    client.force_login(police)
    page = client.get(reverse("certification:queue")).content.decode()
    assert "Chỉ công chức tiếp nhận và lãnh đạo" in page


def test_the_desk_registers_a_walk_in_at_the_counter(client, world):
    client.force_login(world.desk)
    form = client.get(reverse("certification:counter")).content.decode()
    assert "UBND xã An Bình" in form and "UBND phường Bình Minh" not in form
    response = client.post(
        reverse("certification:counter"),
        {
            "agency": world.commune_a.pk,
            "requester_name": "Hoàng Văn Tư",
            "requester_phone": "0911222333",
            "requester_email": "",
            "document_name": "Giấy khai sinh",
            "scan": scan_upload(),
        },
    )
    request = CopyRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:request", args=[request.public_id])
    assert request.channel == CopyRequest.Channel.COUNTER


def test_a_greyscale_scan_at_the_counter_is_refused_on_the_field(client, world):
    client.force_login(world.desk)
    response = client.post(
        reverse("certification:counter"),
        {
            "agency": world.commune_a.pk,
            "requester_name": "Hoàng Văn Tư",
            "document_name": "Giấy khai sinh",
            "scan": scan_upload(colour=False),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_scan"' in page and "thang xám" in page


def test_the_request_page_puts_the_scan_beside_the_decision(client, certificates):
    world = certificates
    request = submitted(world)
    client.force_login(world.leader)
    page = client.get(reverse("certification:request", args=[request.public_id]))
    text = page.content.decode()
    scan_url = reverse("certification:scan", args=[request.public_id])
    assert f'<iframe class="scan-frame" src="{scan_url}"' in text
    assert reverse("certification:certify", args=[request.public_id]) in text
    assert reverse("certification:refuse", args=[request.public_id]) in text
    assert "chứng thư số cá nhân của bạn" in text
    shown = client.get(scan_url)
    assert shown.status_code == 200 and shown["X-Frame-Options"] == "SAMEORIGIN"
    assert "inline" in shown["Content-Disposition"]


def test_the_desk_sees_the_request_but_not_the_decision(client, certificates):
    world = certificates
    request = submitted(world)
    client.force_login(world.desk)
    text = client.get(reverse("certification:request", args=[request.public_id])).content.decode()
    assert reverse("certification:certify", args=[request.public_id]) not in text
    assert "Lãnh đạo cơ quan đối chiếu bản chính và quyết định." in text
    response = client.post(
        reverse("certification:certify", args=[request.public_id]), {"compared": "on"}
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == CopyRequest.Status.PENDING


def test_the_leader_certifies_from_the_page(client, certificates):
    world = certificates
    request = submitted(world)
    client.force_login(world.leader)
    response = client.post(
        reverse("certification:certify", args=[request.public_id]),
        {"compared": "on", "notes": ""},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == CopyRequest.Status.CERTIFIED
    page = client.get(response["Location"]).content.decode()
    assert request.book_entry.certification_number in page
    assert records.display_code(request.book_entry.verification_code) in page
    copy = client.get(reverse("certification:copy", args=[request.public_id]))
    assert copy.status_code == 200 and b"".join(copy.streaming_content).startswith(b"%PDF")


def test_certifying_without_confirming_the_comparison_shows_the_error(client, certificates):
    world = certificates
    request = submitted(world)
    client.force_login(world.leader)
    response = client.post(reverse("certification:certify", args=[request.public_id]), {})
    assert response.status_code == 400
    assert 'href="#id_compared"' in response.content.decode()


def test_without_an_agency_certificate_the_page_says_so(client, world):
    request = submitted(world)
    client.force_login(world.leader)
    text = client.get(reverse("certification:request", args=[request.public_id])).content.decode()
    assert "chưa có chứng thư số tổ chức" in text
    response = client.post(
        reverse("certification:certify", args=[request.public_id]), {"compared": "on"}
    )
    assert response.status_code == 400
    assert "không thể cấp bản sao điện tử chứng thực" in response.content.decode()


def test_the_leader_refuses_with_reasons(client, certificates):
    world = certificates
    request = submitted(world)
    client.force_login(world.leader)
    url = reverse("certification:refuse", args=[request.public_id])
    empty = client.post(url, {"note": ""})
    assert empty.status_code == 400 and 'href="#id_reasons_0"' in empty.content.decode()
    other = client.post(url, {"reasons": ["other"], "note": ""})
    assert other.status_code == 400 and "Hãy giải thích lý do khác." in other.content.decode()
    done = client.post(url, {"reasons": ["damaged"], "note": "Rách mất góc"})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == CopyRequest.Status.REFUSED


# --- the book ---------------------------------------------------------------------------------


@pytest.fixture
def book(certificates):
    world = certificates
    world.first = certified(world, submitted(world, pages=3, document="Học bạ THPT"))
    world.second = certified(
        world, submitted(world, citizen=world.other_citizen, document="Giấy khai sinh")
    )
    return world


def test_the_book_lists_entries_in_number_order(client, book):
    client.force_login(book.desk)
    page = client.get(reverse("certification:book")).content.decode()
    year = timezone.localdate().year
    assert f"01/{year}-SCT/BS" in page
    assert page.index("Học bạ THPT") < page.index("Giấy khai sinh")
    assert "5.000 đ" in page and "Nguyễn Văn Năm, Phó Chủ tịch UBND xã" in page
    only = client.get(reverse("certification:book"), {"q": "khai sinh"}).content.decode()
    assert "Giấy khai sinh" in only and "Học bạ THPT" not in only


def test_the_book_exports_as_xlsx(client, book):
    client.force_login(book.leader)
    response = client.get(reverse("certification:book"), {"format": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == (
        "Số chứng thực",
        "Ngày, tháng, năm chứng thực",
        "Họ, chữ đệm, tên người yêu cầu chứng thực",
        "Tên bản chính giấy tờ, văn bản",
    )
    assert [row[0] for row in rows[1:]] == [1, 2]
    first = rows[1]
    assert first[2:6] == ("Trần Thị Ánh", "Học bạ THPT", "1 bản, 3 trang", 5_000)
    assert first[1].date() == timezone.localdate()
    assert records.display_code(book.first.book_entry.verification_code) in first[7]


def test_the_book_exports_as_pdf(client, book):
    client.force_login(book.leader)
    response = client.get(reverse("certification:book"), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = pdfcheck.text(response.content)
    assert "SỔ CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH" in text
    assert "Trần Thị Ánh" in text and "Phạm Văn Bình" in text and "5.000 đồng" in text
    assert pdfcheck.page_sizes_mm(response.content)[0] == (297, 210)


def test_the_book_is_not_for_another_commune(client, book):
    client.force_login(book.leader_b)
    page = client.get(reverse("certification:book")).content.decode()
    assert "Học bạ THPT" not in page
    forced = client.get(
        reverse("certification:book"), {"agency": book.commune_a.pk, "format": "xlsx"}
    )
    assert forced.status_code == 400
    assert "spreadsheetml" not in forced.get("Content-Type", "")


def test_the_book_refuses_days_outside_its_year(client, book):
    client.force_login(book.leader)
    year = timezone.localdate().year
    response = client.get(
        reverse("certification:book"), {"year": year, "start": f"01/01/{year - 1}"}
    )
    assert response.status_code == 400
