"""JSON API (mounted at /api/v1/payments/): the gateway's server-to-server callback and the
bank's transfer notification. Both are verified by signature, never by session, so they
take no CSRF token; a refused message is kept and audited (``observation_refuse``)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from ninja import Router

from .models import Observation
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
