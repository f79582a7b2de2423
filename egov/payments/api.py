"""JSON API (mounted at /api/v1/payments/): the gateway's server-to-server callback and the
bank's transfer notification, both verified by signature, never by session, so they take
no CSRF token (a refused message is kept and audited: ``observation_refuse``); and, for a
signed-in applicant, what one of their dossiers owes and how it was paid."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from ninja import Router, Schema
from ninja.security import django_auth

from egov.dossiers.selectors import dossier_for_citizen

from . import selectors
from .models import Observation, Payment
from .services import bank_notification, gateway_message
from .throttle import count_refusal, guard

router = Router(tags=["payments"])

_REFUSED = {Observation.Outcome.BAD_SIGNATURE}


def _answer(observation: Observation) -> JsonResponse:
    if observation.outcome in _REFUSED:
        return JsonResponse({"code": "bad_signature", "message": "Signature invalid."}, status=400)
    if observation.outcome == Observation.Outcome.UNKNOWN:
        return JsonResponse({"code": "unknown", "message": "Unknown payment."}, status=404)
    return JsonResponse({"code": "ok", "outcome": observation.outcome})


@router.post("/gateway/notify/", url_name="payments_gateway_notify", include_in_schema=False)
def gateway_notify(request: HttpRequest) -> JsonResponse:
    """The gateway's callback: form-encoded result fields, signed (see methods.gateway)."""
    address = guard(request)
    fields = {key: request.POST.get(key, "") for key in request.POST}
    observation = gateway_message(
        fields, source=Observation.Source.GATEWAY_CALLBACK, remote_address=address
    )
    count_refusal(address, observation)
    return _answer(observation)


@router.post("/bank/notify/", url_name="payments_bank_notify", include_in_schema=False)
def bank_notify(request: HttpRequest) -> JsonResponse:
    """The bank's notification of a transfer: JSON body, ``X-Signature`` over the body."""
    address = guard(request)
    observation = bank_notification(
        request.body, signature=request.headers.get("X-Signature", ""), remote_address=address
    )
    count_refusal(address, observation)
    return _answer(observation)


class ErrorOut(Schema):
    code: str
    message: str


class LineOut(Schema):
    kind: str
    description: str
    amount: int
    exempt: bool
    exemption_reason: str


class PaymentOut(Schema):
    id: str
    reference: str
    method: str
    method_label: str
    amount: int
    received_amount: int | None
    status: str
    status_label: str
    started_at: dt.datetime
    completed_at: dt.datetime | None
    receipt_number: str | None
    receipt_url: str | None


class DossierFeesOut(Schema):
    dossier: str
    code: str | None
    timing: str
    fixed: bool
    total: int
    exempted: int
    amount_due: int
    owed: int
    paid: bool
    paid_at: dt.datetime | None
    payable: bool
    pay_url: str
    lines: list[LineOut]
    payments: list[PaymentOut]


def _payment(payment: Payment) -> dict[str, Any]:
    receipt = getattr(payment, "receipt", None)
    return {
        "id": str(payment.public_id),
        "reference": payment.reference,
        "method": payment.method,
        "method_label": selectors.method_label(payment.method),
        "amount": payment.amount,
        "received_amount": payment.received_amount,
        "status": payment.status,
        "status_label": str(Payment.Status(payment.status).label),
        "started_at": payment.created_at,
        "completed_at": payment.completed_at,
        "receipt_number": receipt.number if receipt is not None else None,
        "receipt_url": reverse("payments:receipt", args=[payment.public_id]) if receipt else None,
    }


@router.get(
    "/dossiers/{public_id}",
    response={200: DossierFeesOut, 401: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    url_name="payments_dossier_fees",
    summary="What one of the signed-in applicant's dossiers owes and how it was paid",
)
def dossier_fees(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    """The applicant's own dossiers only: any other dossier is "not found"."""
    dossier = dossier_for_citizen(request.user, public_id)
    state = selectors.pay_state(dossier)
    charge = state.charge
    return {
        "dossier": str(dossier.public_id),
        "code": dossier.code,
        "timing": state.timing,
        "fixed": charge is not None,
        "total": charge.total if charge else state.schedule_total,
        "exempted": charge.exempted if charge else 0,
        "amount_due": charge.amount_due if charge else state.schedule_total,
        "owed": state.owed,
        "paid": bool(charge and charge.is_paid),
        "paid_at": charge.paid_at if charge else None,
        "payable": state.payable,
        "pay_url": reverse("payments:pay", args=[dossier.public_id]),
        "lines": [
            {
                "kind": line.kind,
                "description": line.description,
                "amount": line.amount,
                "exempt": line.exempt,
                "exemption_reason": line.exemption_reason,
            }
            for line in (charge.lines.all() if charge else [])
        ],
        "payments": [_payment(p) for p in selectors.payments_of(dossier)],
    }
