"""egov notifications_retry: queue failed and stuck messages again (run it from cron)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from egov.notifications.services import retry_failed


class Command(BaseCommand):
    help = (
        "Queue again failed notifications that have attempts left, and pending ones the "
        "worker never delivered."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--max-attempts", type=int, default=5)
        parser.add_argument(
            "--pending-minutes",
            type=int,
            default=15,
            help="Queue pending notifications older than this again.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = retry_failed(
            max_attempts=options["max_attempts"],
            pending_after=dt.timedelta(minutes=options["pending_minutes"]),
        )
        message = ngettext(
            "%(n)d notification queued for delivery.",
            "%(n)d notifications queued for delivery.",
            count,
        ) % {"n": count}
        self.stdout.write(self.style.SUCCESS(message))
