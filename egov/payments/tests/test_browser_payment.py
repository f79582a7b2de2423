"""In headless Chromium: a citizen submits online, pays through the gateway simulator (a
separate web service), downloads the e-receipt, and the desk, seeing the fees paid, receives
the dossier. The VietQR page on a phone: the code on screen scans back to the payload. And
the desk, refused the return of a result whose fees are unpaid, takes them at the desk and
returns it."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image

from egov.core.tests.samples import pdf_bytes
from egov.dossiers.lifecycle import Status
from egov.dossiers.models import Dossier
from egov.dossiers.tests.test_browser_journey import submit_online
from egov.dossiers.tests.test_official_browser import log_in, log_out, press
from egov.payments import services, vietqr
from egov.payments.models import Payment, Receipt, Timing
from egov.printing.tests import pdfcheck

from .conftest import ACCOUNT, charged
from .test_dossier_hooks import to_desk

pytestmark = pytest.mark.browser


@pytest.fixture
def pay_page(chromium_browser, live_server, paysim, transactional_db):
    """A Vietnamese browser tab that may reach the live server and the simulator only."""
    allowed = {urlsplit(live_server.url).netloc, urlsplit(paysim.url).netloc}
    foreign: list[str] = []

    def guard(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in {"http", "https"} and parts.netloc not in allowed:
            foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context = chromium_browser.new_context(
        base_url=live_server.url, accept_downloads=True, locale="vi-VN"
    )
    context.route("**/*", guard)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert not foreign, foreign


def test_submit_pay_through_the_simulator_get_the_receipt_and_the_dossier_proceeds(
    pay_page, pay, paysim, tmp_path: Path
):
    page = pay_page
    services.procedure_payment_set(
        procedure=pay.version.procedure, timing=Timing.AT_SUBMISSION, actor=None
    )
    scan = tmp_path / "giay-to.pdf"
    scan.write_bytes(pdf_bytes("Giay to"))

    log_in(page, pay.citizen)
    submit_online(page, scan)
    page.goto("/ho-so-cua-toi/phi-le-phi/")
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    assert "58.000 đ" in page.locator("main").inner_text()
    page.get_by_label("Cổng thanh toán (thẻ ngân hàng, ví điện tử, ngân hàng trực tuyến)").check()
    page.get_by_role("button", name="Thanh toán 58.000 đ").click()

    # The simulator's own page, on its own host.
    page.wait_for_url(f"{paysim.url}/pay?**")
    assert "58.000 đ" in page.locator("main").inner_text()
    page.get_by_role("button", name="Thanh toán", exact=True).click()

    # Back at egov: the callback has arrived, the return agrees, the receipt is there.
    page.wait_for_url("**/ho-so-cua-toi/*/thanh-toan/*/")
    panel = page.locator(".panel").inner_text()
    assert "Đã nhận thanh toán" in panel and "58.000 đ" in panel
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.SUCCEEDED
    receipt = Receipt.objects.get(payment=payment)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Tải biên lai {receipt.number} (PDF)").click()
    content = Path(download_info.value.path()).read_bytes()
    text = pdfcheck.text(content)
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text and "Năm mươi tám nghìn đồng" in text
    log_out(page)

    # The desk sees the fees paid and receives the dossier.
    log_in(page, pay.desk)
    dossier = Dossier.objects.get(owner=pay.citizen)
    page.goto(f"/can-bo/ho-so/{dossier.public_id}/phi-le-phi/")
    assert "Đã nộp đủ" in page.locator("main").inner_text()
    assert receipt.number in page.locator("main").inner_text()
    page.goto(f"/can-bo/ho-so/{dossier.public_id}/")
    press(page, "Tiếp nhận và cấp giấy tiếp nhận")
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS


def test_the_vietqr_code_on_a_phone_scans_back(pay_page, pay):
    page = pay_page
    dossier, _charge = charged(pay)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, pay.citizen)
    page.goto(f"/ho-so-cua-toi/{dossier.public_id}/thanh-toan/")
    page.get_by_label("Chuyển khoản bằng mã VietQR").check()
    page.get_by_role("button", name="Thanh toán 58.000 đ").click()
    page.wait_for_url("**/thanh-toan/*/")
    payment = Payment.objects.get()
    shot = page.locator(".qr-image svg").screenshot()
    [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    decoded = vietqr.decode(found.text)
    assert decoded.account == ACCOUNT and decoded.amount == 58000
    assert decoded.reference == payment.reference
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_the_desk_returns_the_result_once_the_fees_are_taken_at_the_desk(page, pay):
    dossier, _charge = charged(pay)
    dossier = to_desk(dossier, pay)
    log_in(page, pay.desk)
    page.goto(f"/can-bo/ho-so/{dossier.public_id}/")
    main = page.locator("main")
    assert "Còn phải nộp: 58.000 đ." in main.inner_text()

    # The return form says why it would be refused; sent anyway, it is refused.
    form = page.locator("#act-return_result")
    assert "Chưa thể trả kết quả" in form.inner_text()
    form.get_by_label("Tại Bộ phận Một cửa").check()
    press(page, "Ghi nhận đã trả kết quả")
    assert "còn phải nộp 58.000 đồng" in page.locator(".error-summary").inner_text()
    dossier.refresh_from_db()
    assert dossier.status == Status.READY

    # The applicant pays in cash: the desk records it from the dossier's fees page.
    page.get_by_role("link", name="Xác định phí, lệ phí hoặc ghi nhận khoản thu tại quầy").click()
    page.wait_for_url("**/phi-le-phi/")
    page.get_by_label("Tiền mặt tại Bộ phận Một cửa").check()
    assert page.get_by_label("Số tiền đã thu (đồng)").input_value() == "58000"
    press(page, "Ghi nhận thanh toán")
    assert "Đã nộp đủ" in main.inner_text()
    page.get_by_role("link", name="Quay lại hồ sơ").click()
    page.wait_for_url(f"**/can-bo/ho-so/{dossier.public_id}/")
    assert "Chưa thể trả kết quả" not in main.inner_text()
    page.locator("#act-return_result").get_by_label("Tại Bộ phận Một cửa").check()
    press(page, "Ghi nhận đã trả kết quả")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
