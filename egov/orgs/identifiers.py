"""Normalising and checking the identifiers people type: email, phone, CCCD, tax code.

One spelling per identifier is stored, so "+84 912 345 678" and "0912345678" are the same
account, for registration, login and login throttling alike.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
# [0-9], not \d: \d matches any Unicode digit ("٠٧٩١٩٠٠٠١٢٣٤"); used with fullmatch, as "$"
# also matches before a final newline.
NATIONAL_ID_PATTERN = r"[0-9]{12}"
TAX_CODE_PATTERN = r"([0-9]{10})(-[0-9]{3})?"
PHONE_PATTERN = r"(\+84|0)[0-9]{9,10}"
_NATIONAL_ID = re.compile(NATIONAL_ID_PATTERN)
_TAX_CODE = re.compile(TAX_CODE_PATTERN)
# Weights of the check digit of a 10-digit tax code (General Department of Taxation).
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
# 4th CCCD digit: gender and century of birth (Circular 59/2021/TT-BCA Art. 7).
_CENTURY_BY_DIGIT = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200}
_CENTURY_BY_DIGIT |= {8: 1800, 9: 1800}


def normalise_email(value: str) -> str:
    return value.strip().lower()


def normalise_phone(value: str) -> str:
    """Drop separators and write the country code +84/84 as the domestic 0 prefix."""
    phone = _PHONE_SEPARATORS.sub("", value.strip())
    if phone.startswith("+84"):
        return "0" + phone[3:]
    if phone.startswith("84") and len(phone) in (11, 12):
        return "0" + phone[2:]
    return phone


def normalise_login(identifier: str) -> str:
    """The stored spelling of whatever was typed in the login box."""
    value = identifier.strip()
    if "@" in value:
        return normalise_email(value)
    phone = normalise_phone(value)
    if phone.isdigit() and phone.startswith("0"):
        return phone
    return value


def validate_national_id(value: str, *, date_of_birth: dt.date | None = None) -> None:
    """12 digits; when the birth date is known, digits 4–6 must match its year."""
    if not _NATIONAL_ID.fullmatch(value):
        raise ValidationError(
            _("A citizen ID (CCCD) number has exactly 12 digits."), code="national_id"
        )
    if date_of_birth is not None:
        year = _CENTURY_BY_DIGIT[int(value[3])] + int(value[4:6])
        if year != date_of_birth.year:
            raise ValidationError(
                _("This citizen ID (CCCD) number does not match the date of birth."),
                code="national_id_birth_year",
            )


def tax_code_check_digit(first_nine: str) -> int | None:
    """The 10th digit of a tax code, or None when no valid code starts with these digits."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, _TAX_WEIGHTS, strict=True)) % 11
    digit = (10 - remainder) % 11
    return None if digit == 10 else digit


def validate_tax_code(value: str) -> None:
    """A business tax code: 10 digits with a check digit, optionally -NNN for a branch;
    or a 12-digit personal ID, the tax code of a household business since 01/07/2025
    (Circular 86/2024/TT-BTC)."""
    if _NATIONAL_ID.fullmatch(value):
        return
    match = _TAX_CODE.fullmatch(value)
    if not match:
        raise ValidationError(
            _(
                "A tax code has 10 digits, or 10 digits, a hyphen and 3 digits for a branch "
                "(a household business uses its owner's 12-digit citizen ID)."
            ),
            code="tax_code",
        )
    base = match.group(1)
    if tax_code_check_digit(base[:9]) != int(base[9]):
        raise ValidationError(
            _("This tax code is not valid: its check digit does not match."),
            code="tax_code_check_digit",
        )
