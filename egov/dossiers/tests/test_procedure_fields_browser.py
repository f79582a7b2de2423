"""The procedure's own fields in Chromium: the citizen types a date as dd/mm/yyyy, picks a
radio, leaves an optional field empty, and reads the answers back before submitting."""

from __future__ import annotations

import os

import pytest

from egov.dossiers.models import Dossier

from .test_official_browser import log_in
from .test_procedure_fields import FIELDS

pytestmark = pytest.mark.browser


def test_the_citizen_fills_the_procedures_fields(page, world) -> None:
    world.version.form_fields = FIELDS
    world.version.save(update_fields=["form_fields"])
    log_in(page, world.citizen)
    page.goto("/thu-tuc/1.001193/")
    assert page.get_by_role("heading", name="Thông tin cần khai").is_visible()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("button", name="Bắt đầu").click()
    page.get_by_label("Bản thân tôi").check()
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Họ và tên", exact=True).fill("Nguyễn Thị Ánh Tuyết")
    page.get_by_label("Số căn cước công dân (CCCD)").fill("001190012345")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # Nothing typed: every required field is listed, each linked to its input.
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    summary = page.locator(".error-summary")
    assert "Hãy nhập “Họ, chữ đệm và tên của trẻ”." in summary.inner_text()
    assert "Hãy chọn “Giới tính”." in summary.inner_text()

    page.get_by_label("Họ, chữ đệm và tên của trẻ").fill("Nguyễn Bảo An")
    page.get_by_label("Ngày sinh của trẻ").fill("05/01/2026")
    page.get_by_label("Nữ", exact=True).check()
    page.get_by_label("Cân nặng (gam) (không bắt buộc)").fill("3.200")
    if os.environ.get("EGOV_SCREENSHOTS"):
        page.screenshot(path=os.environ["EGOV_SCREENSHOTS"] + "/details.png", full_page=True)
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_url("**/giay-to/")

    dossier = Dossier.objects.get(owner=world.citizen)
    assert dossier.details["ngay_sinh"] == "2026-01-05"
    assert dossier.details["can_nang"] == "3200"
    page.goto(f"/ho-so-cua-toi/{dossier.public_id}/buoc/kiem-tra/")
    answers = page.locator("dl", has_text="Họ, chữ đệm và tên của trẻ").inner_text()
    assert "Nguyễn Bảo An" in answers and "05/01/2026" in answers and "3.200" in answers
    if os.environ.get("EGOV_SCREENSHOTS"):
        page.screenshot(path=os.environ["EGOV_SCREENSHOTS"] + "/check.png", full_page=True)
