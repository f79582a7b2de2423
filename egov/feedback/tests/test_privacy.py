"""Nobody reads a report they may not see, through any page, file or API; published pages
carry no personal data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.feedback import services
from egov.feedback.lifecycle import Status

from .conftest import answered, photo_upload, report_input, submitted

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Ánh"
PHONE = "0912345678"
EMAIL = "anh@example.vn"


def urls_of(report, file_id) -> list[str]:
    return [
        reverse("feedback:public_detail", args=[report.code]),
        reverse("feedback:public_file", args=[report.code, file_id]),
        reverse("feedback:mine_detail", args=[report.code]),
        reverse("feedback:mine_file", args=[report.code, file_id]),
        reverse("feedback:official_detail", args=[report.code]),
        reverse("feedback:official_file", args=[report.code, file_id]),
    ]


@pytest.mark.parametrize("who", ["anonymous", "other_citizen", "handler_b"])
def test_an_unpublished_report_is_hidden_from_strangers(client, world, who) -> None:
    report = submitted(world, photos=[photo_upload()])
    file_id = report.files.get().pk
    if who != "anonymous":
        client.force_login(getattr(world, who))
    for url in urls_of(report, file_id):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert report.title not in response.content.decode(), url
    for action in ("danh-gia", "mo-lai"):
        response = client.post(
            reverse("feedback:mine_detail", args=[report.code]) + f"{action}/", {"reason": "x"}
        )
        assert response.status_code in (302, 403, 404)
    assert client.get(reverse("feedback:list")).content.decode().count(report.code) == 0
    assert report.code not in client.get(reverse("feedback:map")).content.decode()


def test_the_owner_and_officials_of_the_agencies_see_it(client, world) -> None:
    report = submitted(world)
    client.force_login(world.citizen)
    assert client.get(reverse("feedback:mine_detail", args=[report.code])).status_code == 200
    client.force_login(world.hotline)
    assert client.get(reverse("feedback:official_detail", args=[report.code])).status_code == 200
    client.force_login(world.handler_a)  # not handled by commune A yet
    assert client.get(reverse("feedback:official_detail", args=[report.code])).status_code == 404
    services.report_forward(report, actor=world.hotline, agency=world.commune_a)
    assert client.get(reverse("feedback:official_detail", args=[report.code])).status_code == 200


def test_officials_cannot_use_the_citizens_pages(client, world) -> None:
    report = submitted(world)
    client.force_login(world.hotline)
    assert client.get(reverse("feedback:mine_detail", args=[report.code])).status_code == 403


def test_a_private_report_stays_private_even_if_an_official_tried(client, world) -> None:
    report = submitted(world, may_publish=False)
    report.published_at = report.received_at  # as if forced in the database
    report.save(update_fields=["published_at"])
    assert client.get(reverse("feedback:public_detail", args=[report.code])).status_code == 404


def test_published_pages_show_no_personal_data(client, world) -> None:
    report = answered(world, photos=[photo_upload("a.jpg"), photo_upload("b.jpg")])
    hidden_photo = report.files.order_by("pk").last()
    services.report_rate(report, actor=world.citizen, satisfied=False, comment=f"Gọi {PHONE}")
    services.report_reopen(report, actor=world.citizen, reason=f"Tôi là {NAME}, vẫn tối")
    report = services.report_moderate(
        report,
        actor=world.hotline,
        publish=True,
        public_description="Ba cột đèn không sáng.",
        location_hidden=True,
        hidden_photos=[hidden_photo.pk],
    )
    pages = [
        client.get(reverse("feedback:public_detail", args=[report.code])).content.decode(),
        client.get(reverse("feedback:list")).content.decode(),
        client.get(reverse("feedback:map")).content.decode(),
    ]
    for html in pages:
        for secret in (NAME, PHONE, EMAIL, world.hotline.get_full_name(), "Phạm Thị Hai"):
            assert secret not in html
    detail = pages[0]
    assert "Ba cột đèn không sáng." in detail
    assert "Ba cột đèn trên đường Lê Lợi" not in detail  # the reporter's own words replaced
    assert "Đã thay bóng đèn ba cột" in detail  # the first answer stays on the timeline
    assert "Đường Lê Lợi, trước nhà văn hóa" not in detail  # the hidden address
    assert f"tep/{hidden_photo.pk}/" not in detail
    response = client.get(reverse("feedback:public_file", args=[report.code, hidden_photo.pk]))
    assert response.status_code == 404
    # Searching for the hidden words finds nothing.
    search = client.get(reverse("feedback:list") + "?q=le+loi").content.decode()
    assert report.code not in search


def test_a_merged_report_points_to_its_target_only_when_published(client, world) -> None:
    target = submitted(world)
    duplicate = services.report_moderate(submitted(world), actor=world.hotline, publish=True)
    services.report_merge(duplicate, actor=world.hotline, into=target)
    html = client.get(reverse("feedback:public_detail", args=[duplicate.code])).content.decode()
    assert target.code not in html
    services.report_moderate(target, actor=world.hotline, publish=True)
    html = client.get(reverse("feedback:public_detail", args=[duplicate.code])).content.decode()
    assert target.code in html


def test_rejected_reports_publish_no_reason(client, world) -> None:
    report = services.report_moderate(submitted(world), actor=world.hotline, publish=True)
    services.report_reject(report, actor=world.hotline, reason=f"Người gửi {NAME} quấy rối")
    html = client.get(reverse("feedback:public_detail", args=[report.code])).content.decode()
    assert NAME not in html
    assert report.code in html
    report.refresh_from_db()
    assert report.status == Status.REJECTED


def test_follow_link_sees_only_its_own_report(client, world) -> None:
    mine = services.report_submit(data=report_input(world), actor=None)
    other = submitted(world, photos=[photo_upload()])
    base = reverse("feedback:follow", args=[mine.follow_key])
    assert client.get(base).status_code == 200
    assert client.get(f"{base}tep/{other.files.get().pk}/").status_code == 404


def _photo(client, url: str) -> int:
    response = client.get(url)
    if response.status_code == 200:
        assert response["Content-Type"] == "image/jpeg"
        # Only a published photo may be kept by shared caches.
        public = url.startswith("/phan-anh/") and "/theo-doi/" not in url
        assert response["Cache-Control"].startswith("public" if public else "private"), url
        # Read to the end, which closes the file; response.close() would also close the
        # database connection (request_finished), which PostgreSQL tests cannot survive.
        assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    return response.status_code


@pytest.mark.parametrize("who", ["visitor", "other_citizen"])
def test_photos_of_an_unpublished_report_and_hidden_photos_are_refused(client, world, who) -> None:
    """Photos are files behind views, never public media: an unpublished report's photo and a
    photo hidden at moderation answer 404 to visitors and to other citizens, by every URL."""
    private = submitted(world, photos=[photo_upload("rieng.jpg")])
    private_photo = private.files.get()
    shown = submitted(world, photos=[photo_upload("a.jpg"), photo_upload("b.jpg")])
    kept, hidden = shown.files.order_by("pk")
    shown = services.report_moderate(
        shown, actor=world.hotline, publish=True, hidden_photos=[hidden.pk]
    )
    stranger_key = services.report_submit(data=report_input(world), actor=None).follow_key
    if who == "other_citizen":
        client.force_login(world.other_citizen)
    follow = reverse("feedback:follow", args=[stranger_key])
    refused = [
        reverse("feedback:public_file", args=[private.code, private_photo.pk]),
        reverse("feedback:mine_file", args=[private.code, private_photo.pk]),
        f"{follow}tep/{private_photo.pk}/",
        reverse("feedback:public_file", args=[shown.code, hidden.pk]),
        reverse("feedback:mine_file", args=[shown.code, hidden.pk]),
        f"{follow}tep/{hidden.pk}/",
        # Another report's code with this photo's number does not open it either.
        reverse("feedback:public_file", args=[shown.code, private_photo.pk]),
        # Nor the storage path: no public /media/ route serves it.
        private_photo.file.url,
        hidden.file.url,
    ]
    for url in refused:
        assert _photo(client, url) in (302, 404), url
    public_page = client.get(reverse("feedback:public_detail", args=[shown.code])).content.decode()
    assert f"tep/{hidden.pk}/" not in public_page and hidden.file.name not in public_page
    # The rule, not a broken link: the published photo opens, and the reporter and the
    # hotline still open the hidden one.
    assert _photo(client, reverse("feedback:public_file", args=[shown.code, kept.pk])) == 200
    client.force_login(world.citizen)
    assert _photo(client, reverse("feedback:mine_file", args=[shown.code, hidden.pk])) == 200
    assert (
        _photo(client, reverse("feedback:mine_file", args=[private.code, private_photo.pk])) == 200
    )
    client.force_login(world.hotline)
    assert _photo(client, reverse("feedback:official_file", args=[shown.code, hidden.pk])) == 200
