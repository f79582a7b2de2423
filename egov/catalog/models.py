"""Procedures and their versions (DOMAIN.md §3). A dossier keeps the version it was accepted
under, so the content of a procedure lives on ProcedureVersion, never on Procedure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.text import fold
from egov.orgs.models import Agency, Role


class Field(models.Model):
    """A domain of procedures (lĩnh vực): civil status, land, business registration…"""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """The identity of a procedure: its national code, field and the agencies that handle it."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province level")
        COMMUNE = "commune", _("Commune level")

    code = models.CharField(_("national code"), max_length=30, unique=True)
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="procedures"
    )
    level = models.CharField(_("implementing level"), max_length=20, choices=Level.choices)
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("handling agencies"), blank=True, related_name="procedures"
    )

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class OnlineMode(models.TextChoices):
    """Decree 42/2022; the old Decree 43/2011 level is derived from it (see ``legacy_level``)."""

    FULL = "full", _("Fully online")
    PARTIAL = "partial", _("Partly online")
    NONE = "none", _("Not online")


class FormFieldType(models.TextChoices):
    """The kinds of value a procedure's own form asks for (see ``ProcedureVersion.form_fields``)."""

    TEXT = "text", _("Short text")
    TEXTAREA = "textarea", _("Long text")
    DATE = "date", _("Date")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("Choice")


class ProcedureVersion(models.Model):
    """The content of a procedure from ``effective_from`` until ``effective_until`` (exclusive)."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=500)
    description = models.TextField(_("steps for the applicant"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    competent_authority = models.CharField(_("competent authority"), max_length=300, blank=True)
    processing_days = models.DecimalField(
        _("processing time (working days)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )
    online_mode = models.CharField(
        _("online mode"), max_length=10, choices=OnlineMode.choices, default=OnlineMode.NONE
    )
    result_type = models.CharField(_("result"), max_length=300)
    electronic_result = models.BooleanField(_("electronic result"), default=False)
    form_fields = models.JSONField(
        _("information the applicant gives"),
        default=list,
        blank=True,
        help_text=_(
            "The procedure's own fields, a list of objects: key (letters a-z, digits, _), "
            "label, help, type (text, textarea, date, number, choice), required, choices."
        ),
    )
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="uniq_version_number"),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gt=models.F("effective_from")),
                name="version_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}: {self.name}"

    @property
    def legacy_level(self) -> int:
        """The Decree 43/2011 level (2, 3 or 4) deployed systems still store."""
        return {OnlineMode.FULL: 4, OnlineMode.PARTIAL: 3}.get(OnlineMode(self.online_mode), 2)

    def clean(self) -> None:
        super().clean()
        from .rules import form_fields_from_data  # rules imports this module

        _fields, problems = form_fields_from_data(self.form_fields)
        if problems:
            raise ValidationError(
                {"form_fields": [f"{path}: {message}" for path, message in problems]}
            )

    def is_effective_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day < self.effective_until
        )

    def refresh_search_text(self) -> None:
        self.search_text = fold(f"{self.procedure.code} {self.name} {self.procedure.field.name}")


class Component(models.Model):
    """One document of the dossier (thành phần hồ sơ), with an optional form template."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Original")
        COPY = "copy", _("Copy")
        CERTIFIED_COPY = "certified_copy", _("Certified copy")
        ORIGINAL_OR_COPY = "original_or_copy", _("Original or certified copy")
        FORM = "form", _("Declaration form")

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("procedure version"),
        on_delete=models.CASCADE,
        related_name="components",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    count = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    required = models.BooleanField(_("required"), default=True)
    template = models.FileField(_("form template"), upload_to="catalog/templates/", blank=True)

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="uniq_component_pos")
        ]

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    """A fee or charge (phí, lệ phí) in đồng, with the exemptions the law grants."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Fee (lệ phí)")
        CHARGE = "charge", _("Charge (phí)")

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("procedure version"),
        on_delete=models.CASCADE,
        related_name="fees",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=500)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    exemptions = models.TextField(_("exemptions"), blank=True)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["version", "id"]

    def __str__(self) -> str:
        return self.description


class ProcessStep(models.Model):
    """One step of the process template; the stages' days sum to the processing time.

    Inter-agency (liên thông) procedures name another agency for some steps, and steps
    sharing a ``stage`` run in parallel: a stage lasts as long as its longest step.
    """

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("procedure version"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("responsible role"), max_length=30, choices=Role.choices)
    department = models.CharField(
        _("responsible department"),
        max_length=200,
        blank=True,
        help_text=_("Department code in the handling agency, when the step belongs to one."),
    )
    days = models.DecimalField(
        _("allotted working days"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )
    agency_code = models.CharField(
        _("agency handling the step"),
        max_length=20,
        blank=True,
        help_text=_(
            "QCVN 102:2016 identifier of another agency that handles this step "
            "(inter-agency procedures); empty: the competent agency."
        ),
    )
    stage = models.PositiveSmallIntegerField(
        _("stage"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Steps with the same stage run in parallel; empty: the step's position."),
    )

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="uniq_step_pos")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_stage(self) -> int:
        """Steps without a stage of their own form one on their own, numbered by position."""
        return self.stage or self.position
