"""Every change to charges, payments, statements, refunds and receipts. Views, the API and
the commands call these, never the models."""

from .callbacks import bank_notification, gateway_message
from .charges import charges_fix_for_dossier, timing_of
from .payments import (
    observation_refuse,
    outstanding,
    payment_instruction,
    payment_observe,
    payment_record_at_desk,
    payment_refresh,
    payment_resolve,
    payment_start,
    payments_expire,
    received_total,
)
from .receipts import receipt_issue
from .refunds import refund_decide, refund_request
from .setup import accountant_grant, accountant_revoke, bank_account_set, procedure_payment_set
from .statements import statement_import, statement_line_settle

__all__ = [
    "accountant_grant",
    "accountant_revoke",
    "bank_account_set",
    "bank_notification",
    "charges_fix_for_dossier",
    "gateway_message",
    "observation_refuse",
    "outstanding",
    "payment_instruction",
    "payment_observe",
    "payment_record_at_desk",
    "payment_refresh",
    "payment_resolve",
    "payment_start",
    "payments_expire",
    "procedure_payment_set",
    "receipt_issue",
    "received_total",
    "refund_decide",
    "refund_request",
    "statement_import",
    "statement_line_settle",
    "timing_of",
]
