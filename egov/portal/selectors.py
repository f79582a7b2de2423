"""Read-only queries the portal pages need beyond those of the catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from egov.catalog.models import OnlineMode
from egov.catalog.selectors import current_versions
from egov.orgs.models import Agency


@dataclass(frozen=True)
class FieldCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class CatalogSummary:
    procedures: int
    fully_online: int
    fields: list[FieldCount]


def catalog_summary() -> CatalogSummary:
    """How many procedures are in force, fully online, and in each field (for the home page)."""
    versions = current_versions()
    rows = (
        versions.values("procedure__field__code", "procedure__field__name")
        .annotate(n=Count("id"))
        .order_by("procedure__field__name")
    )
    return CatalogSummary(
        procedures=versions.count(),
        fully_online=versions.filter(online_mode=OnlineMode.FULL).count(),
        fields=[
            FieldCount(r["procedure__field__code"], r["procedure__field__name"], r["n"])
            for r in rows
        ],
    )


def handling_agencies() -> QuerySet[Agency]:
    """Agencies that handle at least one procedure: the choices of the agency filter."""
    return Agency.objects.filter(procedures__isnull=False).distinct().order_by("name")
