"""A payment gateway (the national payment platform, a bank's gateway), and the protocol egov
speaks with it. ``egov paysim`` implements the gateway's side for tests and the demo.

Every message carries ``signature``: HMAC-SHA256, keyed with the merchant's secret, over the
fields listed below (``egov.payments.signatures``: ``name=value`` sorted by name, joined by
``&``; lowercase hex). Amounts are whole đồng; times are Unix seconds.

1. Payment (the payer's browser is redirected): ``GET {gateway}/pay?`` with ``merchant``,
   ``reference``, ``amount``, ``currency`` (704), ``description`` (ASCII), ``return_url``,
   ``notify_url``, ``expires_at``; all signed.
2. Result, twice: the browser comes back with ``GET {return_url}?…`` and the gateway posts
   the same fields to ``notify_url`` (form-encoded, server to server, possibly late and
   more than once): ``merchant``, ``reference``, ``transaction``, ``amount``, ``status``
   (``success`` | ``failed`` | ``cancelled``), ``paid_at``; all signed. egov answers the
   post with 200 and ``{"code": "ok"}`` once it has recorded the message (applied or already
   known), and 400 when the signature is wrong.
3. Status query (when the payer comes back, and before a pending payment expires):
   ``POST {gateway}/api/status`` with ``merchant``, ``reference``, ``timestamp``; signed. The
   JSON answer has ``merchant``, ``reference``, ``transaction``, ``amount``, ``status``
   (also ``pending`` or ``unknown``) and ``paid_at``; signed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.text import fold

from .. import signatures
from ..models import Charge, Payment
from .base import CANCELLED, FAILED, PENDING, SUCCESS, Instruction, PaymentMethod, Report

logger = logging.getLogger(__name__)

PAY_FIELDS = (
    "merchant",
    "reference",
    "amount",
    "currency",
    "description",
    "return_url",
    "notify_url",
    "expires_at",
)
RESULT_FIELDS = ("merchant", "reference", "transaction", "amount", "status", "paid_at")
QUERY_FIELDS = ("merchant", "reference", "timestamp")
RESULT_STATUSES = {SUCCESS, FAILED, CANCELLED}
QUERY_STATUSES = RESULT_STATUSES | {PENDING, "unknown"}


class BadMessage(ValueError):
    """A gateway message egov must not believe: wrong signature, merchant or content."""


@dataclass(frozen=True)
class GatewayConfig:
    url: str
    merchant: str
    secret: str
    timeout: float

    @classmethod
    def from_settings(cls) -> GatewayConfig:
        return cls(
            url=settings.EGOV_PAYMENT_GATEWAY_URL.rstrip("/"),
            merchant=settings.EGOV_PAYMENT_GATEWAY_MERCHANT,
            secret=settings.EGOV_PAYMENT_GATEWAY_SECRET,
            timeout=float(settings.EGOV_PAYMENT_GATEWAY_TIMEOUT),
        )

    @property
    def configured(self) -> bool:
        return bool(self.url and self.merchant and self.secret)


def _unix(moment: dt.datetime) -> str:
    return str(int(moment.timestamp()))


def _moment(text: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromtimestamp(int(text), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise BadMessage("paid_at is not a time.") from None


def description_of(payment: Payment) -> str:
    code = payment.charge.dossier.code or payment.reference
    return fold(f"Le phi ho so {code}").upper()[:100]


def result_report(fields: Mapping[str, str], config: GatewayConfig) -> tuple[str, Report]:
    """Check a return or callback and read it: (reference, report). Raises BadMessage."""
    if not signatures.verify(config.secret, fields, RESULT_FIELDS):
        raise BadMessage("signature")
    if fields.get("merchant") != config.merchant:
        raise BadMessage("merchant")
    status = fields.get("status", "")
    if status not in RESULT_STATUSES:
        raise BadMessage("status")
    amount = fields.get("amount", "")
    if not amount.isdigit():
        raise BadMessage("amount")
    return fields.get("reference", ""), Report(
        outcome=status,
        amount=int(amount),
        provider_reference=fields.get("transaction", "")[:100],
        paid_at=_moment(fields.get("paid_at", "")),
    )


class Gateway(PaymentMethod):
    code = "gateway"
    label = _("Payment gateway (bank card, e-wallet, internet banking)")
    online = True
    expires = True
    in_flight = True

    def available_for(self, charge: Charge) -> bool:
        return GatewayConfig.from_settings().configured

    def start(self, payment: Payment) -> Instruction:
        config = GatewayConfig.from_settings()
        site = settings.EGOV_SITE_URL
        expires_at = payment.expires_at or timezone.now()
        fields = {
            "merchant": config.merchant,
            "reference": payment.reference,
            "amount": str(payment.amount),
            "currency": "704",
            "description": description_of(payment),
            "return_url": site + reverse("payments:gateway_return"),
            "notify_url": site + reverse("api-v1:payments_gateway_notify"),
            "expires_at": _unix(expires_at),
        }
        fields["signature"] = signatures.sign(config.secret, fields, PAY_FIELDS)
        return Instruction(redirect_url=f"{config.url}/pay?{urlencode(fields)}")

    def query(self, payment: Payment) -> Report | None:
        """The gateway's answer about ``payment``; None when it cannot be reached or
        answers something egov cannot trust (logged), so the caller tries again later."""
        config = GatewayConfig.from_settings()
        if not config.configured:
            return None
        fields = {
            "merchant": config.merchant,
            "reference": payment.reference,
            "timestamp": str(int(time.time())),
        }
        fields["signature"] = signatures.sign(config.secret, fields, QUERY_FIELDS)
        request = urllib.request.Request(  # noqa: S310 - the configured gateway URL
            f"{config.url}/api/status",
            data=urlencode(fields).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=config.timeout) as response:  # noqa: S310
                answer = json.loads(response.read(65536))
        except (OSError, urllib.error.URLError, ValueError) as error:
            logger.warning("Payment gateway status query failed: %s", error)
            return None
        if not isinstance(answer, dict):
            return None
        text = {key: str(answer.get(key, "")) for key in (*RESULT_FIELDS, "signature")}
        if (
            not signatures.verify(config.secret, text, RESULT_FIELDS)
            or text["merchant"] != config.merchant
            or text["reference"] != payment.reference
            or text["status"] not in QUERY_STATUSES
        ):
            logger.warning("Payment gateway status answer refused for %s", payment.reference)
            return None
        if text["status"] in (PENDING, "unknown"):
            return Report(outcome=PENDING)
        try:
            paid_at = _moment(text["paid_at"])
        except BadMessage:
            return None
        amount = int(text["amount"]) if text["amount"].isdigit() else None
        return Report(
            outcome=text["status"],
            amount=amount,
            provider_reference=text["transaction"][:100],
            paid_at=paid_at,
        )
