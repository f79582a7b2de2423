"""End to end in headless Chromium: a citizen reports a broken streetlight with a photo, the
hotline forwards it and publishes it, the commune answers, the citizen is not satisfied and
reopens it, the commune resolves it, and the public page shows the whole timeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from egov.feedback.lifecycle import Status
from egov.feedback.models import Report
from egov.orgs.tests.factories import PASSWORD

from .conftest import jpeg_bytes, submitted

pytestmark = pytest.mark.browser


def log_in(page, user) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Email, số điện thoại hoặc tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def log_out(page) -> None:
    page.locator("form[action='/dang-xuat/'] button").click()
    page.wait_for_load_state()


def click(locator) -> None:
    locator.click()
    locator.page.wait_for_load_state()


def message(page) -> str:
    return page.locator(".messages").inner_text()


def test_report_forward_answer_reopen_resolve_and_publish(page, world, tmp_path: Path) -> None:
    photo = tmp_path / "den-hong.jpg"
    photo.write_bytes(jpeg_bytes())

    # The citizen reports the broken streetlight with a photo.
    log_in(page, world.citizen)
    page.goto("/phan-anh/")
    click(page.get_by_role("link", name="Gửi phản ánh, kiến nghị"))
    click(page.get_by_role("link", name="Đèn đường hỏng"))
    page.get_by_label("Tiêu đề").fill("Đèn đường hỏng trước nhà văn hóa thôn 2")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill("Ba cột đèn không sáng từ tuần trước.")
    page.get_by_label("Địa chỉ hoặc địa điểm").fill("Đường Lê Lợi, thôn 2")
    page.get_by_label("Xã, phường").select_option(label="Xã An Bình")
    page.get_by_label("Ảnh (tối đa 5 ảnh, JPEG hoặc PNG)").set_input_files(str(photo))
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Ánh")
    click(page.get_by_role("button", name="Gửi phản ánh"))
    assert "Đã gửi phản ánh" in page.locator("h1").inner_text()
    report = Report.objects.get()
    assert report.code in page.locator(".panel").inner_text()
    assert report.files.count() == 1
    log_out(page)

    # The hotline forwards it to the proposed agency and publishes it.
    log_in(page, world.hotline)
    page.goto("/can-bo/phan-anh/")
    click(page.get_by_role("link", name=report.code))
    assert world.commune_a.name in page.locator(".inset").inner_text()
    click(page.locator("#action-forward button"))
    assert "Đã chuyển phản ánh." in message(page)
    page.locator("#action-moderate summary").click()
    assert page.get_by_label("Công khai trên trang công cộng").is_checked()
    click(page.locator("#action-moderate button"))
    assert "Đã lưu nội dung công khai." in message(page)
    log_out(page)

    # The commune answers.
    log_in(page, world.handler_a)
    page.goto("/can-bo/phan-anh/?tab=handling")
    click(page.get_by_role("link", name=report.code))
    page.get_by_label("Trả lời người phản ánh (công khai cùng phản ánh)").fill(
        "Đã thay bóng đèn cột số 12."
    )
    page.get_by_label("Đã giải quyết", exact=True).check()
    click(page.locator("#action-answer button"))
    assert "Đã gửi câu trả lời cho người phản ánh." in message(page)
    log_out(page)

    # The citizen is not satisfied, and reopens the report.
    log_in(page, world.citizen)
    page.goto("/phan-anh-cua-toi/")
    click(page.get_by_role("link", name="Đèn đường hỏng trước nhà văn hóa thôn 2"))
    assert "Đã thay bóng đèn cột số 12." in page.locator(".result-box").inner_text()
    page.get_by_label("Không hài lòng").check()
    page.get_by_label("Ý kiến của bạn").fill("Hai cột còn lại vẫn tối.")
    click(page.locator("form[action$='danh-gia/'] button"))
    page.get_by_label("Điều gì vẫn chưa được giải quyết?").fill("Cột 13 và 14 vẫn không sáng.")
    click(page.get_by_role("button", name="Mở lại phản ánh", exact=True))
    assert "đã được mở lại" in message(page)
    report.refresh_from_db()
    assert (report.status, report.reopen_count) == (Status.HANDLING, 1)
    log_out(page)

    # The commune resolves it.
    log_in(page, world.handler_a)
    page.goto(f"/can-bo/phan-anh/{report.code}/")
    page.get_by_label("Trả lời người phản ánh (công khai cùng phản ánh)").fill(
        "Đã thay dây điện, cả ba cột đã sáng."
    )
    page.get_by_label("Đã giải quyết", exact=True).check()
    click(page.locator("#action-answer button"))
    log_out(page)

    # Anyone reads the public page: answer, timeline, photo, and no personal data.
    page.goto(f"/phan-anh/{report.code}/")
    body = page.locator("main").inner_text()
    assert "Đã thay dây điện, cả ba cột đã sáng." in page.locator(".result-box").inner_text()
    timeline = page.locator(".timeline").inner_text()
    for step in (
        "Người phản ánh gửi",
        "Đã chuyển cơ quan có thẩm quyền",
        "Mở lại theo yêu cầu của người phản ánh",
        "Đã thay bóng đèn cột số 12.",
    ):
        assert step in timeline
    for secret in ("Nguyễn Thị Ánh", "0912345678", world.hotline.get_full_name()):
        assert secret not in body
    # The photo loads (lazily: wait for it), stripped but the same picture.
    page.locator(".photos img").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const img = document.querySelector('.photos img');"
        " return img && img.complete && img.naturalWidth > 0; }",
        timeout=5000,
    )
    assert page.locator(".photos img").evaluate("img => img.naturalWidth") == 64

    # It reads on a phone without sideways scrolling.
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_error_summary_takes_the_focus_and_links_to_the_field(page, world) -> None:
    page.goto("/phan-anh/gui/den-duong/")
    click(page.get_by_role("button", name="Gửi phản ánh"))
    page.wait_for_function(
        "document.activeElement && document.activeElement.classList.contains('error-summary')",
        timeout=5000,
    )
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_title"


@override_settings(EGOV_MAP_TILE_URL="/static/feedback/no-tiles/{z}/{x}/{y}.png")
def test_map_draws_the_published_points_from_local_files(page, world, live_server) -> None:
    from egov.feedback import services

    services.report_moderate(submitted(world), actor=world.hotline, publish=True)
    page.goto("/phan-anh/ban-do/")
    page.wait_for_function(
        "document.getElementById('report-map').dataset.ready === '1'", timeout=5000
    )
    assert page.locator("#report-map path.leaflet-interactive").count() == 1
    assert page.locator(".unit-group").count() == 1  # the list by commune stays


@override_settings(EGOV_MAP_TILE_URL="/static/feedback/no-tiles/{z}/{x}/{y}.png")
def test_the_place_comes_from_the_phone_or_a_tap_on_the_map(page, world, live_server) -> None:
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 10.762622, "longitude": 106.660172})
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/phan-anh/gui/den-duong/")
    page.wait_for_function("document.getElementById('pick-map').dataset.ready === '1'")
    page.get_by_role("button", name="Dùng vị trí hiện tại của tôi").click()
    status = page.locator("[data-locate-status]")
    status.filter(has_text="Đã điền vị trí").wait_for()
    assert page.locator("#id_latitude").input_value() == "10.762622"
    assert page.locator("#id_longitude").input_value() == "106.660172"
    assert page.locator("#pick-map path.leaflet-interactive").count() == 1
    # A tap elsewhere moves the point.
    box = page.locator("#pick-map").bounding_box()
    page.locator("#pick-map").click(position={"x": box["width"] * 0.75, "y": box["height"] / 2})
    assert page.locator("#id_latitude").input_value() != "10.762622"
    tapped = (
        page.locator("#id_latitude").input_value(),
        page.locator("#id_longitude").input_value(),
    )
    page.get_by_label("Tiêu đề").fill("Đèn đường hỏng")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill("Cột đèn không sáng.")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn Chạm")
    page.get_by_label("Điện thoại").fill("0912000111")
    click(page.get_by_role("button", name="Gửi phản ánh"))
    report = Report.objects.get()
    assert (f"{report.latitude:.6f}", f"{report.longitude:.6f}") == tapped
