"""Self-registration of citizens and businesses (applicants). The username is the email
address or phone number, stored in one spelling, so that any of them logs in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, ValidationFailed

from ..identifiers import normalise_email, normalise_phone, validate_national_id, validate_tax_code
from ..models import AdministrativeUnit, BusinessProfile, CitizenProfile, User, phone_validator
from ..selectors import identifier_taken, unit_on
from ._common import required_text
from .passwords import set_checked_password


@dataclass(frozen=True)
class _Contact:
    email: str | None
    phone: str | None

    @property
    def username(self) -> str:
        return self.email or self.phone or ""


def _contact(email: str | None, phone: str | None) -> _Contact:
    clean_email = normalise_email(email) if email and email.strip() else None
    clean_phone = normalise_phone(phone) if phone and phone.strip() else None
    if clean_email is None and clean_phone is None:
        raise ValidationFailed(_("Enter an email address or a phone number."), field="email")
    if clean_email is not None:
        try:
            validate_email(clean_email)
        except ValidationError as error:
            raise ValidationFailed(_("Enter a valid email address."), field="email") from error
        if identifier_taken(clean_email):
            raise Conflict(_("An account with this email already exists."), field="email")
    if clean_phone is not None:
        try:
            phone_validator(clean_phone)
        except ValidationError as error:
            raise ValidationFailed(error.messages[0], field="phone") from error
        if identifier_taken(clean_phone):
            raise Conflict(_("An account with this phone number already exists."), field="phone")
    return _Contact(clean_email, clean_phone)


def _address_unit(code: str | None) -> AdministrativeUnit | None:
    if not code or not code.strip():
        return None
    unit = unit_on(code.strip(), timezone.localdate())
    if unit is None or unit.kind not in AdministrativeUnit.COMMUNE_LEVEL:
        raise ValidationFailed(
            _("Choose a commune, ward or special zone that exists today."),
            field="address_unit_code",
        )
    return unit


def _new_applicant(contact: _Contact, *, kind: str, name: str, password: str) -> User:
    user = User(
        username=contact.username,
        email=contact.email,
        phone=contact.phone,
        first_name=name[:150],
        kind=kind,
    )
    set_checked_password(user, password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # a concurrent registration won the race
        raise Conflict(_("An account with these details already exists."), field="email") from error
    return user


@transaction.atomic
def citizen_register(
    *,
    email: str | None = None,
    phone: str | None = None,
    password: str,
    full_name: str,
    national_id: str | None = None,
    date_of_birth: dt.date | None = None,
    address_unit_code: str | None = None,
    address_street: str = "",
) -> User:
    """Open a citizen's account; email or phone (or both) is required, the CCCD optional."""
    name = required_text(full_name, field="full_name", label=_("full name"))
    if date_of_birth is not None and date_of_birth > timezone.localdate():
        raise ValidationFailed(
            _("The date of birth cannot be in the future."), field="date_of_birth"
        )
    cccd = (national_id or "").strip() or None
    if cccd is not None:
        try:
            validate_national_id(cccd, date_of_birth=date_of_birth)
        except ValidationError as error:
            raise ValidationFailed(error.messages[0], field="national_id") from error
        if CitizenProfile.objects.filter(national_id=cccd).exists():
            raise Conflict(
                _("An account with this citizen ID (CCCD) number already exists."),
                field="national_id",
            )
    unit = _address_unit(address_unit_code)
    contact = _contact(email, phone)
    user = _new_applicant(contact, kind=User.Kind.CITIZEN, name=name, password=password)
    CitizenProfile.objects.create(
        user=user,
        full_name=name,
        national_id=cccd,
        date_of_birth=date_of_birth,
        address_unit=unit,
        address_street=" ".join(address_street.split()),
    )
    audit_record(
        "citizen_registered",
        actor=user,
        target=user,
        summary=user.username,
        data={"email": contact.email, "phone": contact.phone},
    )
    return user


@transaction.atomic
def business_register(
    *,
    email: str | None = None,
    phone: str | None = None,
    password: str,
    name: str,
    tax_code: str,
    representative: str = "",
    address_unit_code: str | None = None,
    address_street: str = "",
) -> User:
    """Open a business's account, identified by its tax code (mã số thuế)."""
    business_name = required_text(name, field="name", label=_("business name"))
    code = tax_code.strip()
    try:
        validate_tax_code(code)
    except ValidationError as error:
        raise ValidationFailed(error.messages[0], field="tax_code") from error
    if BusinessProfile.objects.filter(tax_code=code).exists():
        raise Conflict(_("An account with this tax code already exists."), field="tax_code")
    unit = _address_unit(address_unit_code)
    contact = _contact(email, phone)
    user = _new_applicant(contact, kind=User.Kind.BUSINESS, name=business_name, password=password)
    BusinessProfile.objects.create(
        user=user,
        name=business_name,
        tax_code=code,
        representative=" ".join(representative.split()),
        address_unit=unit,
        address_street=" ".join(address_street.split()),
    )
    audit_record(
        "business_registered",
        actor=user,
        target=user,
        summary=f"{code} {business_name}",
        data={"tax_code": code, "email": contact.email, "phone": contact.phone},
    )
    return user
