"""The certified copy journey in headless Chromium, each person through the pages: a citizen
uploads a scan → the leader compares and certifies → the citizen downloads the signed copy
→ anyone, logged out, checks it by its code on the verification page."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov.certification.models import CopyRequest
from egov.core.tests.threads import in_own_thread
from egov.orgs.tests.factories import PASSWORD
from egov.printing.tests import pdfcheck
from egov.signing.records import display_code
from egov.signing.verify import verify_pdf

from .scanfiles import scan_pdf

pytestmark = pytest.mark.browser


def verified(pdf: bytes) -> bool:
    # pyHanko's validator runs its own event loop; Playwright keeps one in this thread.
    return in_own_thread(lambda: verify_pdf(pdf).valid)


def fits_a_phone(page) -> bool:
    """No horizontal scrolling at 360 px (the page's layout, the scan frame included)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 360, "height": 740})
    fits = page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size(size)
    return bool(fits)


def log_in(page, user) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Email, số điện thoại hoặc tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def log_out(page) -> None:
    page.locator("form[action='/dang-xuat/'] button").click()
    page.wait_for_load_state()


def test_upload_certify_download_and_check(page, certificates, tmp_path: Path) -> None:
    world = certificates
    scan = tmp_path / "hoc-ba.pdf"
    scan.write_bytes(scan_pdf(pages=2))

    # The citizen asks for a certified copy from their account.
    log_in(page, world.citizen)
    page.get_by_role("link", name="Bản sao chứng thực của tôi").click()
    page.get_by_role("link", name="Yêu cầu chứng thực bản sao").click()
    assert fits_a_phone(page)
    page.get_by_label("Cơ quan chứng thực").select_option(label="UBND xã An Bình")
    page.get_by_label("Giấy tờ, văn bản").fill("Học bạ trung học phổ thông")
    page.get_by_label("Bản quét bản chính (PDF)").set_input_files(str(scan))
    page.get_by_label("Tôi sẽ xuất trình bản chính").check()
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.wait_for_url("**/tai-khoan/ban-sao-chung-thuc/*/")
    assert "Chờ đối chiếu bản chính" in page.locator("main").inner_text()
    log_out(page)

    # The leader compares the scan (shown beside the form) with the original and certifies.
    log_in(page, world.leader)
    page.goto("/")
    page.get_by_role("link", name="Chứng thực", exact=True).click()
    page.get_by_role("link", name="Trần Thị Ánh").click()
    assert page.locator("iframe.scan-frame").count() == 1
    assert fits_a_phone(page)
    page.get_by_label("Tôi đã đối chiếu bản quét với bản chính").check()
    page.get_by_role("button", name="Chứng thực và ký số").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Đã chứng thực, ký số và ghi sổ bản sao." in page.content()
    assert "Quyển số 01/" in main
    request = CopyRequest.objects.get()
    assert request.status == CopyRequest.Status.CERTIFIED
    code = display_code(request.book_entry.verification_code)
    assert code in main
    log_out(page)

    # The citizen downloads the signed copy.
    log_in(page, world.citizen)
    page.goto("/tai-khoan/ban-sao-chung-thuc/")
    row = page.locator("tr", has_text="Học bạ trung học phổ thông")
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Tải về").click()
    copy = Path(download_info.value.path()).read_bytes()
    assert verified(copy)
    assert request.book_entry.certification_number in pdfcheck.text(copy, page=3)
    log_out(page)

    # Anyone checks the code, without logging in, and finds the copy they hold is the one.
    page.goto(f"/xac-thuc/{code}/")
    text = page.locator("main").inner_text()
    assert code in text and "UBND xã An Bình" in text
    assert "Trần Thị Ánh" not in page.content()
    held = tmp_path / "ban-sao-nhan-duoc.pdf"
    held.write_bytes(copy)
    page.locator("input[type=file]").set_input_files(str(held))
    page.locator("#form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#comparison.verdict--valid").count() == 1
