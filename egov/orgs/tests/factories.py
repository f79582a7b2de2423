"""Factories for organisations and people, shared by every app's tests."""

from __future__ import annotations

import factory

from egov.orgs.identifiers import tax_code_check_digit
from egov.orgs.models import (
    AdministrativeUnit,
    Agency,
    BusinessProfile,
    CitizenProfile,
    Department,
    OfficialProfile,
    Role,
    RoleGrant,
    User,
)

# The password of every factory-made account; it passes the password validators.
PASSWORD = "matkhau-Demo-2026"


class AdministrativeUnitFactory(factory.django.DjangoModelFactory[AdministrativeUnit]):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{30000 + n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = AdministrativeUnit.Kind.COMMUNE


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 1000:03d}.00.01.H99")
    name = factory.Sequence(lambda n: f"UBND Xã Thử Nghiệm {n}")
    short_name = "UBND"
    kind = Agency.Kind.COMMUNE_COMMITTEE
    unit = factory.SubFactory(AdministrativeUnitFactory)


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"Phòng {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    kind = User.Kind.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CitizenFactory(factory.django.DjangoModelFactory[CitizenProfile]):
    class Meta:
        model = CitizenProfile

    user = factory.SubFactory(UserFactory, kind=User.Kind.CITIZEN)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    national_id = factory.Sequence(lambda n: f"{79_000_000_000 + n:012d}")


class OfficialFactory(factory.django.DjangoModelFactory[OfficialProfile]):
    """An official; pass ``roles=[Role.SPECIALIST, ...]`` to grant roles."""

    class Meta:
        model = OfficialProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, kind=User.Kind.OFFICIAL)
    agency = factory.SubFactory(AgencyFactory)
    position = "Chuyên viên"

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create:
            for role in extracted or [Role.SPECIALIST]:
                RoleGrant.objects.create(official=obj, role=role)


def valid_tax_code(n: int) -> str:
    """A 10-digit tax code with a correct check digit, distinct for each ``n``."""
    k = n
    while True:
        first_nine = f"{(100_000_000 + k) % 1_000_000_000:09d}"
        digit = tax_code_check_digit(first_nine)
        if digit is not None:
            return f"{first_nine}{digit}"
        k += 1_000_000  # skip a prefix that has no valid check digit, keep codes distinct


class BusinessFactory(factory.django.DjangoModelFactory[BusinessProfile]):
    class Meta:
        model = BusinessProfile

    user = factory.SubFactory(UserFactory, kind=User.Kind.BUSINESS)
    name = factory.Sequence(lambda n: f"Công ty TNHH Thử Nghiệm {n}")
    tax_code = factory.Sequence(valid_tax_code)
