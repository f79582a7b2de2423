"""The applicant's JSON view of a dossier's fees (only their own dossiers, only signed in),
and the accountants' XLSX export of the online-payment share."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from egov.payments import services
from egov.payments.methods.base import Report

from .conftest import charged, submitted_online

pytestmark = pytest.mark.django_db


def api_url(dossier) -> str:
    return f"/api/v1/payments/dossiers/{dossier.public_id}"


def test_the_applicant_reads_what_their_dossier_owes_and_its_payments(client, pay):
    dossier, _charge = charged(pay, exemptions={pay.fee.pk: "Trẻ em dưới 6 tuổi"})
    client.force_login(pay.citizen)
    owed = client.get(api_url(dossier)).json()
    assert (owed["total"], owed["exempted"], owed["amount_due"], owed["owed"]) == (
        58000,
        8000,
        50000,
        50000,
    )
    assert owed["fixed"] and owed["payable"] and not owed["paid"] and owed["payments"] == []
    assert owed["timing"] == "before_return" and owed["code"] == dossier.code
    assert owed["pay_url"] == f"/ho-so-cua-toi/{dossier.public_id}/thanh-toan/"
    assert [(line["amount"], line["exempt"]) for line in owed["lines"]] == [
        (8000, True),
        (50000, False),
    ]
    assert owed["lines"][0]["exemption_reason"] == "Trẻ em dưới 6 tuổi"
    payment = services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=50000)
    receipt = services.receipt_issue(payment)
    paid = client.get(api_url(dossier)).json()
    assert paid["paid"] and paid["owed"] == 0 and not paid["payable"]
    [made] = paid["payments"]
    assert made["reference"] == payment.reference and made["status"] == "succeeded"
    assert made["method_label"] == "Tiền mặt tại Bộ phận Một cửa"
    assert made["receipt_number"] == receipt.number
    assert made["receipt_url"] == f"/bien-lai/{payment.public_id}/"


def test_before_reception_the_schedule_is_what_is_owed(client, pay):
    dossier = submitted_online(pay)
    client.force_login(pay.citizen)
    answer = client.get(api_url(dossier)).json()
    assert not answer["fixed"] and answer["amount_due"] == 58000 and answer["lines"] == []
    assert not answer["payable"]  # paid before the return: the desk fixes the fees first


def test_nobody_else_reads_a_dossiers_fees(client, pay):
    dossier, _charge = charged(pay)
    assert client.get(api_url(dossier)).status_code == 401
    for outsider in (pay.other_citizen, pay.desk, pay.accountant):
        client.force_login(outsider)
        answer = client.get(api_url(dossier))
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    client.force_login(pay.citizen)
    assert client.get("/api/v1/payments/dossiers/not-a-uuid").status_code in (400, 404, 422)


def test_the_online_payment_share_exports_to_xlsx(client, pay):
    online, _c1 = charged(pay)
    qr, _instruction = services.payment_start(online, method="vietqr", actor=pay.citizen)
    services.payment_observe(
        qr,
        report=Report(outcome="success", amount=58000, provider_reference="FT9"),
        source="statement",
    )
    desk, _c2 = charged(pay)
    services.payment_record_at_desk(desk, method="cash", actor=pay.desk, amount=58000)
    charged(pay)  # unpaid
    client.force_login(pay.accountant)
    day = timezone.localdate()
    today, first = day.strftime("%d/%m/%Y"), day.replace(day=1).strftime("%d/%m/%Y")
    figures = client.get("/can-bo/ke-toan/so-lieu/").content.decode()  # this month so far
    assert f"/can-bo/ke-toan/so-lieu/xuat-excel/?start={first}&amp;end={today}" in figures
    assert '<th scope="col">Cơ quan</th>' in figures and '<th scope="col">Thủ tục</th>' in figures
    export = client.get("/can-bo/ke-toan/so-lieu/xuat-excel/", {"start": today, "end": today})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["Theo cơ quan", "Theo thủ tục"]
    rows = list(book["Theo cơ quan"].iter_rows(values_only=True))
    assert rows[0] == (
        "Cơ quan",
        "Mã",
        "Hồ sơ phải nộp phí, lệ phí",
        "Đã thanh toán",
        "Thanh toán trực tuyến",
        "Tỷ lệ thanh toán trực tuyến",
    )
    assert rows[1][1:5] == (pay.commune_a.code, 3, 2, 1)
    assert rows[1][5] == pytest.approx(1 / 3)
    assert rows[2][0] == "Tổng số" and rows[2][2:5] == (3, 2, 1)
    assert rows[-1][0] == f"Kỳ số liệu: từ {today} đến {today}"
    assert next(book["Theo thủ tục"].iter_rows(values_only=True))[0] == "Thủ tục"
    [procedure] = list(book["Theo thủ tục"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert procedure[:2] == ("Thủ tục đăng ký khai sinh", "1.001193")
    client.force_login(pay.desk)
    assert client.get("/can-bo/ke-toan/so-lieu/xuat-excel/").status_code == 403
