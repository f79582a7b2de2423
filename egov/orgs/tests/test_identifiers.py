import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from egov.orgs.identifiers import (
    normalise_login,
    normalise_phone,
    tax_code_check_digit,
    validate_national_id,
    validate_tax_code,
)
from egov.orgs.models import national_id_validator, phone_validator
from egov.orgs.tests.factories import valid_tax_code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+84912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("(024) 3934 3137", "02439343137"),
    ],
)
def test_phone_numbers_are_stored_in_domestic_form(typed, stored):
    assert normalise_phone(typed) == stored
    assert normalise_login(typed) == stored


def test_login_identifiers_keep_usernames_and_lower_emails():
    assert normalise_login(" An@Example.VN ") == "an@example.vn"
    assert normalise_login("canbo.xa") == "canbo.xa"


@pytest.mark.parametrize("code", ["0100112437", "0101248141", "0100109106"])
def test_check_digit_of_real_tax_codes(code):
    assert tax_code_check_digit(code[:9]) == int(code[9])
    validate_tax_code(code)


def test_generated_tax_codes_are_valid_and_distinct():
    codes = {valid_tax_code(n) for n in range(200)}
    assert len(codes) == 200
    for code in codes:
        validate_tax_code(code)


def test_cccd_century_digit():
    validate_national_id("001099000001", date_of_birth=dt.date(1999, 1, 1))
    validate_national_id("001399000001", date_of_birth=dt.date(2099, 1, 1))
    with pytest.raises(ValidationError):
        validate_national_id("001299000001", date_of_birth=dt.date(1999, 1, 1))


# Python's \d and str.isdigit() accept any Unicode decimal digit: Arabic-Indic (٠١٢…),
# Devanagari, fullwidth (０１２…). A CCCD, a tax code or a phone number is written in 0-9.
ARABIC_CCCD = "٠٧٩١٩٠٠٠١٢٣٤"  # 079190001234 in Arabic-Indic digits
FULLWIDTH_CCCD = "０７９１９０００１２３４"
NOT_ASCII = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(
    "value",
    [ARABIC_CCCD, FULLWIDTH_CCCD, "07919000123٤", "079190001234\n", "१२३४५६७८९०१२"],
)
def test_cccd_takes_ascii_digits_only(value):
    with pytest.raises(ValidationError) as refused:
        validate_national_id(value)
    assert refused.value.code == "national_id"
    with pytest.raises(ValidationError):
        national_id_validator(value)


@pytest.mark.parametrize(
    "value",
    [
        "0100112437".translate(NOT_ASCII),
        "0100112437-001".translate(NOT_ASCII),
        "0100112437-٠٠١",
        ARABIC_CCCD,  # a household business's tax code is its owner's CCCD
        "0100112437\n",
    ],
)
def test_tax_code_takes_ascii_digits_only(value):
    with pytest.raises(ValidationError) as refused:
        validate_tax_code(value)
    assert refused.value.code == "tax_code"


@pytest.mark.parametrize(
    "value",
    [
        "0" + "912345678".translate(NOT_ASCII),
        "+84" + "912345678".translate(NOT_ASCII),
        "0912345678\n",
    ],
)
def test_phone_takes_ascii_digits_only(value):
    with pytest.raises(ValidationError):
        phone_validator(value)


def test_ascii_identifiers_still_pass():
    validate_national_id("079190001234")
    national_id_validator("079190001234")
    validate_tax_code("0100112437-001")
    validate_tax_code("079190001234")
    phone_validator("0912345678")
    phone_validator("+84912345678")
