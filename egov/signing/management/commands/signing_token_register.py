"""egov signing_token_register --token LABEL --key LABEL (--agency CODE | --official LOGIN):
register the certificate of a key kept on a hardware token (docs/signing.md). The token must
be plugged in, EGOV_PKCS11_MODULE set, and the token's PIN in its environment variable."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from egov.core.errors import ApplicationError
from egov.orgs.models import Agency
from egov.signing.services import token_certificate_register


class Command(BaseCommand):
    help = "Register the certificate of a private key kept on a PKCS#11 hardware token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--token", required=True, help="Token label (pkcs11-tool -L).")
        parser.add_argument("--key", required=True, help="Label of the private key on it.")
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--agency", help="Code of the agency (organisation certificate).")
        owner.add_argument("--official", help="User name or email of the official.")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = user = None
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(
                    _("No agency has the code %(code)s.") % {"code": options["agency"]}
                )
        else:
            login = options["official"]
            user = (
                get_user_model().objects.filter(Q(username=login) | Q(email__iexact=login)).first()
            )
            if user is None:
                raise CommandError(_("No user is called %(login)s.") % {"login": login})
        try:
            certificate = token_certificate_register(
                token_label=options["token"],
                key_label=options["key"],
                owner_agency=agency,
                owner_user=user,
                actor=None,
            )
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        message = _("Registered %(certificate)s (SHA-256 %(fingerprint)s), trusted: %(trusted)s.")
        self.stdout.write(
            self.style.SUCCESS(
                message
                % {
                    "certificate": certificate,
                    "fingerprint": certificate.fingerprint,
                    "trusted": _("yes") if certificate.trusted else _("no"),
                }
            )
        )
