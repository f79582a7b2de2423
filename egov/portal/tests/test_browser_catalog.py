"""End to end in headless Chromium: find a procedure from the home page and download its form."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_search_detail_and_form_download(page, portal_catalog, tmp_path: Path) -> None:
    page.goto("/")
    page.get_by_label("Tìm thủ tục").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**/thu-tuc/?q=*")
    assert "Tìm thấy 1 thủ tục" in page.locator("#results-heading").inner_text()
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    page.wait_for_url("**/thu-tuc/1.001193/")
    assert page.locator("h1").inner_text() == "Đăng ký khai sinh"
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải biểu mẫu Tờ khai đăng ký khai sinh").click()
    download = info.value
    assert download.suggested_filename == "to-khai-khai-sinh.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = saved.read_bytes()
    assert content
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(content)).namelist()


def test_keyboard_reaches_the_search_box(page, portal_catalog) -> None:
    page.goto("/")
    focused = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if focused[-1] == "home-q":
            break
    assert focused[0] == "A"  # the skip link comes first
    assert "home-q" in focused
    page.keyboard.type("ket hon")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thu-tuc/?q=*")
    assert page.get_by_role("link", name="Đăng ký kết hôn").is_visible()


def test_skip_link_is_visible_when_focused(page, portal_catalog) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    box = page.locator(".skip-link").bounding_box()
    assert box is not None
    assert box["x"] >= 0


@pytest.mark.parametrize("path", ["/", "/thu-tuc/", "/thu-tuc/1.001193/", "/thu-tuc/1.004227/"])
def test_no_horizontal_scroll_at_360px(page, portal_catalog, path: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
