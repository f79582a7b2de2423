"""Account forms: they type-check input; the services decide the rules and refuse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import AdministrativeUnit
from .selectors import units_valid_on


def _commune_choices() -> list[tuple[str, str | Promise]]:
    units = units_valid_on().filter(kind__in=AdministrativeUnit.COMMUNE_LEVEL).order_by("name")
    return [("", _("— choose —")), *((u.code, u.name) for u in units)]


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Email, phone or username"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("The login or the password is wrong. Please try again."),
        "inactive": _("This account is disabled."),
    }


class _ApplicantForm(forms.Form):
    """Contact and password fields shared by citizens and businesses."""

    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    address_unit_code = forms.ChoiceField(
        label=_("Commune / ward"), required=False, choices=_commune_choices
    )
    address_street = forms.CharField(
        label=_("House number, street, hamlet"), required=False, max_length=300
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Enter an email address or a phone number."))
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", _("The two passwords are different."))
        return data


class CitizenRegistrationForm(_ApplicantForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    national_id = forms.CharField(
        label=_("Citizen ID (CCCD) number"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy")}, format="%d/%m/%Y"),
    )
    field_order = [
        "full_name",
        "national_id",
        "date_of_birth",
        "email",
        "phone",
        "address_unit_code",
        "address_street",
        "password1",
        "password2",
    ]


class BusinessRegistrationForm(_ApplicantForm):
    name = forms.CharField(label=_("Business name"), max_length=300)
    tax_code = forms.CharField(label=_("Tax code"), max_length=14)
    representative = forms.CharField(
        label=_("Legal representative"), required=False, max_length=200
    )
    field_order = [
        "name",
        "tax_code",
        "representative",
        "email",
        "phone",
        "address_unit_code",
        "address_street",
        "password1",
        "password2",
    ]
