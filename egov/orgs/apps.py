from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "egov.orgs"
    label = "orgs"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from . import login_audit  # noqa: F401  (connects the login receivers)
