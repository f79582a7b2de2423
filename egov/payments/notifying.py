"""Telling the payer that their payment was received, by email and SMS, in Vietnamese."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from egov.core.errors import ValidationFailed
from egov.notifications.models import Notification
from egov.notifications.services import notify
from egov.printing.formats import money

from .models import Payment, Receipt


@transaction.atomic
def notify_paid(payment: Payment, receipt: Receipt) -> None:
    dossier = payment.charge.dossier
    url = settings.EGOV_SITE_URL + reverse("payments:pay", args=[dossier.public_id])
    with translation.override("vi"):
        subject = _("Payment received for dossier %(code)s") % {
            "code": dossier.code or dossier.procedure_version.name[:60]
        }
        body = "\n".join(
            [
                _("We received %(amount)s for the fees of dossier %(code)s.")
                % {"amount": money(payment.received_amount or 0), "code": dossier.code or ""},
                _("Receipt number: %(number)s") % {"number": receipt.number},
                _("Payment reference: %(reference)s") % {"reference": payment.reference},
                _("Download the receipt at %(url)s") % {"url": url},
            ]
        )
        sms = _("egov: payment of %(amount)s received, dossier %(code)s, receipt %(number)s.") % {
            "amount": money(payment.received_amount or 0),
            "code": dossier.code or "",
            "number": receipt.number,
        }
    for channel, recipient, text in (
        (Notification.Channel.EMAIL, dossier.applicant_email, body),
        (Notification.Channel.SMS, dossier.applicant_phone, sms),
    ):
        try:
            notify(
                channel=channel,
                recipient=recipient,
                subject=subject[:250],
                body=text,
                dedupe_key=f"payment:{payment.pk}:received:{channel}",
            )
        except ValidationFailed:
            continue
