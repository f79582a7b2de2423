"""Load the demo organisation through the orgs and workcalendar services; each loader skips
what is already there, so loading twice changes nothing."""

from __future__ import annotations

from django.utils.text import slugify

from egov.core.text import fold
from egov.orgs.models import AdministrativeUnit, Agency, BusinessProfile, CitizenProfile, User
from egov.orgs.services import (
    agency_create,
    business_register,
    citizen_register,
    department_create,
    official_create,
    unit_create,
    unit_merge,
)
from egov.workcalendar.models import OfficeHours
from egov.workcalendar.services import office_hours_save

from . import data, people
from .data import Unit


def _current(code: str) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(code=code, valid_until__isnull=True).first()


def office_hours_load() -> dict[str, OfficeHours]:
    """The demo's office hours by key (``data.OFFICE_HOURS``)."""
    result = {}
    for key, (name, saturday) in data.OFFICE_HOURS.items():
        hours = OfficeHours.objects.filter(name=name).first()
        if hours is None:
            hours = office_hours_save(OfficeHours(name=name, saturday_morning=saturday), actor=None)
        result[key] = hours
    return result


def units_load() -> int:
    """The province, its wards and communes, and the district abolished on 01/07/2025 with
    the communes it had; returns the number of units created."""
    before = AdministrativeUnit.objects.count()
    province = _current(data.PROVINCE[0])
    if province is None:
        province = unit_create(
            code=data.PROVINCE[0], name=data.PROVINCE[1], kind=Unit.PROVINCE, actor=None
        )
    for code, name in data.WARDS:
        if _current(code) is None:
            unit_create(
                code=code,
                name=name,
                kind=Unit.WARD,
                parent=province,
                valid_from=data.REFORM_DAY,
                actor=None,
            )
    if not AdministrativeUnit.objects.filter(code=data.HISTORICAL_DISTRICT[0]).exists():
        _history_load(province)
    return AdministrativeUnit.objects.count() - before


def _history_load(province: AdministrativeUnit) -> None:
    """Replay the 2025 reform with the real action: the district's communes merge, then the
    district closes into the first new commune. Its territory went to both new communes,
    and ``unit_merge`` closes a unit once, so the second lineage link is added directly."""
    district = unit_create(
        code=data.HISTORICAL_DISTRICT[0],
        name=data.HISTORICAL_DISTRICT[1],
        kind=Unit.DISTRICT,
        parent=province,
        actor=None,
    )
    merged = []
    for merger in data.MERGERS:
        sources = [
            unit_create(code=code, name=name, kind=Unit.COMMUNE, parent=district, actor=None)
            for code, name in merger.sources
        ]
        merged.append(
            unit_merge(
                sources=sources,
                code=merger.code,
                name=merger.name,
                kind=Unit.COMMUNE,
                parent=province,
                effective_on=data.REFORM_DAY,
                actor=None,
            )
        )
    unit_merge(sources=[district], into=merged[0], effective_on=data.REFORM_DAY, actor=None)
    for commune in merged[1:]:
        commune.predecessors.add(district)


def _mailbox(name: str) -> str:
    """A readable address: "Sở Tư pháp tỉnh An Khang" -> so-tu-phap@ankhang.example."""
    short = name.replace("Ủy ban nhân dân", "UBND").removesuffix(" tỉnh An Khang")
    return f"{slugify(fold(short))}@{data.EMAIL_DOMAIN}"


def agencies_load(hours: dict[str, OfficeHours]) -> dict[str, Agency]:
    """Every demo agency by code, with its office hours and departments."""
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[s.code for s in data.AGENCIES])}
    for spec in data.AGENCIES:  # parents come before their children in AGENCIES
        agency = agencies.get(spec.code)
        if agency is None:
            unit = AdministrativeUnit.objects.get(code=spec.unit, valid_until__isnull=True)
            agency = agency_create(
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                unit=unit,
                parent=agencies[spec.parent] if spec.parent else None,
                short_name=spec.short_name,
                address=spec.address,
                phone=spec.phone,
                email=_mailbox(spec.name),
                actor=None,
            )
            agencies[spec.code] = agency
        wanted = hours[spec.hours]
        if agency.office_hours_id != wanted.pk:
            # No orgs service sets office hours yet; this is seed data for a new agency.
            agency.office_hours = wanted
            agency.save(update_fields=["office_hours"])
        existing = set(agency.departments.values_list("code", flat=True))
        for code, name, one_stop in data.DEPARTMENTS.get(spec.code, ()):
            if code not in existing:
                department_create(
                    agency=agency, code=code, name=name, is_one_stop_desk=one_stop, actor=None
                )
    return agencies


def officials_load(agencies: dict[str, Agency]) -> int:
    """Create the demo officials that do not exist yet; returns how many were created."""
    taken = set(
        User.objects.filter(username__in=[o.username for o in people.OFFICIALS]).values_list(
            "username", flat=True
        )
    )
    created = 0
    for spec in people.OFFICIALS:
        if spec.username in taken:
            continue
        agency = agencies[spec.agency]
        user = official_create(
            username=spec.username,
            full_name=spec.full_name,
            email=f"{spec.username}@{data.EMAIL_DOMAIN}",
            agency=agency,
            department=(agency.departments.get(code=spec.department) if spec.department else None),
            position=spec.position,
            roles=spec.roles,
            password=data.PASSWORD,
            actor=None,
        )
        if spec.username == people.SUPERUSER:
            # The admin site checks Django's flags; the role alone does not open it.
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        created += 1
    return created


def applicants_load() -> int:
    """Register the demo citizens and businesses that are not there yet."""
    created = 0
    known_ids = set(
        CitizenProfile.objects.filter(
            national_id__in=[c.national_id for c in people.CITIZENS]
        ).values_list("national_id", flat=True)
    )
    for citizen in people.CITIZENS:
        if citizen.national_id in known_ids:
            continue
        citizen_register(
            email=citizen.email,
            phone=citizen.phone,
            password=data.PASSWORD,
            full_name=citizen.full_name,
            national_id=citizen.national_id,
            date_of_birth=citizen.date_of_birth,
            address_unit_code=citizen.unit,
            address_street=citizen.street,
        )
        created += 1
    known_codes = set(
        BusinessProfile.objects.filter(
            tax_code__in=[b.tax_code for b in people.BUSINESSES]
        ).values_list("tax_code", flat=True)
    )
    for business in people.BUSINESSES:
        if business.tax_code in known_codes:
            continue
        business_register(
            email=business.email,
            phone=business.phone,
            password=data.PASSWORD,
            name=business.name,
            tax_code=business.tax_code,
            representative=business.representative,
            address_unit_code=business.unit,
            address_street=business.street,
        )
        created += 1
    return created
