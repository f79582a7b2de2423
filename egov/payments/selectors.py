"""Reads about charges and payments, each limited to what the asking user may see."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from egov.core.errors import NotFound
from egov.dossiers.lifecycle import CLOSED, Status
from egov.dossiers.models import Dossier
from egov.dossiers.selectors import visible_to_citizen

from . import permissions
from .methods import registered_methods
from .methods.base import PaymentMethod
from .models import (
    Charge,
    Observation,
    Payment,
    Refund,
    Statement,
    StatementLine,
    Timing,
)
from .services.charges import timing_of
from .services.payments import outstanding


def _uuid(value: uuid.UUID | str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound(_("This payment does not exist.")) from None


def charge_of(dossier: Dossier) -> Charge | None:
    return Charge.objects.filter(dossier=dossier).prefetch_related("lines").first()


def online_methods(charge: Charge | None) -> list[PaymentMethod]:
    """The methods the applicant may choose for ``charge`` (all online ones when the charge
    is fixed at payment, for procedures paid at submission)."""
    return [
        method
        for method in registered_methods().values()
        if method.online and (charge is None or method.available_for(charge))
    ]


def desk_methods() -> list[PaymentMethod]:
    return [method for method in registered_methods().values() if method.at_desk]


def method_label(code: str) -> str:
    method = registered_methods().get(code)
    return str(method.label) if method is not None else code


@dataclass(frozen=True)
class PayState:
    """What the applicant's payment page shows for one dossier."""

    charge: Charge | None
    owed: int
    payable: bool
    timing: Timing
    schedule_total: int  # the procedure's fees, shown before a charge exists


def pay_state(dossier: Dossier) -> PayState:
    charge = charge_of(dossier)
    timing = timing_of(dossier)
    open_ = dossier.status != Status.DRAFT and dossier.status not in CLOSED
    if charge is not None:
        owed = outstanding(charge)
        return PayState(charge, owed, open_ and owed > 0, timing, charge.total)
    schedule = dossier.procedure_version.fees.aggregate(total=Sum("amount"))["total"] or 0
    early = timing == Timing.AT_SUBMISSION and dossier.status in (
        Status.SUBMITTED,
        Status.INCOMPLETE,
    )
    return PayState(None, int(schedule), early and schedule > 0, timing, int(schedule))


def payments_of(dossier: Dossier) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(charge__dossier=dossier)
        .select_related("receipt")
        .order_by("-created_at", "-id")
    )


def payment_for_payer(user: Any, dossier: Dossier, payment_id: uuid.UUID | str) -> Payment:
    found = (
        Payment.objects.filter(
            public_id=_uuid(payment_id), charge__dossier=dossier, charge__dossier__owner_id=user.pk
        )
        .select_related("charge", "charge__dossier")
        .first()
    )
    if found is None:
        raise NotFound(_("This payment does not exist."))
    return found


def payment_visible_to(user: Any, payment_id: uuid.UUID | str) -> Payment:
    """A payment the user may see: the payer, the dossier's officials, the accountants."""
    found = (
        Payment.objects.filter(public_id=_uuid(payment_id))
        .select_related("charge", "charge__dossier", "charge__agency")
        .first()
    )
    if found is None or not permissions.may_see_dossier_payments(user, found.charge.dossier):
        raise NotFound(_("This payment does not exist."))
    return found


def charges_of_citizen(user: Any) -> QuerySet[Charge]:
    return (
        Charge.objects.filter(dossier__in=visible_to_citizen(user))
        .select_related("dossier", "dossier__procedure_version", "agency")
        .order_by("paid_at", "-fixed_at")
    )


def awaiting_first_payment(user: Any) -> list[Dossier]:
    """The citizen's dossiers of procedures paid at submission that have no charge yet."""
    candidates = (
        visible_to_citizen(user)
        .filter(status__in=[Status.SUBMITTED, Status.INCOMPLETE], charge__isnull=True)
        .filter(procedure_version__procedure__payment_rule__timing=Timing.AT_SUBMISSION)
        .filter(procedure_version__fees__isnull=False)
        .select_related("procedure_version", "agency")
        .distinct()
    )
    return list(candidates)


# Accountants ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentFilter:
    start: dt.date | None = None
    end: dt.date | None = None
    method: str = ""
    status: str = ""
    agency_id: int | None = None
    attention: bool = False


