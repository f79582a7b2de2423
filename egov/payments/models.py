"""Fees owed by dossiers and how they were paid (DOMAIN.md §3, §4, §5).

Money is whole đồng in integer columns. A dossier's ``Charge`` is fixed once from its
procedure version's fee schedule (with the exemptions an official grants, each with a
reason); ``Payment``s are attempts to pay it by one method; a bank ``Statement`` keeps every
line it contained, matched or not; a ``Refund`` needs two different people. Every change
goes through ``services``; these models hold the data and its invariants.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from egov.catalog.models import Fee, Procedure
from egov.dossiers.models import Dossier
from egov.orgs.models import Agency

# A payment's reference: "EG" and ten symbols of Crockford's base32 (no I, L, O, U), short
# enough for the 25 characters of a VietQR bill number and safe in any transfer description.
REFERENCE_RE = r"^EG[0-9A-HJKMNP-TV-Z]{10}$"

bin_validator = RegexValidator(r"^\d{6}$", _("A bank BIN has six digits."))
account_validator = RegexValidator(
    r"^[0-9A-Za-z]{1,19}$", _("An account number has 1 to 19 letters or digits.")
)


class Timing(models.TextChoices):
    """When the applicant pays (per procedure): online at submission, or before the result is
    returned."""

    AT_SUBMISSION = "at_submission", _("At submission")
    BEFORE_RETURN = "before_return", _("Before the result is returned")


class ProcedurePayment(models.Model):
    """How a procedure collects its fees; a procedure without one is paid before return."""

    procedure = models.OneToOneField(
        Procedure,
        verbose_name=_("procedure"),
        on_delete=models.CASCADE,
        related_name="payment_rule",
    )
    timing = models.CharField(
        _("when to pay"), max_length=20, choices=Timing.choices, default=Timing.BEFORE_RETURN
    )

    class Meta:
        verbose_name = _("payment rule of a procedure")
        verbose_name_plural = _("payment rules of procedures")

    def __str__(self) -> str:
        return f"{self.procedure_id}: {self.timing}"


class BankAccount(models.Model):
    """The account an agency collects fees into: the VietQR code names it."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="bank_account"
    )
    bank_bin = models.CharField(_("bank BIN"), max_length=6, validators=[bin_validator])
    bank_name = models.CharField(_("bank"), max_length=200)
    account_number = models.CharField(
        _("account number"), max_length=19, validators=[account_validator]
    )
    account_name = models.CharField(_("account holder"), max_length=200)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_number}"


class Accountant(models.Model):
    """An official who keeps the fee accounts of an agency (and of the agencies below it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="accountant_grants",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="accountants"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("accountant")
        verbose_name_plural = _("accountants")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="uniq_accountant_agency")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.agency_id}"


class Charge(models.Model):
    """What one dossier owes, fixed once at reception (or at submission, for procedures paid
    then): the schedule's lines, some exempted by an official with a reason."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="charge"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("collecting agency"),
        on_delete=models.PROTECT,
        related_name="charges",
    )
    timing = models.CharField(_("when to pay"), max_length=20, choices=Timing.choices)
    total = models.PositiveBigIntegerField(_("schedule total (VND)"))
    exempted = models.PositiveBigIntegerField(_("exempted (VND)"), default=0)
    amount_due = models.PositiveBigIntegerField(_("amount due (VND)"))
    fixed_at = models.DateTimeField(_("fixed"))
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fixed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("paid in full"), null=True, blank=True, db_index=True)
    paid_online = models.BooleanField(_("paid online"), default=False)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["-fixed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_due=F("total") - F("exempted")), name="charge_due_is_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.amount_due}"

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None or self.amount_due == 0


