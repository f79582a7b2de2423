"""What a dossier owes from its procedure version's fee schedule, less the exemptions the desk
grants at reception (each with its legal ground).

One rule for every app: ``accept`` prints the figure on form 01 and keeps it on the dossier
(``Dossier.fees_owed``); payments, above, keeps the lines and collects the money with the
same exemptions (``payments.services.charges_fix_for_dossier`` checks them here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from egov.catalog.models import Fee, ProcedureVersion
from egov.core.errors import ValidationFailed

REASON_MAX = 500


@dataclass(frozen=True)
class Assessment:
    """The schedule's total, what is waived, and what is owed, in đồng."""

    total: int
    exempted: int
    exemptions: dict[int, str]

    @property
    def owed(self) -> int:
        return self.total - self.exempted


def schedule(version: ProcedureVersion) -> list[Fee]:
    return list(version.fees.order_by("pk"))


def clean_exemptions(version: ProcedureVersion, exemptions: Mapping[int, str]) -> dict[int, str]:
    """``exemptions`` (fee id -> reason) checked against ``version``'s schedule: every fee
    named must be the version's, and every reason given; reasons trimmed."""
    fees = {fee.pk for fee in schedule(version)}
    cleaned: dict[int, str] = {}
    for fee_id, reason in exemptions.items():
        if fee_id not in fees:
            raise ValidationFailed(
                _("An exemption names a fee that is not in this procedure's schedule."),
                code="unknown_fee",
            )
        if not reason or not reason.strip():
            raise ValidationFailed(
                _("Give the reason for each exemption (the legal ground)."),
                code="exemption_reason_required",
            )
        cleaned[fee_id] = reason.strip()[:REASON_MAX]
    return cleaned


def assess(version: ProcedureVersion, exemptions: Mapping[int, str] | None = None) -> Assessment:
    """What a dossier of ``version`` owes with ``exemptions`` (checked, see above)."""
    cleaned = clean_exemptions(version, exemptions or {})
    fees = schedule(version)
    return Assessment(
        total=sum(fee.amount for fee in fees),
        exempted=sum(fee.amount for fee in fees if fee.pk in cleaned),
        exemptions=cleaned,
    )
