"""Every change to units, agencies and people goes through these functions."""

from .accounts import business_register, citizen_register
from .agencies import agency_create, department_create
from .officials import official_create, official_grant_role, official_revoke_role
from .pictures import agency_set_seal_image, official_set_signature_image
from .units import unit_create, unit_merge

__all__ = [
    "agency_create",
    "agency_set_seal_image",
    "business_register",
    "citizen_register",
    "department_create",
    "official_create",
    "official_grant_role",
    "official_revoke_role",
    "official_set_signature_image",
    "unit_create",
    "unit_merge",
]
