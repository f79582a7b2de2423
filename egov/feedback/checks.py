"""System checks: ``EGOV_FEEDBACK_HOTLINE_AGENCY`` must name an agency that exists, or every
report sent online and through Open311 is refused. A database check (``egov check
--database default``, and ``migrate``), since it reads the agencies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


def hotline_agency_check(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    code = getattr(settings, "EGOV_FEEDBACK_HOTLINE_AGENCY", "")
    if not code or not databases or "default" not in databases:
        return []
    from egov.orgs.models import Agency

    try:
        found = Agency.objects.filter(code=code, is_active=True).exists()
    except DatabaseError:  # before the first migrate: nothing to check yet
        return []
    if found:
        return []
    return [
        checks.Warning(
            f"EGOV_FEEDBACK_HOTLINE_AGENCY is {code!r}, but no active agency has this "
            "identifier: reports sent online and through Open311 are refused.",
            hint="Set it to the identifier of the agency that runs the hotline, or leave it "
            "empty for the top Provincial People's Committee.",
            id="feedback.W001",
        )
    ]
