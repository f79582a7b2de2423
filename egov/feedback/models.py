"""Reports of citizens (phản ánh, kiến nghị) and their categories (DOMAIN.md §7).

The life of a report is in ``lifecycle.py``; every change goes through ``services``. Field
names follow what Open311 GeoReport v2 needs: ``Category.code`` is the service_code,
``Report.code`` the service_request_id, ``Report.token`` the token of a request whose id is
not known yet, ``lat``/``long`` are ``latitude``/``longitude``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.core.appendonly import AppendOnlyModel, AppendOnlyQuerySet
from egov.core.text import fold
from egov.core.uploads import upload_to
from egov.orgs.models import AdministrativeUnit, Agency

from .attributes import check_definition
from .lifecycle import Resolution, Status


class Category(models.Model):
    """What a report is about: an Open311 service, with its handling time and routing."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True)
    handling_days = models.DecimalField(
        _("handling time (working days)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    location_required = models.BooleanField(_("a location is required"), default=False)
    attributes = models.JSONField(
        _("extra questions"),
        default=list,
        blank=True,
        help_text=_("Open311 attribute definitions: code, datatype, required, description."),
    )
    default_agency = models.ForeignKey(
        Agency,
        verbose_name=_("competent agency by default"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Proposed when no agency is set for the report's commune."),
    )
    # A context of its own: orgs' "position" is a job title, and its catalogue wins.
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"), default=0
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            self.attributes = check_definition(self.attributes or [])
        except ValidationError as error:
            raise ValidationError({"attributes": error}) from None


class Route(models.Model):
    """The agency proposed for a category's reports in one administrative unit."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="routes"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("proposed agency"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["category", "unit"], name="uniq_feedback_route")
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.unit} → {self.agency}"


class Channel(models.TextChoices):
    WEB = "web", _("Web portal")
    HOTLINE = "hotline", _("Hotline (phone)")
    IN_PERSON = "in_person", _("In person")
    WRITTEN = "written", _("In writing")
    API = "api", _("Partner application (Open311)")


class Report(models.Model):
    """One report or proposal, from reception to its answer, with what may be published."""

    code = models.CharField(_("report code"), max_length=20, unique=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="reports"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    attributes = models.JSONField(_("answers to extra questions"), default=dict, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)

    # The reporter. ``reporter`` is the account that follows the report (none: anonymous
    # visitor, a caller); the contact is what the reporter gave, never published.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter's account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_reports",
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    may_publish = models.BooleanField(_("the reporter agrees to publication"), default=False)
    follow_key_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    receiving_agency = models.ForeignKey(
        Agency,
        verbose_name=_("receiving unit"),
        on_delete=models.PROTECT,
        related_name="received_reports",
    )
    suggested_agency = models.ForeignKey(
        Agency,
        verbose_name=_("proposed agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handling_agency = models.ForeignKey(
        Agency,
        verbose_name=_("handling agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_reports",
    )
    reject_reason = models.TextField(_("reason for not accepting"), blank=True)
    transferred_to = models.CharField(_("sent to"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    answer = models.TextField(_("answer"), blank=True)
    resolution = models.CharField(
        _("outcome"), max_length=20, choices=Resolution.choices, blank=True
    )
    resolution_reason = models.TextField(_("reason"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    received_at = models.DateTimeField(_("received"), db_index=True)
    classify_due_at = models.DateTimeField(_("to classify by"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True, db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # What the public sees, once an official has checked it (published_at set).
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    public_title = models.CharField(_("published title"), max_length=200, blank=True)
    public_description = models.TextField(_("published description"), blank=True)
    location_hidden = models.BooleanField(_("location not published"), default=False)

    search_text = models.TextField(editable=False, default="")
    public_search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["receiving_agency", "status"], name="feedback_receiving_idx"),
            models.Index(fields=["handling_agency", "status", "due_at"], name="feedback_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="feedback_point_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.may_publish

    @property
    def shown_title(self) -> str:
        return self.public_title or self.title

    @property
    def shown_description(self) -> str:
        return self.public_description or self.description

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_late(self) -> bool:
        """Answered after, or still handled past, the due moment."""
        from django.utils import timezone

        if self.due_at is None or self.status not in (Status.HANDLING, Status.ANSWERED):
            return False
        end = self.answered_at if self.status == Status.ANSWERED else timezone.now()
        return end is not None and end > self.due_at

    def refresh_search_text(self) -> None:
        unit = self.unit.name if self.unit_id and self.unit is not None else ""
        self.search_text = fold(
            " ".join(
                [self.code, self.title, self.description, self.address, self.contact_name, unit]
            )
        )
        public = [self.code, self.shown_title, self.shown_description, unit]
        if not self.location_hidden:
            public.append(self.address)
        self.public_search_text = fold(" ".join(public))

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))


class ReportCodeSequence(models.Model):
    """The last daily number used (report codes are PA-YYMMDD-XXXX, one series a day)."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day:%y%m%d}: {self.last}"


class Assignment(models.Model):
    """One agency's turn at a report: from its assignment to its answer (or until it was sent
    back or merged). A reopened report gives its agency a new turn. The figures count these."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Answered")
        SENT_BACK = "sent_back", _("Sent back")
        MERGED = "merged", _("Merged")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    reopened = models.BooleanField(_("after reopening"), default=False)
    assigned_at = models.DateTimeField(_("assigned"), db_index=True)
    due_at = models.DateTimeField(_("answer due"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["report", "assigned_at", "id"]
        indexes = [models.Index(fields=["agency", "assigned_at"], name="feedback_assign_idx")]

    def __str__(self) -> str:
        return f"{self.report} → {self.agency}"

    @property
    def on_time(self) -> bool | None:
        if self.outcome != self.Outcome.ANSWERED or self.ended_at is None:
            return None
        return self.ended_at <= self.due_at


class Rating(models.Model):
    """The reporter's judgement of an answer; one per answer, kept when the report reopens."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="ratings")
    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="rating", null=True, blank=True
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    satisfied = models.BooleanField(_("satisfied"))
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated"), db_index=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["report", "rated_at"]

    def __str__(self) -> str:
        return f"{self.report}: {'+' if self.satisfied else '-'}"


class Event(AppendOnlyModel):
    """One line of a report's timeline: what happened, when, by whom, from and to which state.

    ``note`` may hold personal data (a reason, a comment): the public timeline shows only the
    answer's text, which is written to be published.
    """

    edit_refusal = "A report's history cannot be edited."

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), db_index=True)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class ReportFile(models.Model):
    """A photo sent with the report (EXIF stripped) or a document attached to the answer."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        ANSWER = "answer", _("Document of the answer")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=upload_to("feedback"), max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    hidden = models.BooleanField(_("not published"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["report", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