class ChargeLine(models.Model):
    """One fee or charge of the schedule as it applies to this dossier."""

    charge = models.ForeignKey(Charge, on_delete=models.CASCADE, related_name="lines")
    fee = models.ForeignKey(
        Fee,
        verbose_name=_("fee of the schedule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Fee.Kind.choices)
    description = models.CharField(_("description"), max_length=500)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    exempt = models.BooleanField(_("exempted"), default=False)
    exemption_reason = models.CharField(_("reason for the exemption"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("charge line")
        verbose_name_plural = _("charge lines")
        ordering = ["charge", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt=False, exemption_reason="")
                | (Q(exempt=True) & ~Q(exemption_reason="")),
                name="charge_line_exemption_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def owed(self) -> int:
        return 0 if self.exempt else self.amount


class Payment(models.Model):
    """One attempt to pay a charge by one method. Only a ``SUCCEEDED`` payment counts as
    money received; a payment whose amount did not match is ``MISMATCH`` and flagged for the
    accountant, never paid."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        SUCCEEDED = "succeeded", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")
        MISMATCH = "mismatch", _("Amount does not match")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    charge = models.ForeignKey(
        Charge, verbose_name=_("charge"), on_delete=models.PROTECT, related_name="payments"
    )
    method = models.CharField(_("method"), max_length=30, db_index=True)
    reference = models.CharField(
        _("payment reference"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(REFERENCE_RE)],
    )
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    received_amount = models.PositiveBigIntegerField(
        _("amount received (VND)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    provider_reference = models.CharField(
        _("transaction number at the bank or gateway"), max_length=100, blank=True
    )
    created_at = models.DateTimeField(_("started"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, db_index=True)
    paid_at = models.DateTimeField(_("paid at (as reported)"), null=True, blank=True)
    # Flagged for the accountant: an amount that does not match, money received for a charge
    # already paid, a late payment. Resolving clears nothing: it records who looked and why.
    flag = models.CharField(_("needs attention"), max_length=300, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution = models.TextField(_("resolution"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["method", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="uniq_payment_provider_reference",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | ~Q(flag=""),
                name="payment_resolved_was_flagged",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_final(self) -> bool:
        return self.status != self.Status.PENDING

    @property
    def needs_attention(self) -> bool:
        return bool(self.flag) and self.resolved_at is None


class Observation(models.Model):
    """What a gateway, a bank or a statement told egov about a payment, kept whatever it was:
    applied, a duplicate, a forged signature, an unknown reference. Append-only."""

    class Source(models.TextChoices):
        GATEWAY_CALLBACK = "gateway_callback", _("Gateway callback")
        GATEWAY_RETURN = "gateway_return", _("Return from the gateway")
        STATUS_QUERY = "status_query", _("Status query")
        BANK_CALLBACK = "bank_callback", _("Bank notification")
        STATEMENT = "statement", _("Bank statement")
        DESK = "desk", _("Recorded at the desk")

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied")
        DUPLICATE = "duplicate", _("Already known: nothing changed")
        BAD_SIGNATURE = "bad_signature", _("Refused: signature invalid")
        UNKNOWN = "unknown", _("Refused: unknown payment")
        MISMATCH = "mismatch", _("Amount does not match: flagged")
        IGNORED = "ignored", _("Nothing to change")

    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="observations"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    received_at = models.DateTimeField(_("received"), db_index=True)
    remote_address = models.CharField(_("from address"), max_length=100, blank=True)
    data = models.JSONField(_("content"), default=dict, blank=True)

    class Meta:
        verbose_name = _("payment observation")
        verbose_name_plural = _("payment observations")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("Payment observations cannot be edited.")
        super().save(*args, **kwargs)


def _statement_path(instance: Statement, filename: str) -> str:
    # Never served directly: statements hold other people's transfers.
    return f"payments/statements/{instance.agency_id}/{uuid.uuid4().hex}/{filename}"


class Statement(models.Model):
    """A bank statement file an accountant uploaded, kept with every line it contained."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="statements"
    )
    file = models.FileField(_("file"), upload_to=_statement_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "sha256"], name="uniq_statement_file"),
        ]

    def __str__(self) -> str:
        return self.name


class StatementLine(models.Model):
    """One line of a statement and what became of it; none is ever dropped."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched to a payment")
        UNMATCHED = "unmatched", _("No payment matches")
        MISMATCH = "mismatch", _("Reference found, amount differs")
        DUPLICATE = "duplicate", _("Already imported")
        MALFORMED = "malformed", _("Unreadable line")
        SETTLED = "settled", _("Settled by the accountant")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveIntegerField(_("line"))
    raw = models.TextField(_("as read"))
    booked_on = models.DateField(_("date"), null=True, blank=True)
    amount = models.BigIntegerField(_("amount (VND)"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    bank_reference = models.CharField(_("bank transaction number"), max_length=100, blank=True)
    # The bank's transaction number, or date, amount and description: how a line seen in an
    # earlier statement is recognised.
    dedupe_key = models.CharField(max_length=300, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    problem = models.CharField(_("problem"), max_length=300, blank=True)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="statement_lines"
    )
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    settlement_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["statement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="uniq_statement_line"),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.number}"


class Refund(models.Model):
    """Money given back on a received payment: asked by one person with a reason, approved
    or rejected by another."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                name="refund_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.amount}"


def _receipt_path(instance: Receipt, filename: str) -> str:
    return f"payments/receipts/{instance.agency_id}/{uuid.uuid4().hex}/{filename}"


class Receipt(models.Model):
    """The electronic receipt (biên lai điện tử) of one received payment."""

    payment = models.OneToOneField(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="receipt"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("receipt number"), max_length=30)
    issued_at = models.DateTimeField(_("issued"))
    file = models.FileField(_("file"), upload_to=_receipt_path, max_length=300)
    sha256 = models.CharField(max_length=64)
    signed = models.BooleanField(_("signed by the agency"), default=False)
    certificate_fingerprint = models.CharField(max_length=64, blank=True)
    # Where the agency's signature goes (page from 0, box in PDF points), for signing later.
    signature_page = models.PositiveSmallIntegerField(default=0)
    signature_box = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="uniq_receipt_number"),
        ]

    def __str__(self) -> str:
        return self.number


class ReceiptSequence(models.Model):
    """The last receipt number per agency and year (numbers restart every 1 January)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="uniq_receipt_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"
