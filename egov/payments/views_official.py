"""Officials' pages about a dossier's fees: the desk fixes the charge (with exemptions) and
records money taken at the desk; anyone who sees the dossier sees its payments. And the
receipt download, for the payer, the dossier's officials and the accountants only."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from egov.core.errors import ApplicationError
from egov.dossiers.selectors import dossier_for_official

from . import permissions, selectors, services
from .forms import ChargeForm, DeskPaymentForm
from .models import Receipt


@login_required
@require_http_methods(["GET", "POST"])
def dossier_fees(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    dossier = dossier_for_official(request.user, public_id)
    state = selectors.pay_state(dossier)
    fees = list(dossier.procedure_version.fees.order_by("pk"))
    at_desk = permissions.may_act_at_desk(request.user, dossier.agency)
    action = request.POST.get("form") if request.method == "POST" else None
    initial: dict[str, Any] = {}
    if state.charge is not None:
        for line in state.charge.lines.all():
            if line.fee_id and line.exempt:
                initial[f"exempt_{line.fee_id}"] = True
                initial[f"reason_{line.fee_id}"] = line.exemption_reason
    charge_form = ChargeForm(
        request.POST if action == "charge" else None, fees=fees, initial=initial, prefix="charge"
    )
    desk_form = DeskPaymentForm(
        request.POST if action == "desk" else None,
        methods=selectors.desk_methods(),
        initial={"amount": state.owed or None},
        prefix="desk",
    )
    if action and not at_desk:
        raise Http404
    if action == "charge" and charge_form.is_valid():
        try:
            services.charges_fix_for_dossier(
                dossier, actor=request.user, exemptions=charge_form.exemptions()
            )
        except ApplicationError as error:
            charge_form.refuse(error)
        else:
            messages.success(request, _("The fees of the dossier are fixed."))
            return redirect("payments:dossier_fees", public_id=dossier.public_id)
    if action == "desk" and desk_form.is_valid():
        try:
            services.payment_record_at_desk(
                dossier,
                method=desk_form.cleaned_data["method"],
                actor=request.user,
                amount=desk_form.cleaned_data["amount"],
                provider_reference=desk_form.cleaned_data["slip"],
                note=desk_form.cleaned_data["note"],
            )
        except ApplicationError as error:
            desk_form.refuse(error)
        else:
            messages.success(request, _("The payment is recorded; its receipt is issued."))
            return redirect("payments:dossier_fees", public_id=dossier.public_id)
    links = [*charge_form.error_links(), *desk_form.error_links()]
    return render(
        request,
        "payments/official/dossier_fees.html",
        {
            "dossier": dossier,
            "state": state,
            "lines": list(state.charge.lines.all()) if state.charge else [],
            "fees": fees,
            "payments": list(selectors.payments_of(dossier)),
            "at_desk": at_desk,
            "charge_form": charge_form,
            "desk_form": desk_form,
            "error_links": links,
        },
    )


@login_required
@require_GET
def receipt_download(request: HttpRequest, payment_id: uuid.UUID) -> FileResponse:
    """The receipt PDF, to the payer, the dossier's officials and the accountants; anyone
    else gets "not found"."""
    payment = selectors.payment_visible_to(request.user, payment_id)
    receipt = Receipt.objects.filter(payment=payment).first()
    if receipt is None:
        raise Http404
    try:
        handle = receipt.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"bien-lai-{receipt.number}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