def payments_for_accountant(user: Any, filters: PaymentFilter) -> QuerySet[Payment]:
    agencies = permissions.accountant_agencies(user)
    found = Payment.objects.filter(charge__agency__in=agencies)
    if filters.agency_id:
        found = found.filter(charge__agency_id=filters.agency_id)
    if filters.start:
        found = found.filter(created_at__date__gte=filters.start)
    if filters.end:
        found = found.filter(created_at__date__lte=filters.end)
    if filters.method:
        found = found.filter(method=filters.method)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.attention:
        found = found.exclude(flag="").filter(resolved_at__isnull=True)
    return found.select_related("charge", "charge__dossier", "charge__agency", "receipt").order_by(
        "-created_at", "-id"
    )


def totals(payments: QuerySet[Payment]) -> list[dict[str, Any]]:
    """Count and money received per (day, method, status), newest day first."""
    from django.db.models.functions import TruncDate

    rows = (
        payments.order_by()
        .annotate(day=TruncDate("created_at"))
        .values("day", "method", "status")
        .annotate(count=Count("id"), received=Sum("received_amount"))
        .order_by("-day", "method", "status")
    )
    return [
        {
            **row,
            "method_label": method_label(row["method"]),
            "status_label": Payment.Status(row["status"]).label,
            "received": row["received"] or 0,
        }
        for row in rows
    ]


def accountant_payment(user: Any, payment_id: uuid.UUID | str) -> Payment:
    found = (
        Payment.objects.filter(
            public_id=_uuid(payment_id),
            charge__agency__in=permissions.accountant_agencies(user),
        )
        .select_related("charge", "charge__dossier", "charge__agency")
        .first()
    )
    if found is None:
        raise NotFound(_("This payment does not exist."))
    return found


def statements_for(user: Any) -> QuerySet[Statement]:
    return (
        Statement.objects.filter(agency__in=permissions.accountant_agencies(user))
        .select_related("agency", "uploaded_by")
        .annotate(
            line_count=Count("lines"),
            open_count=Count(
                "lines",
                filter=Q(
                    lines__status__in=[
                        StatementLine.Status.UNMATCHED,
                        StatementLine.Status.MISMATCH,
                        StatementLine.Status.MALFORMED,
                    ]
                ),
            ),
        )
        .order_by("-uploaded_at", "-id")
    )


def statement_for(user: Any, statement_id: int) -> Statement:
    found = statements_for(user).filter(pk=statement_id).first()
    if found is None:
        raise NotFound(_("This statement does not exist."))
    return found


OPEN_LINES = (
    StatementLine.Status.UNMATCHED,
    StatementLine.Status.MISMATCH,
    StatementLine.Status.MALFORMED,
)


def open_lines(user: Any) -> QuerySet[StatementLine]:
    return (
        StatementLine.objects.filter(
            statement__agency__in=permissions.accountant_agencies(user), status__in=OPEN_LINES
        )
        .select_related("statement", "statement__agency", "payment")
        .order_by("-statement__uploaded_at", "statement_id", "number")
    )


def line_for(user: Any, line_id: int) -> StatementLine:
    found = (
        StatementLine.objects.filter(
            pk=line_id, statement__agency__in=permissions.accountant_agencies(user)
        )
        .select_related("statement", "statement__agency")
        .first()
    )
    if found is None:
        raise NotFound(_("This statement line does not exist."))
    return found


def unplaced_bank_messages(user: Any) -> QuerySet[Observation]:
    """Bank notifications of transfers egov could not place (no known reference). Visible to
    system administrators, since an unknown account names no agency; and to the accountants
    of the account's agency when the account is known."""
    from .models import BankAccount

    accounts = BankAccount.objects.filter(
        agency__in=permissions.accountant_agencies(user)
    ).values_list("account_number", flat=True)
    return Observation.objects.filter(
        source=Observation.Source.BANK_CALLBACK,
        outcome=Observation.Outcome.UNKNOWN,
        data__account__in=list(accounts),
    ).order_by("-received_at")


def refunds_for(user: Any) -> QuerySet[Refund]:
    agencies = permissions.refund_agencies(user)
    return (
        Refund.objects.filter(payment__charge__agency__in=agencies)
        .select_related("payment", "payment__charge__dossier", "requested_by", "decided_by")
        .order_by("status", "-requested_at")
    )


def refund_for_decider(user: Any, refund_id: int) -> Refund:
    found = (
        Refund.objects.filter(pk=refund_id)
        .select_related("payment", "payment__charge", "payment__charge__agency")
        .first()
    )
    if found is None or not permissions.may_approve_refund(user, found.payment.charge.agency):
        raise NotFound(_("This refund does not exist."))
    return found
