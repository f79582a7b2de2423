"""Background work after a payment: its receipt and the payer's notice (idempotent: the
receipt is issued once, the notice deduplicated by key); and the expiry sweep."""

from __future__ import annotations

from django_tasks import task

from .models import Payment


@task()
def payment_received(payment_id: int) -> None:
    from .notifying import notify_paid
    from .services import receipt_issue

    payment = Payment.objects.filter(pk=payment_id, status=Payment.Status.SUCCEEDED).first()
    if payment is None:
        return
    receipt = receipt_issue(payment)
    notify_paid(payment, receipt)


@task()
def expire_payments() -> int:
    from .services import payments_expire

    return payments_expire()
