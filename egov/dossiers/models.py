"""Dossiers (hồ sơ) of the one-stop desk (DOMAIN.md §4).

The lifecycle lives in ``lifecycle.py`` (states, actions, which action is allowed where) and
every change goes through ``services``; these models only hold the data and its invariants.
History rows and the files attached to them are append-only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.catalog.models import Component, ProcedureVersion
from egov.core.appendonly import AppendOnlyModel, AppendOnlyQuerySet
from egov.core.text import fold
from egov.orgs.models import Agency, Department, PostalAddress, Role

from .lifecycle import Status


class Channel(models.IntegerChoices):
    """How the dossier reached the agency; the numbers are the national reporting codes."""

    IN_PERSON = 1, _("In person at the one-stop desk")
    ONLINE = 2, _("Online")
    POSTAL = 3, _("By post")


class Delivery(models.TextChoices):
    """How the applicant wants (or got) the result."""

    DESK = "desk", _("At the one-stop desk")
    ONLINE = "online", _("Online (download)")
    POST = "post", _("By post")


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation or business")


class Dossier(PostalAddress):
    """One application for one procedure, from draft to returned result.

    ``version`` increases on every change: an action carries the version the official saw,
    so two officials acting at once cannot both succeed.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("dossier code"), max_length=40, unique=True, null=True, blank=True)
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # The desk that receives and returns (a commune's desk or the provincial service centre);
    # its identifier starts the dossier code.
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    handling_agency = models.ForeignKey(
        Agency,
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        related_name="handled_dossiers",
    )
    channel = models.PositiveSmallIntegerField(_("channel"), choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # The applicant, as declared; copied, because a profile may change after submission.
    applicant_kind = models.CharField(
        _("applicant type"),
        max_length=20,
        choices=ApplicantKind.choices,
        default=ApplicantKind.INDIVIDUAL,
    )
    applicant_name = models.CharField(_("applicant"), max_length=300, blank=True)
    applicant_id_number = models.CharField(_("ID number or tax code"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    on_behalf = models.BooleanField(_("submitted on someone else's behalf"), default=False)
    submitter_name = models.CharField(_("submitted by"), max_length=200, blank=True)
    submitter_id_number = models.CharField(_("submitter's ID number"), max_length=20, blank=True)
    submitter_phone = models.CharField(_("submitter's phone"), max_length=20, blank=True)
    details = models.JSONField(_("procedure details"), default=dict, blank=True)
    delivery = models.CharField(
        _("result delivery"), max_length=10, choices=Delivery.choices, default=Delivery.DESK
    )
    delivery_address = models.CharField(_("delivery address"), max_length=400, blank=True)
    declaration_accepted = models.BooleanField(_("declaration accepted"), default=False)

    # Money, fixed at reception (issue: online payments adds how it was paid).
    fees_owed = models.PositiveBigIntegerField(_("fees owed (VND)"), default=0)

    # The clock (all aware datetimes; Vietnam time is applied on display).
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True, db_index=True)
    clock_started_at = models.DateTimeField(
        _("processing time counted from"), null=True, blank=True
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("due before extension"), null=True, blank=True)
    paused_at = models.DateTimeField(_("waiting for supplement since"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    finished_at = models.DateTimeField(_("result issued"), null=True, blank=True, db_index=True)
    returned_at = models.DateTimeField(_("result returned"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    returned_by = models.CharField(
        _("result returned"), max_length=10, choices=Delivery.choices, blank=True
    )
    tracking_number = models.CharField(_("postal tracking number"), max_length=50, blank=True)
    # The number the clerk gives the electronic result when issuing it, shown in the agency's
    # signature (Decree 30/2020: an e-document's number and date are those of that signature).
    result_number = models.PositiveIntegerField(_("result number"), null=True, blank=True)
    result_notation = models.CharField(_("result number and notation"), max_length=60, blank=True)

    rating = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)

    national_sync = models.CharField(
        _("national portal sync"), max_length=20, default="pending", blank=True
    )
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="dossier_queue_idx"),
            models.Index(fields=["agency", "received_at"], name="dossier_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="dossier_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"

    @property
    def procedure_name(self) -> str:
        return self.procedure_version.name

    @property
    def is_late(self) -> bool:
        """Finished after, or still open past, the due moment. While the applicant is asked
        for a supplement the clock is stopped, so the moment it stopped is what counts."""
        from django.utils import timezone

        if self.due_at is None:
            return False
        end = self.finished_at or self.paused_at or (None if self.closed_at else timezone.now())
        return end is not None and end > self.due_at

    def refresh_search_text(self) -> None:
        self.search_text = fold(
            " ".join([self.code or "", self.applicant_name, self.procedure_version.name])
        )


class DossierCodeSequence(models.Model):
    """The last daily number used per agency and receipt day (codes are <agency>-YYMMDD-XXXX)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="uniq_code_sequence_day")
        ]

    def __str__(self) -> str:
        return f"{self.day:%y%m%d}: {self.last}"


class ResultNumberSequence(models.Model):
    """The last result number an agency gave in a year (numbers restart every 1 January,
    as Decree 30/2020 numbers outgoing documents)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="uniq_result_number_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Step(models.Model):
    """A step of the dossier's process, copied from the procedure's template at reception.

    Steps with the same ``stage`` run in parallel (inter-agency dossiers); the dossier moves to
    the next stage when every step of the current one is done.
    """

    class State(models.TextChoices):
        WAITING = "waiting", _("Not started")
        ACTIVE = "active", _("In progress")
        DONE = "done", _("Done")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    stage = models.PositiveSmallIntegerField(_("stage"))
    name = models.CharField(_("name"), max_length=300)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="dossier_steps"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("responsible role"), max_length=30, choices=Role.choices)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier_steps",
    )
    days = models.DecimalField(_("allotted working days"), max_digits=4, decimal_places=1)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING, db_index=True
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("processing step")
        verbose_name_plural = _("processing steps")
        ordering = ["dossier", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "position"], name="uniq_dossier_step_pos")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class Consultation(models.Model):
    """A question sent to another unit about the dossier, with its own deadline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="consultations")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="consultations")
    agency = models.ForeignKey(
        Agency, verbose_name=_("consulted agency"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("question"))
    due_at = models.DateTimeField(_("answer due"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return self.question[:80]


class Event(AppendOnlyModel):
    """One line of the dossier's history: who, in which role, when, from and to which state."""

    edit_refusal = "A dossier's history cannot be edited."

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    actor_role = models.CharField(_("role"), max_length=30, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), db_index=True)
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30, blank=True)
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


