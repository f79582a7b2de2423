"""What payments adds to the dossier flow, through the dossiers' explicit registry
(``egov.dossiers.hooks``; registered by ``PaymentsConfig.ready``):

- the charge is fixed at reception, with the exemptions the desk grants in the reception
  form (so form 01 prints what is really owed, and payments keeps the lines);
- the result is not returned while fees are unpaid, and a dossier of a procedure paid at
  submission is not received while they are: each refusal says what is owed and how to pay;
- the applicant's dossier page shows what is owed or paid, the way to pay and the receipts;
  the officials' page shows the same in short, with the way to the fees page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from egov.dossiers import hooks
from egov.dossiers.hooks import Hold, Panel
from egov.dossiers.lifecycle import CLOSED, Action, Status
from egov.dossiers.models import Dossier
from egov.printing.formats import money

from . import permissions, selectors
from .models import Charge, Payment, Timing
from .services.charges import charges_fix_for_dossier, timing_of
from .services.payments import outstanding


def register() -> None:
    hooks.add_reception_hook(fix_at_reception)
    hooks.add_hold(Action.ACCEPT, unpaid_at_submission)
    hooks.add_hold(Action.RETURN_RESULT, unpaid_before_return)
    hooks.add_panel("citizen", citizen_panel)
    hooks.add_panel("official", official_panel)


def _schedule_total(dossier: Dossier) -> int:
    total = dossier.procedure_version.fees.aggregate(total=Sum("amount"))["total"]
    return int(total or 0)


def _exemptions_of(charge: Charge) -> dict[int, str]:
    return {
        line.fee_id: line.exemption_reason
        for line in charge.lines.all()
        if line.exempt and line.fee_id is not None
    }


def fix_at_reception(dossier: Dossier, *, actor: Any, exemptions: dict[int, str]) -> None:
    """Fix the charge with the desk's exemptions. A charge the applicant already fixed by
    paying at submission stays as it is when the desk grants the same exemptions (none, as
    a rule); a procedure without fees gets no charge."""
    charge = Charge.objects.filter(dossier=dossier).prefetch_related("lines").first()
    if charge is None and _schedule_total(dossier) == 0:
        return
    if charge is not None and _exemptions_of(charge) == exemptions:
        return
    charges_fix_for_dossier(dossier, actor=actor, exemptions=exemptions)


def _owed(dossier: Dossier) -> tuple[Charge | None, int]:
    """The charge and what is still to pay; without a charge, the figure the dossier keeps
    (set at reception before payments existed) or, before reception, the schedule."""
    charge = Charge.objects.filter(dossier=dossier).first()
    if charge is not None:
        return charge, outstanding(charge)
    if dossier.received_at is not None:
        return None, dossier.fees_owed
    return None, _schedule_total(dossier)


def _how_to_pay(charge: Charge | None, dossier: Dossier) -> str:
    online = [str(m.label) for m in selectors.online_methods(charge)]
    if not online:
        where = _(
            "Online payment is not available for this agency: the applicant pays at the desk, "
            "and the desk officer records it on the dossier's “Fees and charges” page."
        )
    else:
        where = _(
            "The applicant pays online under “My dossiers” (%(methods)s), or at the desk, "
            "where the desk officer records it on the dossier's “Fees and charges” page."
        ) % {"methods": "; ".join(online)}
    if charge is not None:
        pending = (
            charge.payments.filter(status=Payment.Status.PENDING).order_by("-created_at").first()
        )
        if pending is not None:
            where += " " + _(
                "A payment was started (reference %(reference)s): it counts once the bank or "
                "the gateway confirms it."
            ) % {"reference": pending.reference}
    return where


def unpaid_before_return(dossier: Dossier) -> Hold | None:
    """Any fee still unpaid holds the result, whatever the procedure's timing."""
    charge, owed = _owed(dossier)
    if owed <= 0:
        return None
    message = _(
        "The result cannot be returned yet: the fees of this dossier are not paid "
        "(%(owed)s still to pay)."
    ) % {"owed": money(owed)}
    return Hold("fees_unpaid", f"{message} {_how_to_pay(charge, dossier)}")


def unpaid_at_submission(dossier: Dossier) -> Hold | None:
    """A procedure paid at submission is received once its fees are paid or exempted."""
    if timing_of(dossier) != Timing.AT_SUBMISSION:
        return None
    charge, owed = _owed(dossier)
    if owed <= 0:
        return None
    message = _(
        "This procedure is paid at submission: the dossier can be received once its fees "
        "are paid (%(owed)s still to pay) or exempted with their legal ground in the "
        "reception form."
    ) % {"owed": money(owed)}
    return Hold("fees_unpaid_at_submission", f"{message} {_how_to_pay(charge, dossier)}")


def _worth_showing(dossier: Dossier, state: selectors.PayState) -> bool:
    return dossier.status != Status.DRAFT and (state.charge is not None or state.schedule_total > 0)


def citizen_panel(dossier: Dossier, user: Any) -> Panel | None:
    """What the applicant owes or paid, the button to pay, and the receipts."""
    if not permissions.is_payer(user, dossier):
        return None
    state = selectors.pay_state(dossier)
    if not _worth_showing(dossier, state):
        return None
    made = list(selectors.payments_of(dossier))
    return Panel(
        "payments/panels/citizen.html",
        {
            "state": state,
            "receipt_payments": [p for p in made if hasattr(p, "receipt")],
            "pending": [p for p in made if p.status == Payment.Status.PENDING],
            "closed": dossier.status in CLOSED,
        },
    )


def official_panel(dossier: Dossier, user: Any) -> Panel | None:
    """The fees in short on the officials' dossier page, with the way to the fees page."""
    state = selectors.pay_state(dossier)
    if not _worth_showing(dossier, state):
        return None
    return Panel(
        "payments/panels/official.html",
        {
            "state": state,
            "at_desk": permissions.may_act_at_desk(user, dossier.agency),
            "attention": selectors.payments_of(dossier)
            .exclude(flag="")
            .filter(resolved_at__isnull=True)
            .count(),
        },
    )
