"""The applicant's payment pages under "Hồ sơ của tôi": what a dossier owes and how to pay it,
the VietQR code or the way to the gateway, the result, and the return from the gateway."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from egov.core.errors import ApplicationError
from egov.dossiers.selectors import dossier_for_citizen

from . import selectors, services, vietqr
from .forms import MethodForm
from .models import Observation, Payment
from .throttle import count_refusal, guard

Source = Observation.Source


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form = context.get("form")
    links = form.error_links() if form is not None and hasattr(form, "error_links") else []
    return render(request, template, {**context, "error_links": links})


@login_required
@require_GET
def owed(request: HttpRequest) -> HttpResponse:
    """Every fee the applicant owes or has paid, dossier by dossier."""
    charges = list(selectors.charges_of_citizen(request.user))
    rows = [(charge, services.outstanding(charge)) for charge in charges]
    return render(
        request,
        "payments/citizen/owed.html",
        {
            "rows": [
                {"charge": c, "dossier": c.dossier, "owed": owed} for c, owed in rows if owed > 0
            ],
            "paid": [{"charge": c, "dossier": c.dossier} for c, owed in rows if owed <= 0],
            "early": selectors.awaiting_first_payment(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The fees of one dossier, the payments made, and the choice of a method."""
    dossier = dossier_for_citizen(request.user, public_id)
    state = selectors.pay_state(dossier)
    methods = selectors.online_methods(state.charge)
    form = MethodForm(_posted(request), methods=methods)
    if request.method == "POST" and state.payable and form.is_valid():
        try:
            payment, instruction = services.payment_start(
                dossier, method=form.cleaned_data["method"], actor=request.user
            )
        except ApplicationError as error:
            form.refuse(error)
        else:
            if instruction.redirect_url:
                return redirect(instruction.redirect_url)
            return redirect(
                "payments:payment", public_id=dossier.public_id, payment_id=payment.public_id
            )
    return _render(
        request,
        "payments/citizen/pay.html",
        {
            "dossier": dossier,
            "state": state,
            "lines": list(state.charge.lines.all()) if state.charge else [],
            "schedule": list(dossier.procedure_version.fees.all()) if not state.charge else [],
            "payments": list(selectors.payments_of(dossier)),
            "form": form,
            "methods": methods,
        },
    )


@login_required
@require_GET
def payment(request: HttpRequest, public_id: uuid.UUID, payment_id: uuid.UUID) -> HttpResponse:
    """One payment: its QR code while a transfer is awaited, its result afterwards. A pending
    gateway payment is asked about at the gateway (the payer may have closed the window)."""
    dossier = dossier_for_citizen(request.user, public_id)
    found = selectors.payment_for_payer(request.user, dossier, payment_id)
    if found.status == Payment.Status.PENDING and found.expires_at is not None:
        found = services.payment_refresh(found)
    instruction = (
        services.payment_instruction(found) if found.status == Payment.Status.PENDING else None
    )
    qr_svg = (
        vietqr.svg(instruction.qr_payload, title=str(_("VietQR code to scan in your bank app")))
        if instruction is not None and instruction.qr_payload
        else ""
    )
    return render(
        request,
        "payments/citizen/payment.html",
        {
            "dossier": dossier,
            "payment": found,
            "instruction": instruction,
            "qr_svg": qr_svg,
            "method_label": selectors.method_label(found.method),
            "receipt": getattr(found, "receipt", None),
        },
    )


@login_required
@require_GET
def qr_png(request: HttpRequest, public_id: uuid.UUID, payment_id: uuid.UUID) -> HttpResponse:
    """The VietQR code as a PNG file, to save and open in a banking app on the same phone."""
    dossier = dossier_for_citizen(request.user, public_id)
    found = selectors.payment_for_payer(request.user, dossier, payment_id)
    instruction = (
        services.payment_instruction(found) if found.status == Payment.Status.PENDING else None
    )
    if instruction is None or not instruction.qr_payload:
        return redirect("payments:payment", public_id=dossier.public_id, payment_id=found.public_id)
    response = HttpResponse(vietqr.png(instruction.qr_payload), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="vietqr-{found.reference}.png"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def gateway_return(request: HttpRequest) -> HttpResponse:
    """The payer's browser back from the gateway. The signed result is applied (once); when
    its signature does not hold, egov asks the gateway itself. No login is needed to apply
    it, only to see the dossier: a payer whose session ended still gets their payment."""
    address = guard(request)
    fields = {key: request.GET.get(key, "") for key in request.GET}
    observation = services.gateway_message(
        fields, source=Source.GATEWAY_RETURN, remote_address=address
    )
    count_refusal(address, observation)
    found = (
        observation.payment
        or Payment.objects.filter(reference=fields.get("reference", "")[:20]).first()
    )
    if found is not None and found.status == Payment.Status.PENDING:
        found = services.payment_refresh(found)
    if found is None:
        messages.error(request, _("This payment is unknown. Nothing was recorded."))
        return render(request, "payments/citizen/returned.html", {"payment": None}, status=404)
    dossier = found.charge.dossier
    if request.user.is_authenticated and dossier.owner_id == request.user.pk:
        return redirect("payments:payment", public_id=dossier.public_id, payment_id=found.public_id)
    return render(request, "payments/citizen/returned.html", {"payment": found})
