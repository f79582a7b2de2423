"""Every change to units, agencies and people goes through these functions."""

from .accounts import business_register, citizen_register
from .agencies import agency_create, department_create
from .officials import official_create, official_grant_role, official_revoke_role
from .units import unit_create, unit_merge

__all__ = [
    "agency_create",
    "business_register",
    "citizen_register",
    "department_create",
    "official_create",
    "official_grant_role",
    "official_revoke_role",
    "unit_create",
    "unit_merge",
]
