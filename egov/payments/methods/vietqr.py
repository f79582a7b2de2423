"""VietQR bank transfer: the payer scans a NAPAS VietQR code naming the agency's account, the
amount and the payment reference; the payment is recognised from the bank's notification
(``services.callbacks.bank_notification``) or from a statement the accountant uploads
(``services.statements``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .. import vietqr
from ..models import BankAccount, Charge, Payment
from .base import Instruction, PaymentMethod


def bank_account_of(charge: Charge) -> BankAccount | None:
    return BankAccount.objects.filter(agency_id=charge.agency_id, active=True).first()


class VietQRTransfer(PaymentMethod):
    code = "vietqr"
    label = _("Bank transfer with a VietQR code")
    online = True

    def available_for(self, charge: Charge) -> bool:
        return bank_account_of(charge) is not None

    def start(self, payment: Payment) -> Instruction:
        account = bank_account_of(payment.charge)
        if account is None:  # pragma: no cover - available_for() is checked first
            raise RuntimeError("The agency has no bank account.")
        text = vietqr.payload(
            bank_bin=account.bank_bin,
            account=account.account_number,
            amount=payment.amount,
            reference=payment.reference,
        )
        return Instruction(
            qr_payload=text,
            details={
                "bank_name": account.bank_name,
                "account_number": account.account_number,
                "account_name": account.account_name,
            },
        )
