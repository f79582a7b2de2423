from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "egov.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        # The dossiers cannot import payments (it sits above them): payments tells them,
        # once, what to check and show (egov.dossiers.hooks).
        from . import dossier_hooks

        dossier_hooks.register()
