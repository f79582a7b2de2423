from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "egov.feedback"
    label = "feedback"
    verbose_name = _("Citizen feedback")

    def ready(self) -> None:
        from .checks import hotline_agency_check

        checks.register(hotline_agency_check, checks.Tags.database)
