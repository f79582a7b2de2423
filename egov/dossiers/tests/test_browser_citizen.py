"""End to end in headless Chromium: a citizen logs in, submits a birth registration online
with its documents and finds it in “Hồ sơ của tôi”; once the desk accepts it, anyone with
the code and the 4 digits follows it on the lookup page without logging in."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov.core.tests.samples import pdf_bytes, png_bytes
from egov.dossiers import services
from egov.dossiers.lifecycle import Status
from egov.dossiers.models import Dossier
from egov.orgs.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_submit_online_then_look_up_without_login(page, world, tmp_path: Path) -> None:
    form_file = tmp_path / "to-khai-khai-sinh.pdf"
    form_file.write_bytes(pdf_bytes("To khai"))
    proof_file = tmp_path / "giay-chung-sinh.png"
    proof_file.write_bytes(png_bytes())

    # From the procedure page to the login page and back.
    page.goto("/thu-tuc/1.001193/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.wait_for_url("**/dang-nhap/?next=**")
    page.locator('input[name="username"]').fill("congdan1")
    page.locator('input[name="password"]').fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/nop-ho-so/1.001193/")
    assert "UBND xã An Bình" in page.locator("main").inner_text()
    page.get_by_role("button", name="Bắt đầu").click()

    # One topic per page.
    page.wait_for_url("**/buoc/nguoi-yeu-cau/")
    page.get_by_label("Bản thân tôi").check()
    page.get_by_role("button", name="Tiếp tục").click()

    page.wait_for_url("**/buoc/thong-tin/")
    assert page.get_by_label("Số điện thoại", exact=True).input_value() == "0912345678"
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Ánh Tuyết")
    page.get_by_label("Số căn cước công dân (CCCD)").fill("001190012345")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    page.wait_for_url("**/buoc/noi-dung/")
    page.get_by_label("Nội dung đề nghị").fill("Đăng ký khai sinh cho con gái Nguyễn Bảo An.")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    page.wait_for_url("**/buoc/giay-to/")
    page.get_by_label("Chọn tệp cho: Tờ khai đăng ký khai sinh").set_input_files(form_file)
    page.get_by_label("Chọn tệp cho: Giấy chứng sinh").set_input_files(proof_file)
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    page.wait_for_url("**/buoc/nhan-ket-qua/")
    page.get_by_label("Trực tuyến: tải về tại “Hồ sơ của tôi”").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    page.wait_for_url("**/buoc/kiem-tra/")
    summary = page.locator("main").inner_text()
    assert "to-khai-khai-sinh.pdf" in summary and "giay-chung-sinh.png" in summary
    assert "Đăng ký khai sinh cho con gái Nguyễn Bảo An." in summary
    page.get_by_role("link", name="Tiếp tục").click()

    page.wait_for_url("**/buoc/cam-doan/")
    page.get_by_role("button", name="Nộp hồ sơ").click()  # without the declaration first
    assert page.get_by_role("alert").filter(has_text="Hãy xác nhận lời cam đoan").is_visible()
    page.get_by_label("Tôi xin cam đoan").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url("**/da-nop/")
    assert page.get_by_role("heading", name="Đã nộp hồ sơ").is_visible()

    # “Hồ sơ của tôi” lists it, not received yet.
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    page.wait_for_url("**/ho-so-cua-toi/")
    row = page.locator("tr", has_text="Thủ tục đăng ký khai sinh")
    assert "Chưa tiếp nhận" in row.inner_text()

    # The desk accepts it.
    dossier = Dossier.objects.get(owner=world.citizen)
    assert dossier.status == Status.SUBMITTED
    services.accept(dossier, actor=world.desk)
    dossier.refresh_from_db()

    # Log out; the receipt's QR code opens the lookup page with the code filled in.
    page.locator("nav form[action='/dang-xuat/'] button").click()
    page.wait_for_url("**/")
    page.goto(f"/tra-cuu/?code={dossier.code}")
    assert page.get_by_label("Mã hồ sơ").input_value() == dossier.code
    page.get_by_label("4 số cuối số điện thoại hoặc số định danh của người nộp").fill("5678")
    page.get_by_role("button", name="Tra cứu").click()
    result = page.locator(".result-box")
    assert dossier.code in result.inner_text()
    assert "Đang giải quyết" in result.inner_text()
    assert "Thẩm định hồ sơ" in result.inner_text()
    assert "Nguyễn Thị Ánh Tuyết" not in page.content()
    assert not page.get_by_role("link", name="Hồ sơ của tôi").count()  # logged out indeed


def test_the_wizard_fits_a_phone_screen(page, world) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/dang-nhap/?next=/ho-so-cua-toi/")
    page.locator('input[name="username"]').fill("congdan1")
    page.locator('input[name="password"]').fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/ho-so-cua-toi/")
    dossier = services.draft_create(
        owner=world.citizen, version=world.version, handling_agency=world.commune_a
    )
    for step in ("nguoi-yeu-cau", "thong-tin", "giay-to", "nhan-ket-qua", "kiem-tra"):
        page.goto(f"/ho-so-cua-toi/{dossier.public_id}/buoc/{step}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, step
    page.goto("/tra-cuu/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