def _file_path(instance: DossierFile, filename: str) -> str:
    return f"dossiers/{instance.dossier.public_id}/{uuid.uuid4().hex}/{filename}"


class DossierFile(models.Model):
    """A file of the dossier: a component, a supplement, a result, a generated form."""

    class Kind(models.TextChoices):
        COMPONENT = "component", _("Dossier document")
        SUPPLEMENT = "supplement", _("Supplement")
        RESULT = "result", _("Result")
        # What the leader approved (and signed), before the clerk issues it as the result.
        APPROVED_RESULT = "approved_result", _("Approved result, not issued yet")
        FORM = "form", _("Form issued by the agency")
        ATTACHMENT = "attachment", _("Attachment")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    component = models.ForeignKey(
        Component,
        verbose_name=_("dossier component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    form_code = models.CharField(_("form"), max_length=10, blank=True)
    file = models.FileField(_("file"), upload_to=_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    digitised = models.BooleanField(_("scanned at the desk"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )
    removed = models.BooleanField(default=False)
    # Printed on the documents egov issues (forms, results) and registered in
    # egov.signing's register of issued documents once final.
    verification_code = models.CharField(_("verification code"), max_length=12, blank=True)
    # The file's digital signatures as egov.signing.verify read them when it was stored:
    # [{"field", "signer", "organisation", "signed_at", "intact", "trusted"}]. Kept, because
    # the file never changes and reading signatures on every page view is slow.
    signatures = models.JSONField(_("digital signatures"), default=list, blank=True)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["dossier", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class AgencyDay(models.Model):
    """The key of the daily figure tables: a day, the desk that received the dossiers, a
    competent agency and a procedure (none: the agency's total at that desk), with the moment
    the row was rebuilt. Summed over the desks, the rows give the "handled by" figures; taken
    for one desk, its "received at" figures (the service centre receives the departments'
    dossiers)."""

    day = models.DateField(_("day"))
    receiving_agency = models.ForeignKey(
        Agency, verbose_name=_("receiving agency"), on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("competent agency"), on_delete=models.CASCADE, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    refreshed_at = models.DateTimeField(_("refreshed"))

    class Meta:
        abstract = True


class DailyFigure(AgencyDay):
    """What happened on one day to one competent agency's dossiers of one procedure received at
    one desk (received, resolved, refused, stopped, rated), rebuilt from the dossiers by
    ``figures_daily.refresh_daily_figures``: derived data, safe to drop and rebuild.

    A row exists only for a day when something happened, so a period's figures are a sum over
    few rows; the state at a day's end (in process, waiting) is in ``DailyStock``. A row
    without a procedure holds the agency's total at that desk, so a province's view reads one
    row per agency, desk and day.
    """

    received = models.PositiveIntegerField(default=0)
    received_in_person = models.PositiveIntegerField(default=0)
    received_online = models.PositiveIntegerField(default=0)
    received_postal = models.PositiveIntegerField(default=0)
    digitised = models.PositiveIntegerField(default=0)
    resolved_early = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolved_late = models.PositiveIntegerField(default=0)
    processing_days = models.PositiveIntegerField(default=0)
    refused_reception = models.PositiveIntegerField(default=0)
    refused_after_appraisal = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        ordering = ["day", "agency", "procedure"]
        indexes = [
            models.Index(fields=["agency", "day"], name="daily_figure_agency_day"),
            models.Index(fields=["receiving_agency", "day"], name="daily_figure_desk_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "receiving_agency", "agency", "procedure"],
                name="uniq_daily_figure",
            ),
            models.UniqueConstraint(
                fields=["day", "receiving_agency", "agency"],
                condition=Q(procedure__isnull=True),
                name="uniq_daily_figure_total",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.day:%d/%m/%Y} {self.receiving_agency_id}:{self.agency_id}/{self.procedure_id}"
        )


class DailyStock(AgencyDay):
    """The dossiers of one competent agency and procedure received at one desk still open at
    the end of a day (or
    at the last rebuild, for today): in process on time, overdue, waiting for a supplement.
    Rebuilt with ``DailyFigure``; only agencies and procedures with open dossiers have a row,
    and a row without a procedure holds the agency's total.
    """

    in_process_on_time = models.PositiveIntegerField(default=0)
    in_process_overdue = models.PositiveIntegerField(default=0)
    waiting_supplement = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dossiers open at the end of a day")
        verbose_name_plural = _("dossiers open at the end of a day")
        ordering = ["day", "agency", "procedure"]
        indexes = [
            models.Index(fields=["agency", "day"], name="daily_stock_agency_day"),
            models.Index(fields=["receiving_agency", "day"], name="daily_stock_desk_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "receiving_agency", "agency", "procedure"],
                name="uniq_daily_stock",
            ),
            models.UniqueConstraint(
                fields=["day", "receiving_agency", "agency"],
                condition=Q(procedure__isnull=True),
                name="uniq_daily_stock_total",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.day:%d/%m/%Y} {self.receiving_agency_id}:{self.agency_id}/{self.procedure_id}"
        )
