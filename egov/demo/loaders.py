"""``demo_load``: the whole demo in one transaction, idempotent; and the logins to print."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from egov.catalog.importing import ImportReport
from egov.core.audit import audit_record
from egov.orgs.models import BusinessProfile, CitizenProfile, OfficialProfile, Role, User

from . import people
from .catalogue import catalog_load
from .certificates import certificates_load
from .dossiers import dossiers_load
from .organisation import (
    agencies_load,
    applicants_load,
    office_hours_load,
    officials_load,
    units_load,
)


@dataclass(frozen=True)
class DemoLogin:
    """One row of the printed login table."""

    role: str
    username: str
    name: str
    agency: str


@dataclass(frozen=True)
class DemoSummary:
    units_created: int
    officials_created: int
    applicants_created: int
    catalog: ImportReport | None
    dossiers_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.units_created
            or self.officials_created
            or self.applicants_created
            or self.catalog is not None
            or self.dossiers_created
        )


@transaction.atomic
def demo_load() -> DemoSummary:
    """Load everything that is missing: units, agencies, people, then the catalogue (whose
    commune procedures attach to the commune People's Committees loaded before it)."""
    hours = office_hours_load()
    units = units_load()
    agencies = agencies_load(hours)
    officials = officials_load(agencies)
    applicants = applicants_load()
    catalog = catalog_load()
    certificates_load()  # before the dossiers, so that their forms and results are signed
    dossiers = dossiers_load()
    summary = DemoSummary(units, officials, applicants, catalog, dossiers)
    if summary.changed:
        audit_record(
            "demo_loaded",
            actor=None,
            summary=f"{units} units, {officials} officials, {applicants} applicants",
            data={
                "units": units,
                "officials": officials,
                "applicants": applicants,
                "catalog": str(catalog) if catalog else None,
            },
        )
    return summary


def demo_logins() -> list[DemoLogin]:
    """The demo accounts in the order of ``data``: officials, then citizens and businesses."""
    profiles = {
        p.user.username: p
        for p in OfficialProfile.objects.select_related("user", "agency")
        .prefetch_related("roles")
        .filter(user__username__in=[o.username for o in people.OFFICIALS])
    }
    rows = []
    for spec in people.OFFICIALS:
        profile = profiles.get(spec.username)
        if profile is None:
            continue
        roles = ", ".join(str(Role(grant.role).label) for grant in profile.roles.all())
        rows.append(DemoLogin(roles, spec.username, profile.user.display_name, profile.agency.name))
    citizens = CitizenProfile.objects.select_related("user").filter(
        national_id__in=[c.national_id for c in people.CITIZENS]
    )
    businesses = BusinessProfile.objects.select_related("user").filter(
        tax_code__in=[b.tax_code for b in people.BUSINESSES]
    )
    for citizen in citizens.order_by("national_id"):
        rows.append(
            DemoLogin(str(User.Kind.CITIZEN.label), citizen.user.username, citizen.full_name, "")
        )
    for business in businesses.order_by("tax_code"):
        rows.append(
            DemoLogin(str(User.Kind.BUSINESS.label), business.user.username, business.name, "")
        )
    return rows
