import datetime as dt

import pytest
from django.utils import timezone

from egov.core.errors import Conflict, ValidationFailed
from egov.core.models import AuditEvent
from egov.orgs.models import BusinessProfile, CitizenProfile, User
from egov.orgs.services import business_register, citizen_register, unit_merge
from egov.orgs.tests.factories import PASSWORD, valid_tax_code

pytestmark = pytest.mark.django_db


def _citizen(**kwargs):
    values = {"password": PASSWORD, "full_name": "Lê  Thị   Hoa", "email": "hoa@example.vn"}
    return citizen_register(**(values | kwargs))


def _business(**kwargs):
    values = {
        "password": PASSWORD,
        "name": "Công ty TNHH Ánh Dương",
        "tax_code": "0100112437",
        "email": "ketoan@anhduong.vn",
    }
    return business_register(**(values | kwargs))


def test_citizen_register_with_email_uses_it_as_username(province):
    user = _citizen(
        email=" Hoa@Example.VN ",
        national_id="079190001234",
        date_of_birth=dt.date(1990, 5, 1),
        address_unit_code="99001",
        address_street="Số 5, thôn Đông",
    )
    assert user.username == user.email == "hoa@example.vn"
    assert user.phone is None and user.kind == User.Kind.CITIZEN
    assert user.check_password(PASSWORD)
    profile = user.citizen
    assert profile.full_name == "Lê Thị Hoa" == user.get_full_name()
    assert profile.national_id == "079190001234"
    assert profile.address_unit == province.unit_a
    assert AuditEvent.objects.filter(action="citizen_registered", actor=user).exists()


@pytest.mark.parametrize("typed", ["+84912345678", "0912 345 678", "84912345678", "0912.345.678"])
def test_citizen_register_with_phone_stores_the_domestic_form(typed):
    user = _citizen(email=None, phone=typed)
    assert user.username == user.phone == "0912345678"
    assert user.email is None


def test_citizen_register_needs_an_email_or_a_phone():
    with pytest.raises(ValidationFailed):
        _citizen(email=None, phone="  ")
    with pytest.raises(ValidationFailed) as refused:
        _citizen(email="not-an-email")
    assert refused.value.extra["field"] == "email"
    with pytest.raises(ValidationFailed) as refused:
        _citizen(email=None, phone="12345")
    assert refused.value.extra["field"] == "phone"


def test_duplicate_email_phone_and_cccd_are_refused():
    _citizen(phone="0912345678", national_id="079190001234")
    with pytest.raises(Conflict) as refused:
        _citizen(email="HOA@example.vn", phone=None)
    assert refused.value.extra["field"] == "email"
    with pytest.raises(Conflict) as refused:
        _citizen(email="other@example.vn", phone="+84912345678")
    assert refused.value.extra["field"] == "phone"
    with pytest.raises(Conflict) as refused:
        _citizen(email="third@example.vn", national_id="079190001234")
    assert refused.value.extra["field"] == "national_id"
    assert User.objects.count() == 1


def test_a_phone_cannot_take_over_an_existing_username():
    User.objects.create_user(username="0987654321", kind=User.Kind.OFFICIAL)
    with pytest.raises(Conflict):
        _citizen(email=None, phone="0987654321")


@pytest.mark.parametrize(
    "cccd", ["12345", "0791900012345", "07919000123a", "٠٧٩١٩٠٠٠١٢٣٤", "０７９１９０００１２３４"]
)
def test_a_badly_formed_cccd_is_refused(cccd):
    with pytest.raises(ValidationFailed) as refused:
        _citizen(national_id=cccd)
    assert refused.value.extra["field"] == "national_id"
    assert not CitizenProfile.objects.exists()


def test_a_cccd_must_match_the_year_of_birth():
    with pytest.raises(ValidationFailed):
        _citizen(national_id="079190001234", date_of_birth=dt.date(1991, 1, 1))
    user = _citizen(national_id="001305001234", date_of_birth=dt.date(2005, 3, 3))
    assert user.citizen.national_id == "001305001234"


def test_birth_date_in_the_future_and_weak_passwords_are_refused():
    with pytest.raises(ValidationFailed) as refused:
        _citizen(date_of_birth=timezone.localdate() + dt.timedelta(days=2))
    assert refused.value.extra["field"] == "date_of_birth"
    for weak in ("123456789", "password", "hoa@example.vn"):
        with pytest.raises(ValidationFailed) as refused:
            _citizen(password=weak)
        assert refused.value.extra["field"] == "password"
    with pytest.raises(ValidationFailed):
        _citizen(full_name="  ")
    assert not User.objects.exists()


def test_the_address_must_be_a_commune_in_force(province):
    with pytest.raises(ValidationFailed):
        _citizen(address_unit_code="99")  # a province, not a commune
    with pytest.raises(ValidationFailed):
        _citizen(address_unit_code="12345")
    unit_merge(
        sources=[province.unit_b],
        into=province.unit_a,
        effective_on=dt.date(2025, 7, 1),
        actor=None,
    )
    with pytest.raises(ValidationFailed) as refused:
        _citizen(address_unit_code="99002")
    assert refused.value.extra["field"] == "address_unit_code"


def test_business_register(province):
    user = _business(
        phone="+84 24 3934 3137", representative="Phạm  Văn Đức", address_unit_code="99002"
    )
    assert user.kind == User.Kind.BUSINESS
    assert user.username == "ketoan@anhduong.vn"
    assert user.phone == "02439343137"
    business = user.business
    assert (business.name, business.tax_code) == ("Công ty TNHH Ánh Dương", "0100112437")
    assert business.representative == "Phạm Văn Đức"
    assert business.address_unit == province.unit_b
    assert AuditEvent.objects.filter(action="business_registered").exists()


def test_business_register_accepts_branches_and_household_businesses():
    assert _business(tax_code="0100112437-001").business.tax_code == "0100112437-001"
    household = _business(tax_code="079190001234", email="hokd@example.vn")
    assert household.business.tax_code == "079190001234"


@pytest.mark.parametrize(
    "code",
    ["12345", "0100112438", "0100112437-01", "01001124371", "٠١٠٠١١٢٤٣٧", "٠٧٩١٩٠٠٠١٢٣٤"],
)
def test_a_bad_tax_code_is_refused(code):
    with pytest.raises(ValidationFailed) as refused:
        _business(tax_code=code)
    assert refused.value.extra["field"] == "tax_code"
    assert not BusinessProfile.objects.exists()


def test_a_duplicate_tax_code_or_email_is_refused():
    _business()
    with pytest.raises(Conflict) as refused:
        _business(email="other@anhduong.vn")
    assert refused.value.extra["field"] == "tax_code"
    with pytest.raises(Conflict) as refused:
        _business(tax_code=valid_tax_code(7))
    assert refused.value.extra["field"] == "email"
