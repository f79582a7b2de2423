"""``egov paysim``: run the payment gateway simulator (``egov.payments.paysim``) as its own
web service, e.g. ``egov paysim --port 8765`` beside ``make run`` with
EGOV_PAYMENT_GATEWAY_URL=http://127.0.0.1:8765 and the same merchant id and secret."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.payments.paysim import Behaviour, PaySim, base_url, make_paysim_server


class Command(BaseCommand):
    help = "Run the payment gateway simulator (a separate small web service)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--merchant", default=settings.EGOV_PAYMENT_GATEWAY_MERCHANT)
        parser.add_argument("--secret", default=settings.EGOV_PAYMENT_GATEWAY_SECRET)
        parser.add_argument("--callback-delay", type=float, default=0.0)
        parser.add_argument("--callback-copies", type=int, default=1)
        parser.add_argument("--no-callback", action="store_true")
        parser.add_argument("--no-return", action="store_true")
        parser.add_argument(
            "--control", action="store_true", help="Accept POST /_control (tests, demos)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["merchant"] or not options["secret"]:
            raise CommandError(
                "Give --merchant and --secret (or set EGOV_PAYMENT_GATEWAY_MERCHANT and "
                "EGOV_PAYMENT_GATEWAY_SECRET)."
            )
        behaviour = Behaviour(
            callback_delay=options["callback_delay"],
            callback_copies=options["callback_copies"],
            send_callback=not options["no_callback"],
            return_to_merchant=not options["no_return"],
        )
        app = PaySim({options["merchant"]: options["secret"]}, behaviour, options["control"])
        server = make_paysim_server(app, options["host"], options["port"])
        self.stdout.write(f"PaySim listening on {base_url(server)}", ending="\n")
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
