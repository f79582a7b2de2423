"""End to end in headless Chromium: a walk-in dossier from the desk's registration to the
returned result, each official logging in and acting through the pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov.dossiers.lifecycle import Status
from egov.dossiers.models import Dossier
from egov.orgs.tests.factories import PASSWORD

from .conftest import PDF_BYTES

pytestmark = pytest.mark.browser


def log_in(page, user) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Email, số điện thoại hoặc tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)
    # Officials land on their work queues; the journey tests also log citizens in here.
    page.goto("/can-bo/ho-so/")


def log_out(page) -> None:
    page.locator("form[action='/dang-xuat/'] button").click()
    page.wait_for_load_state()


def open_from_queue(page, code: str) -> None:
    page.get_by_role("link", name="Hồ sơ cần xử lý").first.click()
    page.get_by_role("link", name=code).click()
    page.wait_for_url("**/can-bo/ho-so/*/")


def press(page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def test_walk_in_dossier_from_desk_to_returned_result(page, world, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF_BYTES)

    # The desk registers the walk-in applicant's dossier and scans its two documents.
    log_in(page, world.desk)
    page.get_by_role("link", name="Tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính").click()
    page.get_by_label("Tìm thủ tục (tên hoặc mã)").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    page.get_by_label("Họ và tên người nộp hoặc tên tổ chức").fill("Trần Văn Đức")
    page.get_by_label("Số định danh cá nhân (CCCD) hoặc mã số thuế").fill("001090012345")
    page.get_by_label("Số điện thoại", exact=True).fill("0901234567")
    press(page, "Ghi nhận và số hóa giấy tờ")
    assert "Hồ sơ đang kiểm tra" in page.locator("h1").inner_text()
    for component in ("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"):
        page.get_by_label("Thành phần hồ sơ").select_option(label=component)
        page.get_by_label("Tệp đã quét (PDF, JPEG, PNG hoặc DOCX)").set_input_files(str(scan))
        assert page.get_by_label("Số hóa tại đây từ bản giấy").is_checked()
        press(page, "Thêm tệp")
    assert "Còn thiếu" not in page.locator("#documents").inner_text()

    # Accepting gives the code and the receipt.
    press(page, "Tiếp nhận và cấp giấy tiếp nhận")
    code = page.locator("h1").inner_text().strip()
    dossier = Dossier.objects.get()
    assert code == dossier.code
    assert f"Mã hồ sơ là {code}" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="In giấy tiếp nhận").is_visible()
    log_out(page)

    # The specialist and the head forward, the leader approves.
    for official in (world.specialist, world.head):
        log_in(page, official)
        open_from_queue(page, code)
        press(page, "Chuyển tiếp")
        assert "Đã chuyển sang bước tiếp theo." in page.locator(".messages").inner_text()
        log_out(page)
    log_in(page, world.leader)
    open_from_queue(page, code)
    press(page, "Phê duyệt")
    log_out(page)

    # The clerk issues the result and hands it to the desk, which returns it.
    log_in(page, world.clerk)
    open_from_queue(page, code)
    # The leader approved without the document: the clerk uploads it (unsigned) at issue.
    page.get_by_label("Văn bản kết quả (tệp PDF chưa ký)").set_input_files(str(scan))
    press(page, "Ban hành kết quả")
    press(page, "Chuyển Bộ phận Một cửa")
    log_out(page)
    log_in(page, world.desk)
    open_from_queue(page, code)
    page.get_by_label("Tại Bộ phận Một cửa").check()
    press(page, "Ghi nhận đã trả kết quả")
    assert "Đã trả kết quả; hồ sơ kết thúc." in page.locator(".messages").inner_text()
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED

    # The finished dossier reads on a phone without sideways scrolling.
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_error_summary_takes_the_focus_and_links_to_its_field(page, world) -> None:
    from egov.dossiers.tests.conftest import submitted_online

    dossier = submitted_online(world)
    log_in(page, world.desk)
    page.goto(f"/can-bo/ho-so/{dossier.public_id}/")
    page.locator("summary", has_text="Từ chối tiếp nhận (mẫu 03)").click()
    press(page, "Từ chối tiếp nhận")
    # The browser applies `autofocus` after the first rendering, not at "load": wait for it
    # (this fails after the timeout if the summary never takes the focus).
    page.wait_for_function(
        "document.activeElement && document.activeElement.classList.contains('error-summary')",
        timeout=5000,
    )
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_refuse_reception-reasons"


@pytest.mark.parametrize("path", ["queue", "register", "search", "dossier", "receipt"])
def test_the_officials_pages_fit_a_phone(page, world, path) -> None:
    from egov.dossiers.tests.conftest import received

    dossier = received(world)
    urls = {
        "queue": "/can-bo/ho-so/?tab=todo",
        "register": "/can-bo/tiep-nhan/moi/?procedure=1.001193",
        "search": "/can-bo/tiep-nhan/moi/?q=khai+sinh",
        "dossier": f"/can-bo/ho-so/{dossier.public_id}/",
        "receipt": f"/can-bo/ho-so/{dossier.public_id}/giay-tiep-nhan/",
    }
    log_in(page, {"queue": world.specialist, "dossier": world.leader}.get(path, world.desk))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(urls[path])
    if path == "queue":
        assert page.get_by_role("link", name=dossier.code).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
