"""``egov payments_expire``: expire the gateway payments left pending past
EGOV_PAYMENT_EXPIRY_MINUTES, after asking the gateway about each (run it from cron every few
minutes; safe to run twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from egov.payments.services import payments_expire


class Command(BaseCommand):
    help = "Expire pending payments past their time (the gateway is asked first)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = payments_expire()
        self.stdout.write(
            ngettext("%(count)d payment expired.", "%(count)d payments expired.", count)
            % {"count": count}
        )
