"""The whole one-stop journey in headless Chromium, every person through the pages: a citizen
submits online → the desk accepts → the specialist, the head and the leader process → the
clerk issues the result and the desk returns it online → anyone looks the code up without
logging in → the citizen, logged in, downloads the result."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov.core.tests.samples import pdf_bytes
from egov.dossiers.lifecycle import Status
from egov.dossiers.models import Dossier

from .test_official_browser import log_in, log_out, open_from_queue, press

pytestmark = pytest.mark.browser


def submit_online(page, files: Path) -> None:
    page.goto("/thu-tuc/1.001193/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("button", name="Bắt đầu").click()
    page.get_by_label("Bản thân tôi").check()
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Ánh Tuyết")
    page.get_by_label("Số căn cước công dân (CCCD)").fill("001190012345")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Nội dung đề nghị").fill("Đăng ký khai sinh cho con.")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Chọn tệp cho: Tờ khai đăng ký khai sinh").set_input_files(files)
    page.get_by_label("Chọn tệp cho: Giấy chứng sinh").set_input_files(files)
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Trực tuyến: tải về tại “Hồ sơ của tôi”").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_role("link", name="Tiếp tục").click()
    page.get_by_label("Tôi xin cam đoan").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url("**/da-nop/")


def test_online_dossier_from_submission_to_downloaded_result(page, world, tmp_path: Path):
    scan = tmp_path / "giay-to.pdf"
    scan.write_bytes(pdf_bytes("Giay to"))
    result = tmp_path / "giay-khai-sinh.pdf"
    result.write_bytes(pdf_bytes("Giay khai sinh"))

    log_in(page, world.citizen)
    submit_online(page, scan)
    log_out(page)

    # The desk checks the online dossier and accepts it.
    log_in(page, world.desk)
    dossier = Dossier.objects.get(owner=world.citizen)
    page.goto(f"/can-bo/ho-so/{dossier.public_id}/")
    press(page, "Tiếp nhận và cấp giấy tiếp nhận")
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    code = dossier.code
    log_out(page)

    for official in (world.specialist, world.head):
        log_in(page, official)
        open_from_queue(page, code)
        press(page, "Chuyển tiếp")
        log_out(page)
    log_in(page, world.leader)
    open_from_queue(page, code)
    press(page, "Phê duyệt")
    log_out(page)

    log_in(page, world.clerk)
    open_from_queue(page, code)
    page.get_by_label("Văn bản kết quả đã ký").set_input_files(str(result))
    press(page, "Ban hành kết quả")
    press(page, "Chuyển Bộ phận Một cửa")
    log_out(page)

    log_in(page, world.desk)
    open_from_queue(page, code)
    page.get_by_label("Trực tuyến (tải về)").check()
    press(page, "Ghi nhận đã trả kết quả")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    log_out(page)

    # Anyone with the code and the last 4 digits follows it, without logging in.
    page.goto(f"/tra-cuu/?code={code}")
    page.get_by_label("4 số cuối số điện thoại hoặc số định danh của người nộp").fill("5678")
    page.get_by_role("button", name="Tra cứu").click()
    box = page.locator(".result-box").inner_text()
    assert "Đã trả kết quả" in box
    assert "Nguyễn Thị Ánh Tuyết" not in page.content()

    # The citizen downloads the result from “Hồ sơ của tôi”.
    log_in(page, world.citizen)
    page.goto("/ho-so-cua-toi/")
    page.locator("tr", has_text=code).get_by_role("link").first.click()
    with page.expect_download() as download_info:
        page.locator(".result-box").get_by_role("link", name="giay-khai-sinh.pdf").click()
    downloaded = Path(download_info.value.path())
    assert downloaded.read_bytes() == result.read_bytes()
