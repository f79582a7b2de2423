from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def poppler_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Scans are checked with poppler's pdfinfo and pdfimages; without them every
    certification request is refused, so say so at start-up."""
    from .scans import tools_missing

    missing = tools_missing()
    if not missing:
        return []
    return [
        checks.Warning(
            f"{', '.join(missing)} not found: certified copies cannot be requested.",
            hint="Install Debian's poppler-utils (apt-get install poppler-utils).",
            id="certification.W001",
        )
    ]


class CertificationConfig(AppConfig):
    name = "egov.certification"
    label = "certification"
    verbose_name = _("Certified electronic copies")

    def ready(self) -> None:
        checks.register(poppler_check)
