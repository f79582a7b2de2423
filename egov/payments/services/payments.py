"""Paying a charge: starting a payment by one method, recording what the gateway, the bank or
the desk reports about it (idempotently), expiry, and the accountant's look at a flagged
payment.

``payment_observe`` is the one place a payment changes state after it started. It runs under
a row lock on the payment, so the gateway's callback, the payer's return and a status query
arriving together apply once; a message already applied changes nothing. Money whose amount
does not match is flagged for the accountant and never counts as paid; money that arrives
for a charge already paid counts as received and is flagged for a refund.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core import ratelimit
from egov.core.audit import audit_record
from egov.core.errors import Conflict, NotFound, PermissionRefused, ValidationFailed
from egov.dossiers.lifecycle import CLOSED, Status
from egov.dossiers.models import Dossier
from egov.printing.formats import money

from .. import permissions
from ..methods import get_method
from ..methods.base import CANCELLED, FAILED, PENDING, SUCCESS, Instruction, PaymentMethod, Report
from ..models import Charge, Observation, Payment, Refund, Timing
from .charges import charges_fix_for_dossier, timing_of

logger = logging.getLogger(__name__)

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Payments a payer may start per hour (each gateway attempt is one).
START_LIMIT = 30
START_WINDOW = 3600
Source = Observation.Source
Outcome = Observation.Outcome


def new_reference() -> str:
    """A fresh payment reference, "EG" and ten symbols of Crockford's base32."""
    for _attempt in range(10):
        reference = "EG" + "".join(secrets.choice(_ALPHABET) for _ in range(10))
        if not Payment.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("No free payment reference.")  # pragma: no cover - 2**50 space


