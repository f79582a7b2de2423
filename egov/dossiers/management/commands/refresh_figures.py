"""egov refresh_figures: rebuild the daily figures (run it from cron just after midnight)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from egov.dossiers.figures import MAX_PERIOD_DAYS, local_today
from egov.dossiers.figures_daily import refresh_daily_figures


def _day(text: str) -> dt.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007  (a date only)
        except ValueError:
            continue
    raise CommandError(_("Write dates as dd/mm/yyyy: %(text)s") % {"text": text})


class Command(BaseCommand):
    help = (
        "Rebuild the dossier figures of each day from the dossiers. Without dates: "
        "yesterday (now final) and today."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", help="First day, dd/mm/yyyy.")
        parser.add_argument("--to", dest="end", help="Last day, dd/mm/yyyy (default: --from).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = local_today()
        start = _day(options["start"]) if options["start"] else today - dt.timedelta(days=1)
        end = _day(options["end"]) if options["end"] else (start if options["start"] else today)
        if end < start or (end - start).days >= MAX_PERIOD_DAYS:
            raise CommandError(_("Give a range of at most three years, first day first."))
        rows = 0
        day = start
        while day <= end:
            rows += refresh_daily_figures(day)
            day += dt.timedelta(days=1)
        days = (end - start).days + 1
        message = ngettext(
            "%(days)d day rebuilt, %(rows)d rows.", "%(days)d days rebuilt, %(rows)d rows.", days
        ) % {"days": days, "rows": rows}
        self.stdout.write(self.style.SUCCESS(message))
