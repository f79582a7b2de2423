"""egov signing_rotate_key: re-encrypt the stored private keys with the current
EGOV_SIGNING_KEY, the old key being in EGOV_SIGNING_KEY_PREVIOUS (docs/signing.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from egov.core.errors import ApplicationError
from egov.signing.services import signing_key_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every private key stored in egov with EGOV_SIGNING_KEY; the previous key "
        "must be in EGOV_SIGNING_KEY_PREVIOUS until this has run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = signing_key_rotate(actor=None)
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        message = _(
            "%(n)d private keys are now encrypted with EGOV_SIGNING_KEY; "
            "EGOV_SIGNING_KEY_PREVIOUS can be removed."
        ) % {"n": count}
        self.stdout.write(self.style.SUCCESS(message))
