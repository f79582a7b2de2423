"""Paying by VietQR transfer: the code names the agency's account, the amount and the
reference; the bank's notification completes the payment once, and a forged, mismatched or
unplaceable notification changes nothing but is kept."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.notifications.models import Notification
from egov.payments import services, signatures, vietqr
from egov.payments.models import BankAccount, Observation, Payment, Receipt, Timing

from .conftest import ACCOUNT, BANK_BIN, BANK_SECRET, charged, submitted_online

NOTIFY_URL = "/api/v1/payments/bank/notify/"


def notify(client, body: dict, *, secret: str = BANK_SECRET, signature: str | None = None):
    raw = json.dumps(body).encode()
    return client.post(
        NOTIFY_URL,
        data=raw,
        content_type="application/json",
        headers={"X-Signature": signature or signatures.sign_body(secret, raw)},
    )


def transfer(payment: Payment, *, amount: int | None = None, transaction: str = "FT26061001"):
    return {
        "account": ACCOUNT,
        "amount": payment.amount if amount is None else amount,
        "description": f"MBVCB.1234.{payment.reference}.CT tu 0071000 NGUYEN THI A",
        "transaction": transaction,
        "booked_at": "2026-03-02T10:15:00+07:00",
    }


@pytest.fixture
def qr(pay, gateway_settings):
    dossier, _charge = charged(pay)
    payment, instruction = services.payment_start(dossier, method="vietqr", actor=pay.citizen)
    return dossier, payment, instruction


def test_the_code_names_the_agency_account_amount_and_reference(qr):
    _dossier, payment, instruction = qr
    decoded = vietqr.decode(instruction.qr_payload)
    assert (decoded.bank_bin, decoded.account) == (BANK_BIN, ACCOUNT)
    assert decoded.amount == 58000 == payment.amount
    assert decoded.reference == payment.reference
    assert payment.status == Payment.Status.PENDING
    assert payment.expires_at is None
    assert instruction.details["account_name"] == "UBND XA AN BINH"
    assert AuditEvent.objects.filter(action="payments.payment_started").count() == 1


def test_showing_the_code_again_keeps_its_reference(qr, pay):
    dossier, payment, _instruction = qr
    again, instruction = services.payment_start(dossier, method="vietqr", actor=pay.citizen)
    assert again == payment
    assert vietqr.decode(instruction.qr_payload).reference == payment.reference
    assert Payment.objects.count() == 1


def test_bank_notification_completes_the_payment_once(
    qr, client, pay, django_capture_on_commit_callbacks
):
    dossier, payment, _instruction = qr
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(client, transfer(payment))
    assert first.status_code == 200, first.content
    assert first.json() == {"code": "ok", "outcome": "applied"}
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert payment.received_amount == 58000
    assert payment.provider_reference == "FT26061001"
    assert payment.paid_at is not None
    charge = payment.charge
    charge.refresh_from_db()
    assert charge.paid_at is not None and charge.paid_online
    receipt = Receipt.objects.get(payment=payment)
    assert receipt.number.endswith("-000001")
    sent = Notification.objects.filter(dedupe_key__startswith=f"payment:{payment.pk}")
    assert sent.count() == 2
    [email] = mail.outbox
    assert email.subject == f"Đã nhận thanh toán cho hồ sơ {dossier.code}"
    assert receipt.number in email.body and "58.000 đồng" in email.body

    with django_capture_on_commit_callbacks(execute=True):
        second = notify(client, transfer(payment))
    assert second.json() == {"code": "ok", "outcome": "duplicate"}
    assert Payment.objects.count() == 1
    assert Receipt.objects.count() == 1
    outcomes = list(Observation.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["applied", "duplicate"]
    assert AuditEvent.objects.filter(action="payments.payment_succeeded").count() == 1
    with pytest.raises(Conflict):
        services.payment_start(dossier, method="vietqr", actor=pay.citizen)


def test_a_forged_notification_is_refused_and_audited(qr, client):
    _dossier, payment, _instruction = qr
    forged = notify(client, transfer(payment), secret="not-the-bank")
    assert forged.status_code == 400
    tampered_body = transfer(payment)
    raw = json.dumps(tampered_body).encode()
    signature = signatures.sign_body(BANK_SECRET, raw)
    tampered_body["amount"] = 1
    tampered = notify(client, tampered_body, signature=signature)
    assert tampered.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    refused = Observation.objects.filter(outcome=Observation.Outcome.BAD_SIGNATURE)
    assert refused.count() == 2
    assert AuditEvent.objects.filter(action="payments.message_refused").count() == 2


def test_a_different_amount_is_flagged_never_paid(qr, client):
    _dossier, payment, _instruction = qr
    answer = notify(client, transfer(payment, amount=50000))
    assert answer.json()["outcome"] == "mismatch"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.MISMATCH
    assert payment.received_amount == 50000
    assert payment.needs_attention
    assert "50.000" in payment.flag and "58.000" in payment.flag
    assert payment.charge.paid_at is None
    assert not Receipt.objects.exists()


def test_a_transfer_without_a_known_reference_is_kept_for_the_accountant(qr, client):
    body = {
        "account": ACCOUNT,
        "amount": 58000,
        "description": "chuyen tien le phi ho so",
        "transaction": "FT999",
        "booked_at": "2026-03-02T10:15:00+07:00",
    }
    answer = notify(client, body)
    assert answer.status_code == 404
    kept = Observation.objects.get()
    assert kept.outcome == Observation.Outcome.UNKNOWN
    assert kept.data["transaction"] == "FT999"
    assert kept.data["refused"] == "unknown_reference"


def test_a_second_transfer_for_a_paid_reference_is_kept_and_flagged(qr, client):
    _dossier, payment, _instruction = qr
    notify(client, transfer(payment, transaction="FT1"))
    notify(client, transfer(payment, transaction="FT2"))
    extra = Payment.objects.exclude(pk=payment.pk).get()
    assert extra.status == Payment.Status.SUCCEEDED
    assert extra.provider_reference == "FT2"
    assert payment.reference in extra.flag


def test_who_may_pay_and_with_what(pay, gateway_settings):
    dossier, _charge = charged(pay)
    for outsider in (pay.other_citizen, pay.desk):
        with pytest.raises(PermissionRefused):
            services.payment_start(dossier, method="vietqr", actor=outsider)
    with pytest.raises(ValidationFailed) as desk_only:
        services.payment_start(dossier, method="cash", actor=pay.citizen)
    assert desk_only.value.code == "desk_method"
    with pytest.raises(ValidationFailed):
        services.payment_start(dossier, method="bitcoin", actor=pay.citizen)
    BankAccount.objects.all().delete()
    with pytest.raises(ValidationFailed) as unavailable:
        services.payment_start(dossier, method="vietqr", actor=pay.citizen)
    assert unavailable.value.code == "method_unavailable"


def test_paying_before_the_desk_fixed_the_fees(pay):
    dossier = submitted_online(pay)
    with pytest.raises(Conflict) as not_yet:
        services.payment_start(dossier, method="vietqr", actor=pay.citizen)
    assert not_yet.value.code == "charge_not_fixed"
    services.procedure_payment_set(
        procedure=pay.version.procedure, timing=Timing.AT_SUBMISSION, actor=None
    )
    payment, _instruction = services.payment_start(dossier, method="vietqr", actor=pay.citizen)
    assert payment.amount == 58000
    assert payment.charge.timing == Timing.AT_SUBMISSION
    assert payment.charge.fixed_by == pay.citizen


def test_a_client_sending_forgeries_is_turned_away(qr, client, monkeypatch):
    from django.core.cache import cache

    from egov.payments import throttle

    cache.clear()
    monkeypatch.setattr(throttle, "REFUSED_LIMIT", 3)
    _dossier, payment, _instruction = qr
    answers = [notify(client, transfer(payment), secret="x").status_code for _ in range(5)]
    assert answers == [400, 400, 400, 429, 429]
    assert Observation.objects.count() == 3
    # The real bank, from another address, is still heard.
    good = notify_from(client, transfer(payment), address="10.0.0.8")
    assert good.status_code == 200
    cache.clear()


def notify_from(client, body: dict, *, address: str):
    raw = json.dumps(body).encode()
    return client.post(
        NOTIFY_URL,
        data=raw,
        content_type="application/json",
        headers={"X-Signature": signatures.sign_body(BANK_SECRET, raw)},
        REMOTE_ADDR=address,
    )
