"""The whole one-stop journey in headless Chromium, every person through the pages: a citizen
submits online → the desk accepts (the receipt signed by the agency) → the specialist and the
head process → the leader approves with the result document, signing it → the clerk issues
it (numbered, signed by the agency) and the desk returns it online → anyone looks the code up
without logging in → the citizen, logged in, downloads the result signed by the leader and
the agency, carrying its verification code."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov.core.tests.samples import pdf_bytes
from egov.core.tests.threads import in_own_thread
from egov.dossiers.lifecycle import Status
from egov.dossiers.models import Dossier, DossierFile
from egov.dossiers.services.signatures import AGENCY_FIELD, LEADER_FIELD
from egov.printing.tests.pdfcheck import text
from egov.signing import records
from egov.signing import services as signing
from egov.signing.models import SignedDocument
from egov.signing.verify import verify_pdf

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
    signing.local_ca_create(actor=None, trust=True)
    signing.certificate_issue(owner_agency=world.commune_a, actor=None)
    signing.certificate_issue(owner_user=world.leader, actor=None)
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
    documents = page.locator("#documents").inner_text()
    assert f"Cơ quan đã ký: {world.commune_a.name}" in documents
    assert "Mã xác thực" in documents
    log_out(page)

    for official in (world.specialist, world.head):
        log_in(page, official)
        open_from_queue(page, code)
        press(page, "Chuyển tiếp")
        log_out(page)
    # The leader approves with the unsigned result, which egov signs with the leader's key.
    log_in(page, world.leader)
    open_from_queue(page, code)
    assert "được ký bằng chứng thư số “Nguyễn Văn Năm”" in page.locator("#actions").inner_text()
    page.get_by_label("Văn bản kết quả để ký (không bắt buộc, tệp PDF chưa ký)").set_input_files(
        str(result)
    )
    press(page, "Phê duyệt")
    assert "đã được ký bằng chứng thư số" in page.locator(".messages").inner_text()
    log_out(page)

    # The clerk issues it as approved: numbered and signed by the agency.
    log_in(page, world.clerk)
    open_from_queue(page, code)
    assert "Lãnh đạo đã phê duyệt văn bản kết quả" in page.locator("#actions").inner_text()
    press(page, "Ban hành kết quả")
    assert "Đã ban hành kết quả, số 01/KQ" in page.locator(".messages").inner_text()
    documents = page.locator("#documents").inner_text()
    assert "Lãnh đạo phê duyệt đã ký: Nguyễn Văn Năm" in documents
    assert f"Cơ quan đã ký: {world.commune_a.name}" in documents
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

    # The citizen downloads the result from “Hồ sơ của tôi”: the uploaded document, with
    # its verification code printed on it, signed by the leader and then by the agency.
    log_in(page, world.citizen)
    page.goto("/ho-so-cua-toi/")
    page.locator("tr", has_text=code).get_by_role("link").first.click()
    box = page.locator(".result-box")
    assert "Lãnh đạo phê duyệt đã ký: Nguyễn Văn Năm" in box.inner_text()
    with page.expect_download() as download_info:
        box.get_by_role("link", name="giay-khai-sinh.pdf").click()
    downloaded = Path(download_info.value.path()).read_bytes()
    # pyHanko's validation runs its own asyncio loop: not inside Playwright's, so in a thread.
    report = in_own_thread(verify_pdf, downloaded)
    assert [s.field_name for s in report.signatures] == [LEADER_FIELD, AGENCY_FIELD]
    assert [s.signer for s in report.signatures] == ["Nguyễn Văn Năm", world.commune_a.name]
    assert report.valid
    stored = dossier.files.get(kind=DossierFile.Kind.RESULT)
    printed = " ".join(text(downloaded).split())
    assert "Giay khai sinh" in printed
    assert records.display_code(stored.verification_code) in printed
    assert records.display_code(stored.verification_code) in box.inner_text()
    registered = SignedDocument.objects.get(code=stored.verification_code)
    assert registered.sha256 == stored.sha256

    # Anyone given the file checks it on the public verification page: both signatures,
    # the document unchanged.
    copy = tmp_path / "ket-qua.pdf"
    copy.write_bytes(downloaded)
    log_out(page)
    page.goto("/xac-thuc/")
    page.get_by_label("Tệp PDF").set_input_files(str(copy))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    assert page.locator(".verdict h2").inner_text() == "Chữ ký số hợp lệ"
    signers = page.locator(".signature-list").inner_text()
    assert "Nguyễn Văn Năm" in signers and world.commune_a.name in signers
