from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "egov.certification"
    label = "certification"
    verbose_name = _("Certified electronic copies")
