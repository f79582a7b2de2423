"""Agencies (Sở, UBND, service centre, police…) and the departments inside them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, ValidationFailed

from ..models import AdministrativeUnit, Agency, Department
from ._common import clean_fields, require_agency_admin, require_system_admin, required_text


@transaction.atomic
def agency_create(
    *,
    code: str,
    name: str,
    kind: str,
    unit: AdministrativeUnit,
    parent: Agency | None = None,
    short_name: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    actor: Any | None,
) -> Agency:
    """Add an agency. Top-level agencies need a system administrator; an agency below
    ``parent`` may also be added by an administrator of ``parent``."""
    if parent is None:
        require_system_admin(actor)
    else:
        require_agency_admin(actor, parent)
    code = code.strip().upper()
    agency = Agency(
        code=code,
        name=required_text(name, field="name", label=_("name")),
        short_name=short_name.strip(),
        kind=kind,
        unit=unit,
        parent=parent,
        address=address.strip(),
        phone=phone.strip(),
        email=email.strip().lower(),
    )
    clean_fields(agency, exclude=["office_hours"])
    if not unit.is_valid_on(timezone.localdate()):
        raise ValidationFailed(
            _("%(unit)s is no longer in force; attach the agency to its successor.")
            % {"unit": unit.name},
            field="unit",
        )
    if Agency.objects.filter(code=code).exists():
        raise Conflict(
            _("An agency with identifier %(code)s already exists.") % {"code": code},
            field="code",
        )
    agency.save()
    audit_record(
        "agency_created",
        actor=actor,
        target=agency,
        summary=f"{agency.code} {agency.name}",
        data={"code": code, "unit": unit.code, "parent": parent.code if parent else None},
    )
    return agency


@transaction.atomic
def department_create(
    *,
    agency: Agency,
    code: str,
    name: str,
    is_one_stop_desk: bool = False,
    actor: Any | None,
) -> Department:
    """Add a department to ``agency``; its administrators (or a system administrator) only."""
    require_agency_admin(actor, agency)
    code = required_text(code, field="code", label=_("code")).upper()
    department = Department(
        agency=agency,
        code=code,
        name=required_text(name, field="name", label=_("name")),
        is_one_stop_desk=is_one_stop_desk,
    )
    clean_fields(department)
    if Department.objects.filter(agency=agency, code=code).exists():
        raise Conflict(
            _("%(agency)s already has a department with code %(code)s.")
            % {"agency": agency.name, "code": code},
            field="code",
        )
    department.save()
    audit_record(
        "department_created",
        actor=actor,
        target=department,
        summary=f"{agency.code} {code} {department.name}",
        data={"agency": agency.code, "code": code, "one_stop_desk": is_one_stop_desk},
    )
    return department
