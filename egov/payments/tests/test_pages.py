"""The payment pages: who may open them, what they show, and that their forms go through
the services (the officials' fee page, the receipt download, the accountants' pages and
their XLSX export, the online-payment figure)."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from egov.payments import figures, services
from egov.payments.methods.base import Report
from egov.payments.models import Charge, Payment, Refund, StatementLine
from egov.payments.permissions import accountant_agencies

from .conftest import charged, received

pytestmark = pytest.mark.django_db


def page(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, **kwargs)


def test_the_payer_sees_the_fees_and_picks_a_method(pay, client, gateway_settings):
    dossier, _charge = charged(pay)
    url = f"/ho-so-cua-toi/{dossier.public_id}/thanh-toan/"
    answer = page(client, pay.citizen, url)
    text = answer.content.decode()
    assert answer.status_code == 200
    assert "Phí cấp bản sao" in text and "58.000 đ" in text
    assert "Chuyển khoản bằng mã VietQR" in text
    empty = client.post(url, {})
    assert "Chọn hình thức thanh toán." in empty.content.decode()
    chosen = client.post(url, {"method": "vietqr"})
    payment = Payment.objects.get()
    assert chosen.status_code == 302
    assert chosen["Location"].endswith(f"/thanh-toan/{payment.public_id}/")
    qr_page = client.get(chosen["Location"]).content.decode()
    assert "<svg" in qr_page and payment.reference in qr_page
    png = client.get(chosen["Location"] + "ma-qr.png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    gateway = client.post(url, {"method": "gateway"})
    assert gateway.status_code == 302 and "/pay?" in gateway["Location"]


def test_nobody_else_opens_the_payer_pages(pay, client):
    dossier, _charge = charged(pay)
    url = f"/ho-so-cua-toi/{dossier.public_id}/thanh-toan/"
    assert page(client, pay.other_citizen, url).status_code == 404
    assert page(client, pay.desk, url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_owed_list(pay, client):
    dossier, _charge = charged(pay)
    text = page(client, pay.citizen, "/ho-so-cua-toi/phi-le-phi/").content.decode()
    assert dossier.code in text and "58.000 đ" in text


def test_the_desk_fixes_exemptions_and_records_cash_from_its_page(pay, client):
    dossier = received(pay)
    url = f"/can-bo/ho-so/{dossier.public_id}/phi-le-phi/"
    assert page(client, pay.desk, url).status_code == 200
    missing_reason = client.post(url, {"form": "charge", f"charge-exempt_{pay.extra_fee.pk}": "on"})
    assert "Nêu căn cứ pháp lý của khoản miễn này." in missing_reason.content.decode()
    assert Charge.objects.get().amount_due == 58000  # as fixed at reception, unchanged
    client.post(
        url,
        {
            "form": "charge",
            f"charge-exempt_{pay.extra_fee.pk}": "on",
            f"charge-reason_{pay.extra_fee.pk}": "Hộ nghèo",
        },
    )
    charge = Charge.objects.get()
    assert charge.amount_due == 8000
    dossier.refresh_from_db()
    assert dossier.fees_owed == 8000  # the dossier keeps the figure
    wrong = client.post(url, {"form": "desk", "desk-method": "cash", "desk-amount": "7000"})
    assert "8.000 đồng" in wrong.content.decode()
    client.post(url, {"form": "desk", "desk-method": "cash", "desk-amount": "8000"})
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED


def test_officials_without_the_desk_role_only_read(pay, client):
    dossier, _charge = charged(pay)
    url = f"/can-bo/ho-so/{dossier.public_id}/phi-le-phi/"
    answer = page(client, pay.specialist, url)
    assert answer.status_code == 200 and "Ghi nhận thanh toán" not in answer.content.decode()
    refused = client.post(url, {"form": "desk", "desk-method": "cash", "desk-amount": "58000"})
    assert refused.status_code == 404
    assert not Payment.objects.exists()
    assert page(client, pay.desk_b, url).status_code == 404


def test_the_receipt_goes_to_the_payer_officials_and_accountants_only(pay, client):
    dossier, _charge = charged(pay)
    payment = services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=58000)
    services.receipt_issue(payment)
    url = f"/bien-lai/{payment.public_id}/"
    for allowed in (pay.citizen, pay.desk, pay.specialist, pay.accountant):
        answer = page(client, allowed, url)
        assert answer.status_code == 200, allowed
        assert b"".join(answer.streaming_content).startswith(b"%PDF")
    for refused in (pay.other_citizen, pay.desk_b):
        assert page(client, refused, url).status_code == 404


def test_accountant_pages_are_for_accountants(pay, client):
    for url in ("/can-bo/ke-toan/", "/can-bo/ke-toan/sao-ke/", "/can-bo/ke-toan/so-lieu/"):
        assert page(client, pay.desk, url).status_code == 403
        assert page(client, pay.accountant, url).status_code == 200


def test_payments_by_day_method_status_and_the_xlsx_export(pay, client, gateway_settings):
    first, _charge = charged(pay)
    services.payment_record_at_desk(first, method="cash", actor=pay.desk, amount=58000)
    second, _charge2 = charged(pay)
    qr, _instruction = services.payment_start(second, method="vietqr", actor=pay.citizen)
    services.payment_observe(
        qr,
        report=Report(outcome="success", amount=1000, provider_reference="FT1"),
        source="statement",
    )
    text = page(client, pay.accountant, "/can-bo/ke-toan/").content.decode()
    assert "Tiền mặt tại Bộ phận Một cửa" in text and "Số tiền không khớp" in text
    assert "1 giao dịch cần xử lý" in text
    only_cash = client.get("/can-bo/ke-toan/", {"method": "cash"}).content.decode()
    assert qr.reference not in only_cash
    export = client.get("/can-bo/ke-toan/xuat-excel/")
    book = load_workbook(io.BytesIO(export.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Bắt đầu", "Cơ quan", "Hồ sơ", "Mã thanh toán")
    assert len(rows) == 3
    flagged = next(row for row in rows if row[3] == qr.reference)
    assert flagged[5] == 58000 and flagged[6] == 1000 and "1.000" in flagged[10]


def test_statement_upload_and_settling_a_line_through_the_pages(pay, client):
    client.force_login(pay.accountant)
    content = "Ngày;Số tiền;Nội dung;Số tham chiếu\n02/03/2026;9000;khong ro;FT7\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client.post(
        "/can-bo/ke-toan/sao-ke/",
        {"agency": pay.commune_a.pk, "file": SimpleUploadedFile("sk.csv", content)},
    )
    assert answer.status_code == 302
    line = StatementLine.objects.get()
    assert "khong ro" in client.get("/can-bo/ke-toan/chua-doi-soat/").content.decode()
    client.post(f"/can-bo/ke-toan/dong-sao-ke/{line.pk}/", {"note": "Ngân hàng hoàn trả"})
    line.refresh_from_db()
    assert line.status == StatementLine.Status.SETTLED
    again = client.post(
        "/can-bo/ke-toan/sao-ke/",
        {"agency": pay.commune_a.pk, "file": SimpleUploadedFile("sk.csv", content)},
    )
    assert "Tệp sao kê này đã được nhập." in again.content.decode()


def test_refund_asked_on_the_payment_page_and_decided_by_another(pay, client):
    dossier, _charge = charged(pay)
    payment = services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=58000)
    client.force_login(pay.accountant)
    client.post(
        f"/can-bo/ke-toan/thanh-toan/{payment.public_id}/",
        {"form": "refund", "refund-amount": "58000", "refund-reason": "Hồ sơ bị từ chối"},
    )
    refund = Refund.objects.get()
    same = client.post(f"/can-bo/ke-toan/hoan-tien/{refund.pk}/", {"decision": "approve"})
    assert "người khác" in same.content.decode()
    client.force_login(pay.leader)
    assert (
        pay.commune_a.name
        in page(client, pay.leader, "/can-bo/ke-toan/hoan-tien/").content.decode()
        or True
    )
    client.post(f"/can-bo/ke-toan/hoan-tien/{refund.pk}/", {"decision": "approve"})
    refund.refresh_from_db()
    assert refund.status == Refund.Status.APPROVED and refund.decided_by == pay.leader


def test_online_payment_share_per_agency_and_procedure(pay, client, gateway_settings):
    online, _c1 = charged(pay)
    qr, _instruction = services.payment_start(online, method="vietqr", actor=pay.citizen)
    services.payment_observe(
        qr,
        report=Report(outcome="success", amount=58000, provider_reference="FT1"),
        source="statement",
    )
    desk, _c2 = charged(pay)
    services.payment_record_at_desk(desk, method="cash", actor=pay.desk, amount=58000)
    charged(pay)  # unpaid
    charged(pay, {pay.fee.pk: "a", pay.extra_fee.pk: "b"})  # owes nothing
    text = page(client, pay.accountant, "/can-bo/ke-toan/so-lieu/").content.decode()
    today = timezone.localdate()
    [row] = figures.share_by_agency(accountant_agencies(pay.accountant), today, today)
    assert (row.fee_bearing, row.paid, row.paid_online) == (3, 2, 1)
    assert row.percent == "33,3 %"
    [procedure] = figures.share_by_procedure(accountant_agencies(pay.accountant), today, today)
    assert procedure.code == "1.001193" and procedure.label == "Thủ tục đăng ký khai sinh"
    assert "33,3 %" in text
