"""In headless Chromium on a phone-sized screen: upload a signed result to /xac-thuc/, read
the verdict, follow to the document's record; a changed file and no file are answered."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache

from egov.core.tests.threads import in_own_thread

from .issued import changed_after_signing, issue

pytestmark = pytest.mark.browser


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_upload_a_signed_result_and_open_its_record(
    page, unsigned_pdf, personal_cert, leader, agency, tmp_path: Path
) -> None:
    cache.clear()
    # pyHanko signs through asyncio.run, which Playwright's running loop forbids here.
    document, final = in_own_thread(
        issue, unsigned_pdf, certificate=personal_cert, actor=leader, agency=agency
    )
    good = tmp_path / "ket-qua.pdf"
    good.write_bytes(final)
    bad = tmp_path / "ket-qua-da-sua.pdf"
    bad.write_bytes(changed_after_signing(final))
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto("/xac-thuc/")
    assert page.locator("h1").inner_text() == "Xác thực văn bản đã ký số"
    assert fits_the_screen(page)

    # Nothing chosen: the error summary takes the focus and links to the field.
    page.get_by_role("button", name="Kiểm tra tệp").click()
    summary = page.locator(".error-summary")
    assert "Hãy chọn tệp PDF cần kiểm tra." in summary.inner_text()
    page.wait_for_function("document.activeElement.classList.contains('error-summary')")
    summary.get_by_role("link").click()
    page.wait_for_function("document.activeElement.id === 'id_file'")

    page.get_by_label("Tệp PDF").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    verdict = page.locator(".verdict")
    assert verdict.locator("h2").inner_text() == "Chữ ký số hợp lệ"
    assert "Lê Thị Hồng" in page.locator(".signature-list").inner_text()
    assert fits_the_screen(page)

    page.get_by_label("Tệp PDF").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    assert page.locator(".verdict h2").inner_text() == "Chữ ký số KHÔNG hợp lệ"

    # The issued file leads to its record, which compares a copy.
    page.get_by_label("Tệp PDF").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.get_by_role("link", name="Xem thông tin văn bản").click()
    page.wait_for_url(f"**/xac-thuc/{document.code}/")
    assert page.locator("h1").inner_text() == "Giấy khai sinh"
    assert fits_the_screen(page)
    page.get_by_label("Tệp PDF").set_input_files(str(good))
    page.get_by_role("button", name="So sánh tệp của tôi").click()
    assert "trùng khớp hoàn toàn" in page.locator("#comparison").inner_text()
