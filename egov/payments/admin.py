"""Operators' screens. Setting an agency's bank account, its accountants and when a procedure
is paid goes through the services (permission check and audit line); payments, observations,
statements, refunds and receipts are read-only: they change only through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.forms import ModelForm
from django.http import HttpRequest

from egov.core.errors import ApplicationError

from . import services
from .models import (
    Accountant,
    BankAccount,
    Charge,
    Observation,
    Payment,
    ProcedurePayment,
    Receipt,
    Refund,
    Statement,
)


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class _ThroughServices(admin.ModelAdmin):  # type: ignore[type-arg]
    """Saved by a service; a refusal is shown as an error message and nothing is saved."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        try:
            self.save_through_service(request, obj)
        except ApplicationError as error:
            messages.error(request, str(error.message))

    def save_through_service(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError


@admin.register(BankAccount)
class BankAccountAdmin(_ThroughServices):
    list_display = ("agency", "bank_name", "bank_bin", "account_number", "account_name", "active")
    search_fields = ("agency__name", "account_number")

    def save_through_service(self, request: HttpRequest, obj: BankAccount) -> None:
        services.bank_account_set(
            agency=obj.agency,
            bank_bin=obj.bank_bin,
            bank_name=obj.bank_name,
            account_number=obj.account_number,
            account_name=obj.account_name,
            active=obj.active,
            actor=request.user,
        )


@admin.register(Accountant)
class AccountantAdmin(_ThroughServices):
    list_display = ("user", "agency", "granted_at")
    autocomplete_fields = ()

    def save_through_service(self, request: HttpRequest, obj: Accountant) -> None:
        services.accountant_grant(user=obj.user, agency=obj.agency, actor=request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return obj is None


@admin.register(ProcedurePayment)
class ProcedurePaymentAdmin(_ThroughServices):
    list_display = ("procedure", "timing")

    def save_through_service(self, request: HttpRequest, obj: ProcedurePayment) -> None:
        services.procedure_payment_set(
            procedure=obj.procedure, timing=obj.timing, actor=request.user
        )


@admin.register(Charge)
class ChargeAdmin(_ReadOnly):
    list_display = ("dossier", "agency", "amount_due", "paid_at", "paid_online")
    list_filter = ("paid_online",)


@admin.register(Payment)
class PaymentAdmin(_ReadOnly):
    list_display = ("reference", "method", "amount", "received_amount", "status", "created_at")
    list_filter = ("status", "method")
    search_fields = ("reference", "provider_reference")


@admin.register(Observation)
class ObservationAdmin(_ReadOnly):
    list_display = ("received_at", "source", "outcome", "payment", "remote_address")
    list_filter = ("source", "outcome")


@admin.register(Statement)
class StatementAdmin(_ReadOnly):
    list_display = ("name", "agency", "uploaded_at", "uploaded_by")


@admin.register(Refund)
class RefundAdmin(_ReadOnly):
    list_display = ("payment", "amount", "status", "requested_by", "decided_by")


@admin.register(Receipt)
class ReceiptAdmin(_ReadOnly):
    list_display = ("number", "agency", "issued_at", "signed")
