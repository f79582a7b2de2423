"""The pages through Django's test client: submitting, following, rating, reopening, the
officials' queue and actions, the public list, search and map."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from egov.feedback import services
from egov.feedback.lifecycle import Status
from egov.feedback.models import Report

from .conftest import answered, forwarded, jpeg_bytes, photo_upload, submitted

pytestmark = pytest.mark.django_db


def log_in(client, user) -> None:
    client.force_login(user)


def publish(world, report):
    return services.report_moderate(report, actor=world.hotline, publish=True)


def form_data(**overrides):
    data = {
        "title": "Ổ gà trên đường Trần Phú",
        "description": "Ổ gà lớn gây nguy hiểm cho xe máy.",
        "address": "Số 12 Trần Phú",
        "unit": "99001",
        "latitude": "",
        "longitude": "",
        "contact_name": "Trần Văn Bình",
        "contact_phone": "0901234567",
        "contact_email": "",
        "may_publish": "on",
    }
    data.update(overrides)
    return data


def test_choose_then_submit_without_account(client, world) -> None:
    page = client.get(reverse("feedback:choose"))
    assert world.streetlight.name in page.content.decode()
    url = reverse("feedback:submit", args=[world.streetlight.code])
    data = form_data()
    data["photos"] = [photo_upload("a.jpg"), photo_upload("b.jpg")]
    response = client.post(url, data)
    assert response.status_code == 302
    confirmation = client.get(response["Location"]).content.decode()
    report = Report.objects.get()
    assert report.code in confirmation
    assert "/phan-anh/theo-doi/" in confirmation
    assert report.files.count() == 2
    # The follow link works, and only once is it shown.
    key = confirmation.split("/phan-anh/theo-doi/")[1].split("/")[0]
    assert client.get(reverse("feedback:follow", args=[key])).status_code == 200
    assert client.get(reverse("feedback:submitted")).status_code == 302
    assert client.get(reverse("feedback:follow", args=["wrong" + key])).status_code == 404


def test_the_confirmation_says_whether_the_link_was_also_sent(client, world) -> None:
    url = reverse("feedback:submit", args=[world.streetlight.code])
    client.post(url, form_data())
    assert "Chúng tôi cũng đã gửi" in client.get(reverse("feedback:submitted")).content.decode()
    client.post(url, form_data(is_anonymous="on", contact_name="", contact_phone=""))
    page = client.get(reverse("feedback:submitted")).content.decode()
    assert "/phan-anh/theo-doi/" in page and "Chúng tôi cũng đã gửi" not in page


def test_submit_shows_every_error_linked_to_its_field(client, world) -> None:
    url = reverse("feedback:submit", args=[world.streetlight.code])
    response = client.post(url, form_data(title="", address="", unit="", contact_phone=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'href="#id_title"' in html
    assert 'href="#id_address"' in html  # the place is required for streetlights
    assert 'href="#id_contact_phone"' in html
    assert not Report.objects.exists()


def test_submit_refuses_a_fake_photo(client, world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = form_data()
    data["photos"] = [SimpleUploadedFile("a.jpg", b"GIF89a not a jpeg")]
    html = client.post(reverse("feedback:submit", args=[world.streetlight.code]), data)
    assert 'href="#id_photos"' in html.content.decode()
    assert not Report.objects.exists()


def test_signed_in_citizen_follows_rates_and_reopens(client, world) -> None:
    log_in(client, world.citizen)
    form = client.get(reverse("feedback:submit", args=[world.conduct.code])).content.decode()
    assert 'value="0912345678"' in form  # the account's phone is offered
    response = client.post(
        reverse("feedback:submit", args=[world.conduct.code]),
        form_data(address="", unit="", contact_phone="0912345678"),
    )
    report = Report.objects.get()
    assert report.reporter == world.citizen
    assert f"/phan-anh-cua-toi/{report.code}/" in client.get(response["Location"]).content.decode()
    assert report.code in client.get(reverse("feedback:mine")).content.decode()
    report = services.report_forward(report, actor=world.hotline, agency=world.justice)
    report = services.report_answer(
        report, actor=world.justice_official, answer="Đã nhắc nhở cán bộ.", resolution="resolved"
    )
    detail = client.get(reverse("feedback:mine_detail", args=[report.code])).content.decode()
    assert "Đã nhắc nhở cán bộ." in detail
    response = client.post(
        reverse("feedback:mine_rate", args=[report.code]), {"satisfied": "no", "comment": "Chưa"}
    )
    assert response.status_code == 302
    response = client.post(reverse("feedback:mine_reopen", args=[report.code]), {"reason": ""})
    assert 'href="#id_reason"' in response.content.decode()
    response = client.post(
        reverse("feedback:mine_reopen", args=[report.code]), {"reason": "Vẫn tiếp diễn"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.HANDLING
    assert report.reopen_count == 1


def test_official_queue_and_actions(client, world) -> None:
    report = submitted(world)
    log_in(client, world.hotline)
    queue = client.get(reverse("feedback:official_queue")).content.decode()
    assert report.code in queue
    detail = client.get(reverse("feedback:official_detail", args=[report.code])).content.decode()
    assert world.commune_a.name in detail  # the proposed agency
    assert "Nguyễn Thị Ánh" in detail  # officials see the contact
    url = reverse("feedback:official_act", args=[report.code, "forward"])
    response = client.post(url, {"forward-version": report.version, "forward-agency": ""})
    assert response.status_code == 400
    assert 'href="#forward-agency"' in response.content.decode()
    response = client.post(
        url, {"forward-version": report.version, "forward-agency": world.commune_a.pk}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.HANDLING
    # A stale form is refused without a change.
    response = client.post(url, {"forward-version": 1, "forward-agency": world.commune_a.pk})
    assert response.status_code == 400
    # The commune answers with a document.
    client.logout()
    log_in(client, world.handler_a)
    assert (
        report.code
        in client.get(reverse("feedback:official_queue") + "?tab=handling").content.decode()
    )
    response = client.post(
        reverse("feedback:official_act", args=[report.code, "answer"]),
        {
            "answer-version": report.version + 0,
            "answer-answer": "Đã thay bóng đèn.",
            "answer-resolution": "resolved",
            "answer-attachments": [photo_upload("sau.jpg")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.status == Status.ANSWERED


def test_hotline_registers_a_callers_report(client, world) -> None:
    log_in(client, world.hotline)
    url = reverse("feedback:official_register_form", args=[world.streetlight.code])
    response = client.post(url, {**form_data(), "channel": "hotline"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.channel == "hotline"
    assert report.created_by == world.hotline


def test_public_list_search_is_diacritic_insensitive(client, world) -> None:
    one = publish(
        world,
        submitted(
            world, title="Rác thải ở chợ Bình Minh", unit=world.unit_b, category=world.conduct
        ),
    )
    two = publish(world, forwarded(world, title="Đèn đường tắt"))
    submitted(world, title="Rác chưa công khai")  # not published
    page = client.get(reverse("feedback:list") + "?q=rac+thai").content.decode()
    assert one.code in page and two.code not in page
    assert "chưa công khai" not in page
    page = client.get(reverse("feedback:list") + "?unit=99001").content.decode()
    assert two.code in page and one.code not in page
    page = client.get(reverse("feedback:list") + "?group=open&category=den-duong").content.decode()
    assert two.code in page and one.code not in page
    page = client.get(reverse("feedback:list") + "?group=answered").content.decode()
    assert two.code not in page


def test_public_page_shows_answer_and_timeline(client, world) -> None:
    report = publish(world, answered(world))
    html = client.get(reverse("feedback:public_detail", args=[report.code])).content.decode()
    assert "Đã thay bóng đèn ba cột" in html
    assert world.commune_a.name in html
    assert "Đã giải quyết" in html or "Resolved" in html


def test_map_without_tile_server_lists_by_commune(client, world) -> None:
    report = publish(world, submitted(world))
    html = client.get(reverse("feedback:map")).content.decode()
    assert world.unit_a.name in html
    assert report.code in html or report.title in html
    assert "leaflet" not in html.lower()


@override_settings(EGOV_MAP_TILE_URL="/static/feedback/no-tiles/{z}/{x}/{y}.png")
def test_map_with_tile_server_carries_the_points(client, world) -> None:
    shown = publish(world, submitted(world))
    hidden = services.report_moderate(
        submitted(world), actor=world.hotline, publish=True, location_hidden=True
    )
    html = client.get(reverse("feedback:map")).content.decode()
    assert "js_lib_leaflet/leaflet.js" in html
    points = html.split('id="report-points"')[1].split("</script>")[0]
    assert shown.code in points and hidden.code not in points


@pytest.mark.parametrize("who", ["visitor", "hotline"])
def test_the_place_is_picked_on_a_map_only_with_a_tile_server(client, world, who) -> None:
    """Without a tile server the form offers the fields and "use my current position" (the
    phone's GPS needs no internet); with one, a map to tap, from the operator's server."""
    if who == "hotline":
        log_in(client, world.hotline)
        url = reverse("feedback:official_register_form", args=[world.streetlight.code])
    else:
        url = reverse("feedback:submit", args=[world.streetlight.code])
    html = client.get(url).content.decode()
    assert 'id="id_latitude"' in html and "data-locate" in html
    assert "feedback/pick.js" in html
    assert 'id="pick-map"' not in html and "leaflet" not in html.lower()
    with override_settings(EGOV_MAP_TILE_URL="https://tiles.example.gov.vn/{z}/{x}/{y}.png"):
        html = client.get(url).content.decode()
    assert 'id="pick-map"' in html
    assert 'data-tiles="https://tiles.example.gov.vn/{z}/{x}/{y}.png"' in html
    assert "js_lib_leaflet/leaflet.js" in html and "js_lib_leaflet/leaflet.css" in html


def test_photo_strip_is_visible_on_public_page(client, world) -> None:
    report = publish(world, submitted(world, photos=[photo_upload()]))
    photo = report.files.get()
    response = client.get(reverse("feedback:public_file", args=[report.code, photo.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xff\xd8") and b"Exif" not in body
    assert body != jpeg_bytes()
