"""Refunds: an accountant asks, with a reason; another person (an accountant or the agency
leader) approves or rejects. An approved refund reduces the money kept for the charge, which
may then no longer count as paid."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.printing.formats import money

from .. import permissions
from ..models import Charge, Payment, Refund
from .payments import received_total


def _refundable(payment: Payment) -> int:
    asked = (
        payment.refunds.exclude(status=Refund.Status.REJECTED).aggregate(total=Sum("amount"))[
            "total"
        ]
        or 0
    )
    return int(payment.received_amount or 0) - int(asked)


@transaction.atomic
def refund_request(payment: Payment, *, actor: Any, amount: int, reason: str) -> Refund:
    """Ask to give back ``amount`` đồng of a received (or mismatched) payment."""
    payment = (Payment.objects.select_for_update().select_related("charge", "charge__agency")).get(
        pk=payment.pk
    )
    permissions.require_accountant(actor, payment.charge.agency)
    if payment.status not in (Payment.Status.SUCCEEDED, Payment.Status.MISMATCH):
        raise Conflict(_("Only money received can be refunded."), code="not_received")
    if not reason or not reason.strip():
        raise ValidationFailed(_("Give the reason for the refund."), code="reason_required")
    if amount <= 0:
        raise ValidationFailed(_("The amount must be above zero."), code="amount_positive")
    left = _refundable(payment)
    if amount > left:
        raise ValidationFailed(
            _("At most %(left)s of this payment can still be refunded.") % {"left": money(left)},
            code="amount_too_high",
        )
    refund = Refund.objects.create(
        payment=payment,
        amount=amount,
        reason=reason.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_record(
        "payments.refund_requested",
        actor=actor,
        target=refund,
        summary=f"{payment.reference} {amount}",
        data={"reason": refund.reason},
    )
    return refund


@transaction.atomic
def refund_decide(refund: Refund, *, actor: Any, approve: bool, note: str = "") -> Refund:
    """Approve or reject a refund; never by the person who asked for it."""
    refund = (
        Refund.objects.select_for_update()
        .select_related("payment", "payment__charge", "payment__charge__agency")
        .get(pk=refund.pk)
    )
    agency = refund.payment.charge.agency
    if not permissions.may_approve_refund(actor, agency):
        raise PermissionRefused(
            _("Only an accountant or the leader of %(agency)s may decide on a refund.")
            % {"agency": agency.name},
            code="not_approver",
        )
    if refund.requested_by_id == getattr(actor, "pk", None):
        raise PermissionRefused(
            _("A refund must be decided by someone other than the person who asked for it."),
            code="same_person",
        )
    if refund.status != Refund.Status.REQUESTED:
        raise Conflict(_("This refund has already been decided."), code="decided")
    if not approve and not note.strip():
        raise ValidationFailed(_("Say why the refund is rejected."), code="note_required")
    refund.status = Refund.Status.APPROVED if approve else Refund.Status.REJECTED
    refund.decided_by = actor
    refund.decided_at = timezone.now()
    refund.decision_note = note.strip()
    refund.save()
    charge = Charge.objects.select_for_update().get(pk=refund.payment.charge_id)
    unpaid = False
    if approve and charge.paid_at is not None and received_total(charge) < charge.amount_due:
        charge.paid_at = None
        charge.paid_online = False
        charge.save(update_fields=["paid_at", "paid_online"])
        unpaid = True
    audit_record(
        f"payments.refund_{refund.status}",
        actor=actor,
        target=refund,
        summary=f"{refund.payment.reference} {refund.amount}",
        data={"note": refund.decision_note, "charge_unpaid": unpaid},
    )
    return refund
