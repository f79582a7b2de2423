"""Units, agencies and people (DOMAIN.md §1)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.core.uploads import FileKind, UploadValidator, upload_to

from .identifiers import NATIONAL_ID_PATTERN, PHONE_PATTERN, validate_tax_code
from .images import MAX_BYTES as PICTURE_MAX_BYTES

# ASCII digits from \A to \Z: \d matches any Unicode digit, and $ matches before a final "\n".
national_id_validator = RegexValidator(
    rf"\A{NATIONAL_ID_PATTERN}\Z", _("A citizen ID (CCCD) number has exactly 12 digits.")
)
phone_validator = RegexValidator(
    rf"\A{PHONE_PATTERN}\Z", _("Enter a Vietnamese phone number, e.g. 0912345678.")
)
agency_code_validator = RegexValidator(
    r"^[0-9A-Z]{1,3}(\.[0-9A-Z]{2,3}){3}$",
    _("An agency identifier follows QCVN 102:2016, e.g. 000.00.01.H22."),
)


class AdministrativeUnit(models.Model):
    """A province, commune or historical district, with its validity and lineage."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province (tỉnh)")
        CITY = "city", _("Centrally run city (thành phố trực thuộc trung ương)")
        COMMUNE = "commune", _("Commune (xã)")
        WARD = "ward", _("Ward (phường)")
        SPECIAL_ZONE = "special_zone", _("Special zone (đặc khu)")
        DISTRICT = "district", _("District (huyện) — abolished 2025")
        URBAN_DISTRICT = "urban_district", _("Urban district (quận) — abolished 2025")
        TOWN = "town", _("Town (thị xã) — abolished 2025")
        PROVINCIAL_CITY = (
            "provincial_city",
            _("Provincial city (thành phố thuộc tỉnh) — abolished 2025"),
        )

    PROVINCE_LEVEL = (Kind.PROVINCE, Kind.CITY)
    COMMUNE_LEVEL = (Kind.COMMUNE, Kind.WARD, Kind.SPECIAL_ZONE)
    DISTRICT_LEVEL = (Kind.DISTRICT, Kind.URBAN_DISTRICT, Kind.TOWN, Kind.PROVINCIAL_CITY)

    # A new unit may take over the code of a unit it replaced (Decision 19/2025/QĐ-TTg), so
    # a code is unique only among units still in force.
    code = models.CharField(_("official code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("predecessors"),
        symmetrical=False,
        blank=True,
        related_name="successors",
    )

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gt=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_until__isnull=True),
                name="uniq_current_unit_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day < self.valid_until
        )


class Agency(models.Model):
    """A state body that receives or handles dossiers: Sở, UBND, service centre, police…"""

    class Kind(models.TextChoices):
        PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee")
        DEPARTMENT = "department", _("Provincial department (Sở)")
        SERVICE_CENTRE = "service_centre", _("Public Administration Service Centre")
        COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
        POLICE = "police", _("Police")
        TAX = "tax", _("Tax office")
        OTHER = "other", _("Other agency")

    code = models.CharField(
        _("agency identifier (QCVN 102:2016)"),
        max_length=20,
        unique=True,
        validators=[agency_code_validator],
    )
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(
        _("notation"),
        max_length=30,
        blank=True,
        help_text=_("Used in document numbers, e.g. UBND."),
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    office_hours = models.ForeignKey(
        "workcalendar.OfficeHours",
        verbose_name=_("office hours"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agencies",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Set through services.agency_set_seal_image, which checks and re-encodes the picture.
    seal_image = models.ImageField(
        _("seal image"),
        upload_to=upload_to("orgs/seals"),
        max_length=255,
        blank=True,
        validators=[UploadValidator({FileKind.PNG}, max_bytes=PICTURE_MAX_BYTES)],
        help_text=_(
            "The agency's seal in red on a transparent background (PNG) at its real size; "
            "it overlaps the signer's signature in the agency's digital signature."
        ),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A unit inside an agency (phòng, bộ phận), e.g. the one-stop desk."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="departments"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=300)
    is_one_stop_desk = models.BooleanField(_("one-stop desk"), default=False)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="uniq_department_code")
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.agency.short_name or self.agency.name}"


class EgovUserManager(UserManager["User"]):
    pass


class User(AbstractUser):
    """Every account: officials, citizens and businesses log in with email, phone or username."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        BUSINESS = "business", _("Business")
        OFFICIAL = "official", _("Official")

    kind = models.CharField(_("account type"), max_length=20, choices=Kind.choices)
    # Nullable so that accounts without an email do not collide on "" (unique).
    email = models.EmailField(  # type: ignore[assignment]
        _("email"), unique=True, null=True, blank=True
    )
    phone = models.CharField(
        _("phone"), max_length=15, unique=True, null=True, blank=True, validators=[phone_validator]
    )

    objects = EgovUserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["citizen", "business"])
                | Q(email__isnull=False)
                | Q(phone__isnull=False),
                name="applicant_has_email_or_phone",
            )
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email or self.phone or self.username


class Role(models.TextChoices):
    DESK_OFFICER = "desk_officer", _("One-stop desk officer")
    SPECIALIST = "specialist", _("Specialist")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    CLERK = "clerk", _("Clerk")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class OfficialProfile(models.Model):
    """An official's place: agency, department and position."""

    user = models.OneToOneField(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="official"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="officials"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officials",
    )
    position = models.CharField(pgettext_lazy("job title", "position"), max_length=200, blank=True)
    # Set through services.official_set_signature_image (checked and re-encoded there).
    signature_image = models.ImageField(
        _("signature image"),
        upload_to=upload_to("orgs/signatures"),
        max_length=255,
        blank=True,
        validators=[UploadValidator({FileKind.PNG}, max_bytes=PICTURE_MAX_BYTES)],
        help_text=_(
            "The official's handwritten signature in blue ink on a transparent background "
            "(PNG); shown between the title and the name of the official's digital signature."
        ),
    )

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.agency})"


class RoleGrant(models.Model):
    """One role held by an official; roles act within the official's agency and sub-agencies."""

    official = models.ForeignKey(
        OfficialProfile, verbose_name=_("official"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["official", "role"], name="uniq_role")]

    def __str__(self) -> str:
        return self.get_role_display()


class PostalAddress(models.Model):
    """An address as the commune's official code plus the street (DOMAIN.md §1)."""

    address_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address_street = models.CharField(_("street address"), max_length=300, blank=True)

    class Meta:
        abstract = True


class CitizenProfile(PostalAddress):
    """Identity data of an individual applicant."""

    user = models.OneToOneField(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="citizen"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    national_id = models.CharField(
        _("citizen ID (CCCD)"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[national_id_validator],
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")

    def __str__(self) -> str:
        return self.full_name


class BusinessProfile(PostalAddress):
    """Identity data of an organisation applicant."""

    user = models.OneToOneField(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="business"
    )
    name = models.CharField(_("business name"), max_length=300)
    tax_code = models.CharField(
        _("tax code"), max_length=14, unique=True, validators=[validate_tax_code]
    )
    representative = models.CharField(_("legal representative"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")

    def __str__(self) -> str:
        return self.name
