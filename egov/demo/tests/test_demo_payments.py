"""The demo's fees and payments: the ward's bank account and accountant, a result held for
a VietQR transfer whose code shows, a result handed over after a cash payment with its
receipt, a fee exempted at reception; made once, without network."""

from __future__ import annotations

import re

import pytest

from egov.demo.loaders import demo_load
from egov.demo.payments import ACCOUNTANT, payments_load
from egov.dossiers.lifecycle import Status
from egov.dossiers.models import Dossier, DossierFile
from egov.orgs.models import User
from egov.payments import services, vietqr
from egov.payments.models import BankAccount, Charge, Payment, Receipt
from egov.printing.tests.pdfcheck import text

pytestmark = pytest.mark.django_db


def test_demo_payments_load_once_and_show(client):
    demo_load()
    line = payments_load()
    account = BankAccount.objects.get()
    assert account.agency.code == "000.00.21.H22" and account.bank_bin == "970415"

    # A result at the desk held for its fee, the VietQR code on the applicant's page.
    waiting = Payment.objects.get(status=Payment.Status.PENDING)
    assert waiting.method == "vietqr" and waiting.amount == 15000
    dossier = waiting.charge.dossier
    assert dossier.status == Status.READY
    match = re.fullmatch(
        r"Payments: VietQR waiting (\S+) \(log in as (\S+)\); accountant \S+",
        line,
    )
    assert match is not None, line
    client.force_login(User.objects.get(username=match.group(2)))
    page = client.get(match.group(1)).content.decode()
    assert "<svg" in page and waiting.reference in page
    decoded = vietqr.decode(services.payment_instruction(waiting).qr_payload)
    assert (decoded.account, decoded.amount) == (account.account_number, 15000)
    assert decoded.reference == waiting.reference
    detail = client.get(f"/ho-so-cua-toi/{dossier.public_id}/").content.decode()
    assert "Chưa thể trả kết quả" in detail and "còn phải nộp 15.000 đồng" in detail

    # Paid in cash at the desk, receipt issued, result handed over.
    paid = Payment.objects.get(status=Payment.Status.SUCCEEDED)
    assert paid.method == "cash" and paid.charge.dossier.status == Status.RETURNED
    receipt = Receipt.objects.get(payment=paid)
    with receipt.file.open("rb") as handle:
        assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text(handle.read())

    # Exempted at reception: nothing owed, the legal ground kept, form 01 says 0 đồng.
    exempted = Charge.objects.get(amount_due=0)
    assert exempted.lines.get().exemption_reason.startswith("Người khuyết tật")
    form = exempted.dossier.files.get(kind=DossierFile.Kind.FORM, form_code="01")
    with form.file.open("rb") as handle:
        assert "Phí, lệ phí: 0 đồng" in " ".join(text(handle.read()).split())

    # Waiting for the desk: the reception form offers to exempt the fee.
    submitted = Dossier.objects.filter(
        status=Status.SUBMITTED, procedure_version__procedure__code="1.004873"
    ).get()
    client.force_login(User.objects.get(username="motcua.phuong1"))
    form = client.get(f"/can-bo/ho-so/{submitted.public_id}/").content.decode()
    assert "Miễn: Lệ phí cấp Giấy xác nhận tình trạng hôn nhân (15.000 đồng)" in form

    # The accountant's pages open; a second load changes nothing.
    client.force_login(User.objects.get(username=ACCOUNTANT))
    assert client.get("/can-bo/ke-toan/").status_code == 200
    assert payments_load() == "Payments: already loaded."
    assert Payment.objects.count() == 2
