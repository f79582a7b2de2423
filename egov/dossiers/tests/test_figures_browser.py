"""The figures page in headless Chromium: an official picks a period by its labels, reads the
table and downloads the same table as XLSX."""

from __future__ import annotations

import io
import os

import pytest
from openpyxl import load_workbook

from egov.orgs.tests.factories import PASSWORD

from .figures_setup import clock_fixture, scenario_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_an_official_reads_and_downloads_the_figures(page, world, scenario) -> None:
    page.goto("/dang-nhap/?next=/can-bo/so-lieu/")
    page.get_by_label("Email, số điện thoại hoặc tên đăng nhập").fill(world.desk.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/can-bo/so-lieu/")
    assert page.locator("h1").inner_text() == "Số liệu hồ sơ"

    page.get_by_label("Từ ngày").fill("20/04/2026")
    page.get_by_label("Đến ngày").fill("05/05/2026")
    page.get_by_role("button", name="Xem số liệu").click()
    page.wait_for_load_state()
    table = page.get_by_role("table")
    assert "Hồ sơ từ 20/04/2026 đến 05/05/2026" in table.locator("caption").inner_text()
    row = table.get_by_role("row").filter(has_text="1.001193")
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[1:5] == ["9", "1", "7", "1"]  # received: total, in person, online, by post
    if os.environ.get("EGOV_SCREENSHOTS"):
        page.screenshot(path=os.environ["EGOV_SCREENSHOTS"] + "/figures.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về dạng XLSX").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet["A1"].value == "Số liệu hồ sơ từ 20/04/2026 đến 05/05/2026"
    assert sheet["E7"].value == 9
