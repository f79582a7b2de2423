"""The e-receipt: Vietnamese content read back with pdftotext, numbered per agency and year,
issued once, signed by the agency's organisation certificate when it has one."""

from __future__ import annotations

import pytest

from egov.core.errors import Conflict
from egov.payments import services
from egov.payments.models import Payment, Receipt
from egov.payments.words import amount_in_words
from egov.printing.tests import pdfcheck
from egov.signing import services as signing
from egov.signing.verify import verify_pdf

from .conftest import charged


def pay_at_desk(w, exemptions=None):
    dossier, _charge = charged(w, exemptions)
    owed = services.outstanding(dossier.charge)
    return services.payment_record_at_desk(dossier, method="cash", actor=w.desk, amount=owed)


def test_receipt_shows_what_was_collected_in_vietnamese(pay):
    payment = pay_at_desk(pay, {pay.fee.pk: "Trẻ em dưới 6 tuổi"})
    receipt = services.receipt_issue(payment)
    content = receipt.file.open("rb").read()
    text = pdfcheck.text(content)
    dossier = payment.charge.dossier
    for expected in (
        "BIÊN LAI THU PHÍ, LỆ PHÍ",
        f"Số: {receipt.number}",
        "UBND XÃ AN BÌNH",
        "Người nộp: Nguyễn Thị Ánh Tuyết",
        f"Hồ sơ: {dossier.code}",
        "Phí cấp bản sao",
        "(miễn: Trẻ em dưới 6 tuổi)",
        "Tổng cộng 50.000 đồng",
        "Số tiền bằng chữ: Năm mươi nghìn đồng",
        "Hình thức thanh toán: Tiền mặt tại Bộ phận Một cửa",
        f"Mã thanh toán: {payment.reference}",
    ):
        assert expected in text, (expected, text)
    assert pdfcheck.page_sizes_mm(content) == [(148, 210)]
    assert not receipt.signed


def test_numbers_follow_each_other_and_a_receipt_is_issued_once(pay):
    first = services.receipt_issue(pay_at_desk(pay))
    second = services.receipt_issue(pay_at_desk(pay))
    assert first.number[:4] == second.number[:4]
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
    assert services.receipt_issue(first.payment) == first
    assert Receipt.objects.count() == 2


def test_no_receipt_for_money_not_received(pay, gateway_settings):
    dossier, _charge = charged(pay)
    payment, _instruction = services.payment_start(dossier, method="vietqr", actor=pay.citizen)
    with pytest.raises(Conflict):
        services.receipt_issue(payment)


@pytest.fixture
def agency_certificate(pay):
    signing.local_ca_create(actor=None, trust=True)
    return signing.certificate_issue(owner_agency=pay.commune_a, actor=None)


def test_receipt_is_signed_with_the_agency_certificate(pay, agency_certificate):
    payment = pay_at_desk(pay)
    receipt = services.receipt_issue(payment)
    assert receipt.signed
    assert receipt.certificate_fingerprint == agency_certificate.fingerprint
    content = receipt.file.open("rb").read()
    report = verify_pdf(content)
    assert report.valid, report
    [signature] = report.signatures
    assert signature.field_name == "DonViThu"
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in pdfcheck.text(content)


def test_a_revoked_certificate_leaves_the_receipt_unsigned(pay, agency_certificate):
    signing.certificate_revoke(agency_certificate, actor=None, reason="Lộ khóa")
    receipt = services.receipt_issue(pay_at_desk(pay))
    assert not receipt.signed
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (8000, "Tám nghìn đồng"),
        (15000, "Mười lăm nghìn đồng"),
        (21000, "Hai mươi mốt nghìn đồng"),
        (105000, "Một trăm linh năm nghìn đồng"),
        (1250000, "Một triệu hai trăm năm mươi nghìn đồng"),
        (1005000, "Một triệu không trăm linh năm nghìn đồng"),
        (2000000000, "Hai tỷ đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words
