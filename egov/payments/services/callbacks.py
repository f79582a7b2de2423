"""Messages from outside about payments: the gateway's return and callback, and the bank's
notification of a transfer. Each is verified first; one egov cannot believe is kept and
audited (``observation_refuse``) and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from .. import references, signatures
from ..methods.base import SUCCESS, Report
from ..methods.gateway import RESULT_FIELDS, BadMessage, GatewayConfig, result_report
from ..models import BankAccount, Observation, Payment
from .payments import observation_refuse, payment_observe

BANK_FIELDS = ("account", "amount", "description", "transaction", "booked_at")
BANK_METHOD = "vietqr"


def _kept(fields: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    return {name: str(fields.get(name, ""))[:300] for name in (*names, "signature")}


def gateway_message(
    fields: Mapping[str, str], *, source: str, remote_address: str = ""
) -> Observation:
    """Apply a gateway's return or callback (``source``) after checking its signature."""
    data = _kept(fields, RESULT_FIELDS)
    reference = str(fields.get("reference", ""))[:20]
    try:
        reference, report = result_report(fields, GatewayConfig.from_settings())
    except BadMessage as error:
        return observation_refuse(
            source=source,
            reason=str(error),
            data=data,
            remote_address=remote_address,
            reference=reference,
        )
    payment = Payment.objects.filter(reference=reference).first()
    if payment is None:
        return observation_refuse(
            source=source, reason="unknown_reference", data=data, remote_address=remote_address
        )
    return payment_observe(
        payment, report=report, source=source, data=data, remote_address=remote_address
    )


def _booked_at(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def bank_notification(body: bytes, *, signature: str, remote_address: str = "") -> Observation:
    """Apply the bank's notification of a transfer into an agency's account.

    The body is JSON with ``account``, ``amount`` (đồng), ``description``, ``transaction``
    and ``booked_at`` (ISO 8601 with offset), signed as a whole (``X-Signature``: hex
    HMAC-SHA256 with ``EGOV_PAYMENT_BANK_SECRET``). A transfer without a known reference is
    kept as an unknown message for the accountant (Observation, outcome "unknown").
    """
    source = Observation.Source.BANK_CALLBACK
    try:
        parsed = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        parsed = None
    data = _kept(parsed if isinstance(parsed, dict) else {}, BANK_FIELDS)
    data["signature"] = signature[:100]
    if not signatures.verify_body(settings.EGOV_PAYMENT_BANK_SECRET, body, signature):
        return observation_refuse(
            source=source, reason="signature", data=data, remote_address=remote_address
        )
    amount = parsed.get("amount") if isinstance(parsed, dict) else None
    if not isinstance(parsed, dict) or not isinstance(amount, int) or amount <= 0:
        return observation_refuse(
            source=source, reason="content", data=data, remote_address=remote_address
        )
    account = BankAccount.objects.filter(account_number=str(parsed.get("account", ""))).first()
    if account is None:
        return observation_refuse(
            source=source, reason="unknown_account", data=data, remote_address=remote_address
        )
    found = None
    for reference in references.candidates(str(parsed.get("description", ""))):
        found = Payment.objects.filter(
            reference=reference, method=BANK_METHOD, charge__agency=account.agency
        ).first()
        if found is not None:
            break
    if found is None:
        return observation_refuse(
            source=source, reason="unknown_reference", data=data, remote_address=remote_address
        )
    report = Report(
        outcome=SUCCESS,
        amount=amount,
        provider_reference=str(parsed.get("transaction", ""))[:100],
        paid_at=_booked_at(str(parsed.get("booked_at", ""))),
    )
    return payment_observe(
        found, report=report, source=source, data=data, remote_address=remote_address
    )
