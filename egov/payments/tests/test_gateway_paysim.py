"""The payment gateway flows through ``paysim`` over real HTTP, with egov on a live server:
success, failure, cancel, duplicated, forged, mismatched and late callbacks, and a payer who
closes the browser (the callback or the status query completes the payment)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from egov.core.models import AuditEvent
from egov.payments import services, signatures
from egov.payments.methods.gateway import RESULT_FIELDS
from egov.payments.models import Charge, Observation, Payment, Receipt

from .conftest import GATEWAY_SECRET, MERCHANT, charged
from .gateway import http, pay_at_gateway

Outcome = Observation.Outcome
P = Payment.Status


def start(w):
    dossier, _charge = charged(w)
    payment, instruction = services.payment_start(dossier, method="gateway", actor=w.citizen)
    return payment, instruction.redirect_url


def outcomes(payment: Payment) -> list[tuple[str, str]]:
    return list(
        Observation.objects.filter(payment=payment).order_by("id").values_list("source", "outcome")
    )


def test_the_redirect_is_signed_and_expires_in_90_minutes(pay, paysim):
    payment, url = start(pay)
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(paysim.url + "/pay?")
    assert query["amount"] == "58000" and query["currency"] == "704"
    assert query["reference"] == payment.reference
    assert query["notify_url"].endswith("/api/v1/payments/gateway/notify/")
    assert payment.expires_at - payment.created_at == dt.timedelta(minutes=90)
    assert int(query["expires_at"]) == int(payment.expires_at.timestamp())
    tampered = url.replace("amount=58000", "amount=5800")
    assert http(tampered).status == 400


def test_success_callback_then_return(pay, paysim, client):
    payment, url = start(pay)
    answer = pay_at_gateway(url, "success")
    assert answer.status == 303
    assert paysim.transaction_for(payment.reference).callbacks == [200]
    payment.refresh_from_db()
    assert payment.status == P.SUCCEEDED
    assert payment.provider_reference.startswith("PS")
    assert Charge.objects.get().paid_at is not None
    assert Receipt.objects.filter(payment=payment).exists()
    # The browser comes back: the same result again changes nothing.
    back = http(answer.location)
    assert back.status == 200 and payment.reference in back.body
    assert outcomes(payment) == [
        ("gateway_callback", Outcome.APPLIED),
        ("gateway_return", Outcome.DUPLICATE),
    ]
    assert AuditEvent.objects.filter(action="payments.payment_succeeded").count() == 1


@pytest.mark.parametrize(("action", "status"), [("failed", P.FAILED), ("cancelled", P.CANCELLED)])
def test_failure_and_cancel_leave_the_fees_unpaid(pay, paysim, action, status):
    payment, url = start(pay)
    answer = pay_at_gateway(url, action)
    payment.refresh_from_db()
    assert payment.status == status
    assert Charge.objects.get().paid_at is None
    http(answer.location)
    assert outcomes(payment) == [
        ("gateway_callback", Outcome.APPLIED),
        ("gateway_return", Outcome.DUPLICATE),
    ]
    # The payer may try again: a new payment, a new reference.
    again, _url = services.payment_start(
        payment.charge.dossier, method="gateway", actor=pay.citizen
    )
    assert again.reference != payment.reference


def test_duplicated_callbacks_apply_once(pay, paysim):
    paysim.behaviour.callback_copies = 3
    payment, url = start(pay)
    pay_at_gateway(url, "success")
    assert paysim.transaction_for(payment.reference).callbacks == [200, 200, 200]
    assert outcomes(payment) == [
        ("gateway_callback", Outcome.APPLIED),
        ("gateway_callback", Outcome.DUPLICATE),
        ("gateway_callback", Outcome.DUPLICATE),
    ]
    assert Receipt.objects.count() == 1
    assert AuditEvent.objects.filter(action="payments.payment_succeeded").count() == 1


def test_forged_messages_are_refused_and_the_status_query_tells_the_truth(pay, paysim):
    paysim.behaviour.forge = True
    payment, url = start(pay)
    answer = pay_at_gateway(url, "success")
    assert paysim.transaction_for(payment.reference).callbacks == [400]
    payment.refresh_from_db()
    assert payment.status == P.PENDING
    # The forged return is refused too; egov then asks the gateway, whose answer is signed.
    http(answer.location)
    payment.refresh_from_db()
    assert payment.status == P.SUCCEEDED
    sources = outcomes(payment)
    assert sources[:2] == [
        ("gateway_callback", Outcome.BAD_SIGNATURE),
        ("gateway_return", Outcome.BAD_SIGNATURE),
    ]
    assert sources[2] == ("status_query", Outcome.APPLIED)
    refused = AuditEvent.objects.filter(action="payments.message_refused")
    assert refused.count() == 2
    assert refused.first().data["reason"] == "signature"


def test_a_tampered_callback_sent_by_someone_else_is_refused(pay, paysim, live_server):
    payment, _url = start(pay)
    fields = {
        "merchant": MERCHANT,
        "reference": payment.reference,
        "transaction": "PSFAKE",
        "amount": "58000",
        "status": "success",
        "paid_at": str(int(time.time())),
    }
    fields["signature"] = signatures.sign(GATEWAY_SECRET, fields, RESULT_FIELDS)
    fields["amount"] = "1000"  # changed after signing
    answer = http(live_server.url + "/api/v1/payments/gateway/notify/", data=fields)
    assert answer.status == 400
    payment.refresh_from_db()
    assert payment.status == P.PENDING
    assert outcomes(payment) == [("gateway_callback", Outcome.BAD_SIGNATURE)]


def test_an_amount_that_does_not_match_is_flagged_never_paid(pay, paysim):
    paysim.behaviour.amount_override = 5800
    payment, url = start(pay)
    pay_at_gateway(url, "success")
    payment.refresh_from_db()
    assert payment.status == P.MISMATCH
    assert payment.needs_attention
    assert Charge.objects.get().paid_at is None
    assert not Receipt.objects.exists()


def test_payer_closes_the_browser_and_the_callback_completes_it(pay, paysim):
    paysim.behaviour.return_to_merchant = False
    payment, url = start(pay)
    answer = pay_at_gateway(url, "success")
    assert answer.status == 200 and "Thanh toán thành công" in answer.body
    payment.refresh_from_db()
    assert payment.status == P.SUCCEEDED


def test_no_callback_no_return_the_status_query_completes_it(pay, paysim, client):
    paysim.behaviour.return_to_merchant = False
    paysim.behaviour.send_callback = False
    payment, url = start(pay)
    pay_at_gateway(url, "success")
    payment.refresh_from_db()
    assert payment.status == P.PENDING
    # The payer opens the payment page again later.
    client.force_login(pay.citizen)
    page = client.get(
        f"/ho-so-cua-toi/{payment.charge.dossier.public_id}/thanh-toan/{payment.public_id}/"
    )
    assert page.status_code == 200
    payment.refresh_from_db()
    assert payment.status == P.SUCCEEDED
    assert outcomes(payment) == [("status_query", Outcome.APPLIED)]
    assert (
        "Đã nhận thanh toán" in page.content.decode() or "Payment received" in page.content.decode()
    )


def test_expiry_asks_the_gateway_first(pay, paysim):
    paysim.behaviour.return_to_merchant = False
    paysim.behaviour.send_callback = False
    paid, url = start(pay)
    pay_at_gateway(url, "success")
    abandoned, _url = start(pay)  # never opened at the gateway
    later = timezone.now() + dt.timedelta(minutes=91)
    assert services.payments_expire(now=later) == 1
    paid.refresh_from_db()
    abandoned.refresh_from_db()
    assert paid.status == P.SUCCEEDED
    assert abandoned.status == P.EXPIRED
    assert services.payments_expire(now=later) == 0
    assert AuditEvent.objects.filter(action="payments.payment_expired").count() == 1


def test_a_late_callback_after_expiry_still_records_the_money(pay, paysim):
    paysim.behaviour.return_to_merchant = False
    paysim.behaviour.callback_delay = 0.5
    paysim.behaviour.answer_status = False
    payment, url = start(pay)
    pay_at_gateway(url, "success")
    services.payments_expire(now=timezone.now() + dt.timedelta(minutes=91))
    payment.refresh_from_db()
    assert payment.status == P.EXPIRED
    assert paysim.wait_for_callbacks(payment.reference, 1) == [200]
    payment.refresh_from_db()
    assert payment.status == P.SUCCEEDED
    assert payment.details["late_after"] == P.EXPIRED
    assert Charge.objects.get().paid_at is not None


def test_the_command_runs_paysim_as_its_own_web_service(tmp_path):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 - our own command
        [
            sys.executable,
            "-m",
            "egov",
            "paysim",
            "--port",
            str(port),
            "--merchant",
            "M",
            "--secret",
            "S",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={"DJANGO_SETTINGS_MODULE": "egov.settings.test", "PATH": "/usr/bin:/bin"},
    )
    try:
        line = process.stdout.readline().decode()
        assert f"127.0.0.1:{port}" in line, line
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
            assert answer.read() == b"ok"
        unsigned = http(f"http://127.0.0.1:{port}/pay?merchant=M&reference=EG1&amount=1")
        assert unsigned.status == 400
    finally:
        process.terminate()
        process.wait(timeout=10)