def received_total(charge: Charge) -> int:
    """Money kept for ``charge``: payments received, minus approved refunds."""
    paid = (
        charge.payments.filter(status=Payment.Status.SUCCEEDED).aggregate(
            total=Sum("received_amount")
        )["total"]
        or 0
    )
    refunded = (
        Refund.objects.filter(payment__charge=charge, status=Refund.Status.APPROVED).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    return int(paid) - int(refunded)


def outstanding(charge: Charge) -> int:
    return max(0, charge.amount_due - received_total(charge))


def _method(code: str) -> PaymentMethod:
    method = get_method(code)
    if method is None:
        raise ValidationFailed(_("This payment method is not offered."), code="unknown_method")
    return method


def _check_open(dossier: Dossier) -> None:
    if dossier.status == Status.DRAFT or dossier.status in CLOSED:
        raise Conflict(
            _("This dossier is closed: its fees can no longer be paid here."), code="closed"
        )


def _locked_charge(charge: Charge) -> Charge:
    return Charge.objects.select_for_update().select_related("dossier", "agency").get(pk=charge.pk)


def _charge_to_pay(dossier: Dossier, actor: Any) -> Charge:
    charge = Charge.objects.filter(dossier=dossier).first()
    if charge is not None:
        return _locked_charge(charge)
    if timing_of(dossier) == Timing.AT_SUBMISSION:
        return _locked_charge(charges_fix_for_dossier(dossier, actor=actor))
    raise Conflict(
        _("The desk has not fixed the fees of this dossier yet; you can pay once it has."),
        code="charge_not_fixed",
    )


@transaction.atomic
def payment_start(dossier: Dossier, *, method: str, actor: Any) -> tuple[Payment, Instruction]:
    """The applicant starts paying what ``dossier`` still owes by an online ``method``.

    A VietQR code already shown for the same amount is shown again (its reference stays
    the same, so a transfer made from an earlier screen still matches).
    """
    if not permissions.is_payer(actor, dossier):
        raise PermissionRefused(
            _("Only the applicant who submitted this dossier may pay it online."),
            code="not_payer",
        )
    chosen = _method(method)
    if not chosen.online:
        raise ValidationFailed(
            _("This method is used at the one-stop desk only."), code="desk_method"
        )
    _check_open(dossier)
    ratelimit.check("payments.start", str(actor.pk), limit=START_LIMIT, window_seconds=START_WINDOW)
    charge = _charge_to_pay(dossier, actor)
    owed = outstanding(charge)
    if owed <= 0:
        raise Conflict(_("The fees of this dossier are already paid."), code="already_paid")
    if not chosen.available_for(charge):
        raise ValidationFailed(
            _("This payment method is not available for this agency."), code="method_unavailable"
        )
    reused = (
        charge.payments.filter(status=Payment.Status.PENDING, method=chosen.code, amount=owed)
        .order_by("-created_at")
        .first()
        if not chosen.expires
        else None
    )
    if reused is not None:
        return reused, chosen.start(reused)
    ratelimit.hit("payments.start", str(actor.pk), limit=START_LIMIT, window_seconds=START_WINDOW)
    at = timezone.now()
    payment = Payment.objects.create(
        charge=charge,
        method=chosen.code,
        reference=new_reference(),
        amount=owed,
        created_at=at,
        created_by=actor,
        expires_at=(
            at + dt.timedelta(minutes=settings.EGOV_PAYMENT_EXPIRY_MINUTES)
            if chosen.expires
            else None
        ),
    )
    instruction = chosen.start(payment)
    audit_record(
        "payments.payment_started",
        actor=actor,
        target=payment,
        summary=f"{payment.reference} {chosen.code} {owed}",
        data={"dossier": dossier.pk, "method": chosen.code, "amount": owed},
    )
    return payment, instruction


def payment_instruction(payment: Payment) -> Instruction:
    """What to show again for a pending payment (the same QR code, the same gateway link)."""
    return _method(payment.method).start(payment)


def _settle(charge: Charge, payment: Payment, at: dt.datetime) -> bool:
    """Mark the charge paid when the money kept covers it; True if it was paid already."""
    was_paid = charge.paid_at is not None
    if not was_paid and received_total(charge) >= charge.amount_due:
        method = get_method(payment.method)
        charge.paid_at = at
        charge.paid_online = bool(method is not None and method.online)
        charge.save(update_fields=["paid_at", "paid_online"])
    return was_paid


def _after_success(payment: Payment) -> None:
    from .. import tasks

    transaction.on_commit(lambda: tasks.payment_received.enqueue(payment.pk))


def _observation(
    payment: Payment | None,
    source: str,
    outcome: str,
    data: dict[str, Any],
    remote_address: str,
) -> Observation:
    return Observation.objects.create(
        payment=payment,
        source=source,
        outcome=outcome,
        received_at=timezone.now(),
        remote_address=remote_address[:100],
        data=data,
    )


def _again(payment: Payment, report: Report) -> Payment:
    """A second, different transfer made for a payment already settled: the money is real,
    so it is kept as a payment of its own, flagged for a refund."""
    return Payment.objects.create(
        charge=payment.charge,
        method=payment.method,
        reference=new_reference(),
        amount=payment.amount,
        received_amount=report.amount,
        status=Payment.Status.SUCCEEDED,
        provider_reference=report.provider_reference,
        created_at=timezone.now(),
        completed_at=timezone.now(),
        paid_at=report.paid_at,
        flag=str(
            _("Paid a second time with reference %(reference)s: refund it.")
            % {"reference": payment.reference}
        ),
        details={"again_for": payment.reference},
    )


def _apply_success(payment: Payment, report: Report) -> tuple[str, Payment]:
    """(outcome, payment changed) for a success reported about ``payment`` (locked)."""
    S = Payment.Status
    same_transaction = report.provider_reference == payment.provider_reference
    if payment.status in (S.SUCCEEDED, S.MISMATCH):
        if same_transaction or not report.provider_reference:
            return Outcome.DUPLICATE, payment
        extra = _again(payment, report)
        _settle(payment.charge, extra, timezone.now())
        return Outcome.APPLIED, extra
    taken = (
        report.provider_reference
        and Payment.objects.filter(
            method=payment.method, provider_reference=report.provider_reference
        )
        .exclude(pk=payment.pk)
        .exists()
    )
    if taken:
        return Outcome.IGNORED, payment
    at = timezone.now()
    previous = payment.status
    payment.received_amount = report.amount
    payment.provider_reference = report.provider_reference
    payment.paid_at = report.paid_at
    payment.completed_at = at
    if previous != S.PENDING:
        payment.details = {**payment.details, "late_after": previous}
    if report.amount != payment.amount:
        payment.status = S.MISMATCH
        payment.flag = str(
            _("Received %(received)s instead of %(expected)s.")
            % {"received": money(report.amount or 0), "expected": money(payment.amount)}
        )
        payment.save()
        return Outcome.MISMATCH, payment
    payment.status = S.SUCCEEDED
    payment.save()
    if _settle(payment.charge, payment, at):
        payment.flag = str(_("The fees were already paid: refund this payment."))
        payment.save(update_fields=["flag"])
    return Outcome.APPLIED, payment


def _apply_failure(payment: Payment, report: Report) -> str:
    S = Payment.Status
    target = S.FAILED if report.outcome == FAILED else S.CANCELLED
    if payment.status == target:
        return Outcome.DUPLICATE
    if payment.status != S.PENDING:
        return Outcome.IGNORED
    payment.status = target
    payment.completed_at = timezone.now()
    payment.provider_reference = payment.provider_reference or report.provider_reference
    payment.save(update_fields=["status", "completed_at", "provider_reference"])
    return Outcome.APPLIED


@transaction.atomic
def payment_observe(
    payment: Payment,
    *,
    report: Report,
    source: str,
    data: dict[str, Any] | None = None,
    remote_address: str = "",
    actor: Any = None,
) -> Observation:
    """Record what a verified message says about ``payment`` and apply it once."""
    if report.outcome not in (SUCCESS, FAILED, CANCELLED, PENDING):
        raise ValidationFailed(_("Unknown payment outcome."), code="outcome")
    payment = (
        Payment.objects.select_for_update()
        .select_related("charge", "charge__dossier")
        .get(pk=payment.pk)
    )
    before = payment.status
    changed = payment
    if report.outcome == SUCCESS:
        outcome, changed = _apply_success(payment, report)
    elif report.outcome in (FAILED, CANCELLED):
        outcome = _apply_failure(payment, report)
    else:
        outcome = Outcome.IGNORED
    observation = _observation(changed, source, outcome, data or {}, remote_address)
    if outcome in (Outcome.APPLIED, Outcome.MISMATCH):
        audit_record(
            f"payments.payment_{changed.status}",
            actor=actor,
            target=changed,
            summary=f"{changed.reference} {before} -> {changed.status}",
            data={
                "observation": observation.pk,
                "source": source,
                "amount": report.amount,
                "transaction": report.provider_reference,
            },
        )
    if outcome == Outcome.APPLIED and changed.status == Payment.Status.SUCCEEDED:
        _after_success(changed)
    return observation


@transaction.atomic
def observation_refuse(
    *,
    source: str,
    reason: str,
    data: dict[str, Any],
    remote_address: str = "",
    reference: str = "",
) -> Observation:
    """Keep and audit a message egov does not believe (bad signature) or cannot place
    (unknown reference); nothing else changes."""
    payment = Payment.objects.filter(reference=reference).first() if reference else None
    outcome = Outcome.BAD_SIGNATURE if reason == "signature" else Outcome.UNKNOWN
    observation = _observation(
        payment, source, outcome, {**data, "refused": reason}, remote_address
    )
    audit_record(
        "payments.message_refused",
        actor=None,
        target=observation,
        summary=f"{source} {reason} {reference}"[:500],
        data={"source": source, "reason": reason, "reference": reference, "from": remote_address},
    )
    logger.warning("Payment message refused (%s, %s) from %s", source, reason, remote_address)
    return observation


@transaction.atomic
def payment_record_at_desk(
    dossier: Dossier,
    *,
    method: str,
    actor: Any,
    amount: int,
    provider_reference: str = "",
    note: str = "",
) -> Payment:
    """The desk officer records money taken at the desk (cash, or card with its slip
    number): exactly what the dossier still owes."""
    chosen = _method(method)
    if not chosen.at_desk:
        raise ValidationFailed(_("This method is not used at the desk."), code="not_desk_method")
    permissions.require_desk(actor, dossier.agency)
    _check_open(dossier)
    charge = Charge.objects.filter(dossier=dossier).first()
    if charge is None:
        raise Conflict(_("Fix the fees of this dossier first."), code="charge_not_fixed")
    charge = _locked_charge(charge)
    owed = outstanding(charge)
    if owed <= 0:
        raise Conflict(_("The fees of this dossier are already paid."), code="already_paid")
    if amount != owed:
        raise ValidationFailed(
            _("The amount taken must be what the dossier owes: %(owed)s.") % {"owed": money(owed)},
            code="amount_differs",
        )
    provider_reference = provider_reference.strip()[:100]
    if (
        provider_reference
        and Payment.objects.filter(
            method=chosen.code, provider_reference=provider_reference
        ).exists()
    ):
        raise ValidationFailed(_("This slip number was already recorded."), code="duplicate_slip")
    at = timezone.now()
    payment = Payment.objects.create(
        charge=charge,
        method=chosen.code,
        reference=new_reference(),
        amount=owed,
        received_amount=owed,
        status=Payment.Status.SUCCEEDED,
        provider_reference=provider_reference,
        created_at=at,
        created_by=actor,
        completed_at=at,
        paid_at=at,
        details={"note": note.strip()} if note.strip() else {},
    )
    _settle(charge, payment, at)
    observation = _observation(payment, Source.DESK, Outcome.APPLIED, {"note": note.strip()}, "")
    audit_record(
        "payments.payment_succeeded",
        actor=actor,
        target=payment,
        summary=f"{payment.reference} {chosen.code} {owed}",
        data={"observation": observation.pk, "source": Source.DESK, "amount": owed},
    )
    _after_success(payment)
    return payment


def payment_refresh(payment: Payment, *, source: str = Source.STATUS_QUERY) -> Payment:
    """Ask the provider about a pending payment (the payer came back, or it is about to
    expire) and apply the answer. The network call happens outside any transaction."""
    if payment.status != Payment.Status.PENDING:
        return payment
    method = get_method(payment.method)
    report = method.query(payment) if method is not None else None
    if report is not None and report.outcome != PENDING:
        payment_observe(
            payment,
            report=report,
            source=source,
            data={"outcome": report.outcome, "amount": report.amount},
        )
    payment.refresh_from_db()
    return payment


@transaction.atomic
def _expire(payment_id: int, at: dt.datetime) -> bool:
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.status != Payment.Status.PENDING:
        return False
    payment.status = Payment.Status.EXPIRED
    payment.completed_at = at
    payment.save(update_fields=["status", "completed_at"])
    audit_record(
        "payments.payment_expired",
        actor=None,
        target=payment,
        summary=payment.reference,
        data={"expires_at": payment.expires_at.isoformat() if payment.expires_at else None},
    )
    return True


def payments_expire(*, now: dt.datetime | None = None) -> int:
    """Expire the pending payments past their time, after one last status query each (a
    payment completed at the gateway whose callback was lost is recorded, not expired).
    Returns how many expired; safe to run twice."""
    at = now or timezone.now()
    due = list(
        Payment.objects.filter(status=Payment.Status.PENDING, expires_at__lte=at).values_list(
            "pk", flat=True
        )
    )
    expired = 0
    for payment_id in due:
        payment = Payment.objects.get(pk=payment_id)
        if payment_refresh(payment).status == Payment.Status.PENDING and _expire(payment_id, at):
            expired += 1
    return expired


@transaction.atomic
def payment_resolve(payment: Payment, *, actor: Any, note: str) -> Payment:
    """The accountant records how a flagged payment was dealt with (refund asked, money
    matched by hand, bank contacted…). The payment's status does not change."""
    payment = (Payment.objects.select_for_update().select_related("charge", "charge__agency")).get(
        pk=payment.pk
    )
    permissions.require_accountant(actor, payment.charge.agency)
    if not payment.needs_attention:
        raise Conflict(_("This payment needs no attention."), code="not_flagged")
    if not note or not note.strip():
        raise ValidationFailed(_("Say how the payment was dealt with."), code="note_required")
    payment.resolved_at = timezone.now()
    payment.resolved_by = actor
    payment.resolution = note.strip()
    payment.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    audit_record(
        "payments.payment_resolved",
        actor=actor,
        target=payment,
        summary=payment.reference,
        data={"flag": payment.flag, "note": payment.resolution},
    )
    return payment


def payment_by_reference(reference: str) -> Payment:
    payment = Payment.objects.filter(reference=reference).first()
    if payment is None:
        raise NotFound(_("No payment has this reference."))
    return payment
