"""egov open311_key create NAME | revoke NAME | list: API keys of Open311 partner
applications. ``create`` prints the new key once (its last line is the key alone, for
scripts); egov keeps only its hash."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from egov.core.errors import ApplicationError
from egov.open311 import selectors, services


class Command(BaseCommand):
    help = "Issue, revoke and list the API keys of Open311 partner applications."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        create = commands.add_parser("create", help="Register an application and print its key.")
        create.add_argument("name")
        revoke = commands.add_parser("revoke", help="Stop accepting an application's key.")
        revoke.add_argument("name")
        commands.add_parser("list", help="List the applications and whether their key works.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["command"] == "create":
                self._create(options["name"])
            elif options["command"] == "revoke":
                self._revoke(options["name"])
            else:
                self._list()
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error

    def _create(self, name: str) -> None:
        issued = services.client_create(name=name, actor=None)
        self.stdout.write(
            _("API key of “%(name)s” (shown only this once; egov keeps only its hash):")
            % {"name": issued.client.name}
        )
        self.stdout.write(issued.key)

    def _revoke(self, name: str) -> None:
        client = services.client_revoke(services.client_by_name(name), actor=None)
        self.stdout.write(
            self.style.SUCCESS(_("The key of “%(name)s” is revoked.") % {"name": client.name})
        )

    def _list(self) -> None:
        rows = list(selectors.clients())
        if not rows:
            self.stdout.write(_("No partner application has a key yet."))
            return
        for client in rows:
            issued = timezone.localtime(client.created_at).strftime("%d/%m/%Y %H:%M")
            if client.revoked_at is None:
                state = pgettext("open311 key", "active")
            else:
                state = pgettext("open311 key", "revoked on %(date)s") % {
                    "date": timezone.localtime(client.revoked_at).strftime("%d/%m/%Y %H:%M")
                }
            self.stdout.write(
                _("%(name)s — issued %(issued)s — %(state)s")
                % {"name": client.name, "issued": issued, "state": state}
            )
