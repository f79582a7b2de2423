"""egov demo: migrate, load the demo data (safe to run again), print the logins."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils.translation import gettext as _

from egov.demo.certification import certification_load
from egov.demo.data import PASSWORD
from egov.demo.dossiers import lookup_example
from egov.demo.feedback import feedback_load
from egov.demo.loaders import demo_load, demo_logins
from egov.demo.payments import payments_load


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    return (
        [
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in [header]
        ]
        + [line]
        + [
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
    )


class Command(BaseCommand):
    help = "Migrate the database and load the demo province, its people and catalogue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000",
            help="Where the portal will be served, for the printed links.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=max(options["verbosity"] - 1, 0))
        summary = demo_load()
        feedback_load()  # citizen feedback: categories, the hotline operator, reports
        if summary.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Demo data loaded: %(units)d units, %(officials)d officials, "
                        "%(applicants)d applicants."
                    )
                    % {
                        "units": summary.units_created,
                        "officials": summary.officials_created,
                        "applicants": summary.applicants_created,
                    }
                )
            )
            if summary.catalog is not None:
                self.stdout.write(_("Catalogue: %(report)s") % {"report": summary.catalog})
        else:
            self.stdout.write(self.style.SUCCESS(_("Demo data already loaded; nothing changed.")))
        self.stdout.write(
            _(
                "This is demo data: the province of An Khang and everyone in it are fictional. "
                "Every demo account uses the same password."
            )
        )
        header = [_("Role"), _("Username"), _("Password"), _("Name"), _("Agency")]
        rows = [
            [login.role, login.username, PASSWORD, login.name, login.agency]
            for login in demo_logins()
        ]
        self.stdout.write("")
        for line in _table(header, rows):
            self.stdout.write(line)
        base = options["url"].rstrip("/")
        self.stdout.write("")
        self.stdout.write(_("Portal: %(url)s") % {"url": f"{base}/"})
        self.stdout.write(_("Log in: %(url)s") % {"url": base + reverse("accounts:login")})
        self.stdout.write(_("Administration: %(url)s") % {"url": base + reverse("admin:index")})
        example = lookup_example()
        if example is not None:
            # One line, untranslated, so a newcomer (and a script) can try the lookup at once.
            self.stdout.write(f"Lookup: {example[0]} {example[1]}")
        self.stdout.write(certification_load())  # certified copies: 2 certified, 1 waiting
        self.stdout.write(payments_load())  # a VietQR code waiting, a desk receipt, an exemption
