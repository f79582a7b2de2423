"""Fixing what a dossier owes: the fee schedule of the version it was accepted under, minus
the exemptions an official grants (each with its reason). The rule is the dossiers' own
(``egov.dossiers.fees``), so the figure on form 01 and the charge's lines always agree; the
dossier keeps the figure (``fees_owed``), the charge keeps the lines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, PermissionRefused
from egov.dossiers import fees as dossier_fees
from egov.dossiers import services as dossier_services
from egov.dossiers.lifecycle import CLOSED, Status
from egov.dossiers.models import Dossier

from .. import permissions
from ..methods import blocking_methods
from ..models import Charge, ChargeLine, Payment, ProcedurePayment, Timing

# A citizen may fix the charge of their own dossier (no exemption) only while it waits for
# the desk, and only for procedures paid at submission.
CITIZEN_FIX_STATES = frozenset({Status.SUBMITTED, Status.INCOMPLETE})


def timing_of(dossier: Dossier) -> Timing:
    """When the dossier's procedure collects its fees (before the return, by default)."""
    rule = ProcedurePayment.objects.filter(
        procedure_id=dossier.procedure_version.procedure_id
    ).first()
    return Timing(rule.timing) if rule is not None else Timing.BEFORE_RETURN


def _check_actor(dossier: Dossier, actor: Any, exemptions: Mapping[int, str]) -> None:
    if actor is None:
        return
    if permissions.may_act_at_desk(actor, dossier.agency):
        return
    if permissions.is_payer(actor, dossier):
        if exemptions:
            raise PermissionRefused(
                _("Only the one-stop desk may grant an exemption."), code="exemption_by_desk"
            )
        if timing_of(dossier) == Timing.AT_SUBMISSION and dossier.status in CITIZEN_FIX_STATES:
            return
    raise PermissionRefused(
        _("Only the one-stop desk of %(agency)s may fix the fees of this dossier.")
        % {"agency": dossier.agency.name},
        code="not_desk",
    )


def _lock_dossier(dossier: Dossier) -> Dossier:
    """Serialise the fixing of one dossier's charge (payments and a re-fix wait)."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure_version", "agency")
        .get(pk=dossier.pk)
    )


@transaction.atomic
def charges_fix_for_dossier(
    dossier: Dossier, *, actor: Any, exemptions: Mapping[int, str] | None = None
) -> Charge:
    """Fix (or, while nothing is paid or being paid, fix again) what ``dossier`` owes.

    ``exemptions`` maps a fee of the schedule (its id) to the reason it is waived for this
    applicant. ``actor=None`` is the system. Refuses drafts and closed dossiers.
    """
    exemptions = dict(exemptions or {})
    dossier = _lock_dossier(dossier)
    if dossier.status == Status.DRAFT or dossier.status in CLOSED:
        raise Conflict(
            _("The fees of a dossier can be fixed only between submission and its closing."),
            code="charge_state",
        )
    _check_actor(dossier, actor, exemptions)
    assessed = dossier_fees.assess(dossier.procedure_version, exemptions)
    cleaned = assessed.exemptions
    charge = Charge.objects.select_for_update().filter(dossier=dossier).first()
    previous: dict[str, Any] | None = None
    if charge is not None:
        # A QR code shown but not paid yet is withdrawn; a gateway payment under way, or
        # money received, keeps the charge as it is.
        busy = charge.payments.filter(
            Q(status__in=[Payment.Status.SUCCEEDED, Payment.Status.MISMATCH])
            | Q(status=Payment.Status.PENDING, method__in=blocking_methods())
        )
        if busy.exists():
            raise Conflict(
                _(
                    "A payment of these fees has been made or is under way: they can no "
                    "longer be changed. Refund the payment first if it was wrong."
                ),
                code="charge_in_payment",
            )
        previous = {"amount_due": charge.amount_due, "exempted": charge.exempted}
        withdrawn = list(
            charge.payments.filter(status=Payment.Status.PENDING).values_list("pk", flat=True)
        )
        charge.payments.filter(pk__in=withdrawn).update(
            status=Payment.Status.CANCELLED, completed_at=timezone.now()
        )
        previous["withdrawn_payments"] = withdrawn
        charge.lines.all().delete()
    fees = dossier_fees.schedule(dossier.procedure_version)
    total, exempted = assessed.total, assessed.exempted
    at = timezone.now()
    fixed_by = actor if getattr(actor, "is_authenticated", False) else None
    if charge is None:
        charge = Charge(dossier=dossier)
    charge.agency = dossier.agency
    charge.timing = timing_of(dossier)
    charge.total = total
    charge.exempted = exempted
    charge.amount_due = total - exempted
    charge.fixed_at = at
    charge.fixed_by = fixed_by
    charge.paid_at = None
    charge.paid_online = False
    charge.save()
    ChargeLine.objects.bulk_create(
        ChargeLine(
            charge=charge,
            fee=fee,
            kind=fee.kind,
            description=fee.description,
            amount=fee.amount,
            exempt=fee.pk in cleaned,
            exemption_reason=cleaned.get(fee.pk, ""),
        )
        for fee in fees
    )
    # The dossier shows (and form 01 printed) the figure; the lines stay here.
    dossier_services.fees_owed_record(dossier, amount=charge.amount_due)
    audit_record(
        "payments.charge_fixed",
        actor=actor,
        target=charge,
        summary=f"{dossier} {charge.amount_due}",
        data={
            "dossier": dossier.pk,
            "total": total,
            "exempted": exempted,
            "amount_due": charge.amount_due,
            "exemptions": {str(k): v for k, v in cleaned.items()},
            "previous": previous,
        },
    )
    return charge
