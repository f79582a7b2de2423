"""What an agency sets up before collecting fees: its bank account, its accountants, and
when each procedure is paid. Agency administrators do it (``actor=None``: the system)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.catalog.models import Procedure
from egov.core.audit import audit_record
from egov.core.errors import PermissionRefused, ValidationFailed
from egov.orgs.models import Agency, OfficialProfile, Role
from egov.orgs.permissions import is_system_admin, require_role

from ..models import Accountant, BankAccount, ProcedurePayment, Timing


def _require_admin(actor: Any | None, agency: Agency) -> None:
    if actor is not None:
        require_role(actor, agency=agency, roles=[Role.AGENCY_ADMIN])


def _check(instance: Any, *, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ValidationFailed(messages[0], field=field) from None


@transaction.atomic
def bank_account_set(
    *,
    agency: Agency,
    bank_bin: str,
    bank_name: str,
    account_number: str,
    account_name: str,
    actor: Any | None,
    active: bool = True,
) -> BankAccount:
    """Set (or replace) the account ``agency`` collects fees into."""
    _require_admin(actor, agency)
    account = BankAccount.objects.filter(agency=agency).first() or BankAccount(agency=agency)
    before = {"bin": account.bank_bin, "number": account.account_number} if account.pk else None
    account.bank_bin = bank_bin.strip()
    account.bank_name = bank_name.strip()
    account.account_number = account_number.strip().replace(" ", "")
    account.account_name = account_name.strip()
    account.active = active
    _check(account, exclude=["agency"])
    account.save()
    audit_record(
        "payments.bank_account_set",
        actor=actor,
        target=account,
        summary=f"{agency.code} {account.bank_bin} {account.account_number}",
        data={"before": before, "active": active},
    )
    return account


@transaction.atomic
def accountant_grant(*, user: Any, agency: Agency, actor: Any | None) -> Accountant:
    """Make an official of ``agency`` (or of an agency above it) its accountant."""
    _require_admin(actor, agency)
    try:
        profile: OfficialProfile = user.official
    except OfficialProfile.DoesNotExist:
        raise ValidationFailed(_("Only an official can keep an agency's accounts.")) from None
    if profile.agency_id != agency.pk and not is_system_admin(user):
        current: Agency | None = agency
        chain = []
        while current is not None and current.pk not in chain:
            chain.append(current.pk)
            current = current.parent if current.parent_id else None
        if profile.agency_id not in chain:
            raise PermissionRefused(
                _("The official does not belong to %(agency)s.") % {"agency": agency.name}
            )
    grant, created = Accountant.objects.get_or_create(user=user, agency=agency)
    if created:
        audit_record(
            "payments.accountant_granted",
            actor=actor,
            target=grant,
            summary=f"{user} @ {agency.code}",
        )
    return grant


@transaction.atomic
def accountant_revoke(*, user: Any, agency: Agency, actor: Any | None) -> None:
    _require_admin(actor, agency)
    deleted, _rows = Accountant.objects.filter(user=user, agency=agency).delete()
    if deleted:
        audit_record(
            "payments.accountant_revoked",
            actor=actor,
            target=agency,
            summary=f"{user} @ {agency.code}",
            data={"user": user.pk},
        )


@transaction.atomic
def procedure_payment_set(
    *, procedure: Procedure, timing: str, actor: Any | None
) -> ProcedurePayment:
    """Say when a procedure's fees are paid: at submission, or before the return."""
    if actor is not None and not is_system_admin(actor):
        raise PermissionRefused(_("Only a system administrator may do this."))
    if timing not in Timing.values:
        raise ValidationFailed(_("Choose when the fees are paid."), code="timing")
    rule, _created = ProcedurePayment.objects.update_or_create(
        procedure=procedure, defaults={"timing": timing}
    )
    audit_record(
        "payments.procedure_timing_set",
        actor=actor,
        target=rule,
        summary=f"{procedure.code} {timing}",
    )
    return rule
