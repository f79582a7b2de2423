"""The online-payment figure of Decision 766 (DOMAIN.md §5, "online payment": 10 points): of
the dossiers that owe fees, the share paid online, per agency or procedure, over a period.

A dossier counts in the period its charge was fixed (at reception, or at submission for
procedures paid then); "fee-bearing" means it owes more than nothing after exemptions; "paid
online" means the payment that settled it was made by an online method (VietQR transfer or
the gateway), not at the desk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from .models import Charge


@dataclass(frozen=True)
class ShareRow:
    key: Any
    label: str
    code: str
    fee_bearing: int
    paid: int
    paid_online: int

    @property
    def share(self) -> float | None:
        """Paid online over fee-bearing, 0–1; None without fee-bearing dossiers."""
        return self.paid_online / self.fee_bearing if self.fee_bearing else None

    @property
    def percent(self) -> str:
        share = self.share
        return "—" if share is None else f"{share * 100:.1f}".replace(".", ",") + " %"


def _charges(agencies: QuerySet[Any], start: dt.date, end: dt.date) -> QuerySet[Charge]:
    return Charge.objects.filter(
        agency__in=agencies,
        amount_due__gt=0,
        fixed_at__date__gte=start,
        fixed_at__date__lte=end,
    )


def _count(rows: QuerySet[Any], group: list[str]) -> QuerySet[Any]:
    return (
        rows.values(*group)
        .annotate(
            fee_bearing=Count("id"),
            paid=Count("id", filter=Q(paid_at__isnull=False)),
            paid_online=Count("id", filter=Q(paid_at__isnull=False, paid_online=True)),
        )
        .order_by(*group)
    )


def share_by_agency(agencies: QuerySet[Any], start: dt.date, end: dt.date) -> list[ShareRow]:
    counted = _count(_charges(agencies, start, end), ["agency_id", "agency__name", "agency__code"])
    return [
        ShareRow(
            key=row["agency_id"],
            label=row["agency__name"],
            code=row["agency__code"],
            fee_bearing=row["fee_bearing"],
            paid=row["paid"],
            paid_online=row["paid_online"],
        )
        for row in counted
    ]


def share_by_procedure(agencies: QuerySet[Any], start: dt.date, end: dt.date) -> list[ShareRow]:
    procedure = "dossier__procedure_version__procedure"
    counted = _count(
        _charges(agencies, start, end),
        [f"{procedure}_id", f"{procedure}__code"],
    )
    names = dict(
        Charge.objects.filter(agency__in=agencies)
        .values_list(f"{procedure}_id", "dossier__procedure_version__name")
        .order_by(f"{procedure}_id", "-dossier__procedure_version__number")
        .distinct()
    )
    return [
        ShareRow(
            key=row[f"{procedure}_id"],
            label=names.get(row[f"{procedure}_id"], ""),
            code=row[f"{procedure}__code"],
            fee_bearing=row["fee_bearing"],
            paid=row["paid"],
            paid_online=row["paid_online"],
        )
        for row in counted
    ]


def total(rows: list[ShareRow]) -> ShareRow:
    return ShareRow(
        key=None,
        label="",
        code="",
        fee_bearing=sum(r.fee_bearing for r in rows),
        paid=sum(r.paid for r in rows),
        paid_online=sum(r.paid_online for r in rows),
    )
