"""Certified electronic copies from originals (Decree 23/2015/NĐ-CP as amended; Decree
45/2020/NĐ-CP for the electronic form) and the certification book.

A ``CopyRequest`` holds the scan a citizen uploaded (or the desk scanned) until a certifying
official has compared it with the original; certifying it writes one ``BookEntry`` in the
agency's ``CertificationBook`` of the year and issues the signed copy as a
``signing.SignedDocument``. Every change goes through ``services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.text import fold
from egov.orgs.models import Agency

BOOK_SYMBOL = "SCT/BS"  # the book of copies certified from originals (Decree 23/2015 Art. 13)


class CertifyingAgency(models.Model):
    """An agency other than a commune People's Committee that certifies copies from
    originals (a justice office, where an installation keeps one). Commune People's
    Committees certify without a row here."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    is_active = models.BooleanField(_("certifies copies"), default=True)

    class Meta:
        verbose_name = _("certifying agency")
        verbose_name_plural = _("certifying agencies")

    def __str__(self) -> str:
        return self.agency.name


def _scan_path(instance: CopyRequest, filename: str) -> str:
    # Under MEDIA_ROOT but never linked or served directly: a scan holds personal data.
    return f"certification/scans/{uuid.uuid4().hex}.pdf"


class CopyRequest(models.Model):
    """A request to certify a scan as a true copy of an original the requester presents."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the original to be compared")
        CERTIFIED = "certified", _("Certified")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Uploaded online")
        COUNTER = "counter", _("Scanned at the counter")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name=_("certifying agency"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester's account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certified_copy_requests",
    )
    requester_name = models.CharField(_("requester's name"), max_length=200)
    requester_email = models.EmailField(_("requester's email"), blank=True)
    requester_phone = models.CharField(_("requester's phone"), max_length=20, blank=True)
    document_name = models.CharField(_("document"), max_length=300)
    scan = models.FileField(_("scan"), upload_to=_scan_path, max_length=300)
    scan_name = models.CharField(_("scan file name"), max_length=200)
    scan_sha256 = models.CharField(_("scan SHA-256"), max_length=64)
    scan_size = models.PositiveBigIntegerField(_("scan size"))
    scan_dpi = models.PositiveIntegerField(_("lowest resolution (dpi)"))
    pages = models.PositiveIntegerField(_("pages"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_reasons = models.JSONField(_("refusal reasons"), default=list, blank=True)
    refusal_note = models.TextField(_("refusal explanation"), blank=True)
    fee = models.PositiveIntegerField(_("fee (đồng)"), null=True, blank=True)
    document = models.OneToOneField(
        "signing.SignedDocument",
        verbose_name=_("certified copy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("certification request")
        verbose_name_plural = _("certification requests")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "submitted_at"]),
            models.Index(fields=["requester", "-submitted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="certified")
                | Q(document__isnull=False, fee__isnull=False, decided_at__isnull=False),
                name="certification_certified_has_copy",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="certification_decided_has_time",
            ),
            models.CheckConstraint(condition=Q(pages__gte=1), name="certification_pages_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.document_name} ({self.requester_name})"

    def refresh_search_text(self) -> None:
        self.search_text = fold(f"{self.requester_name} {self.document_name}")

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class CertificationBook(models.Model):
    """The book of copies certified from originals of one agency for one year; its
    ``last_number`` is the counter every certification increments under a row lock."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    volume = models.PositiveSmallIntegerField(_("volume"), default=1)
    last_number = models.PositiveIntegerField(_("last number used"), default=0)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certification book")
        verbose_name_plural = _("certification books")
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="uniq_certification_book")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.label}"

    @property
    def label(self) -> str:
        """ "01/2026-SCT/BS", as "Quyển số" prints it."""
        return f"{self.volume:02d}/{self.year}-{BOOK_SYMBOL}"


class BookEntry(models.Model):
    """One line of the book; names are copied as they were on the day (never rewritten)."""

    book = models.ForeignKey(
        CertificationBook,
        verbose_name=_("book"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    number = models.PositiveIntegerField(_("certification number"))
    request = models.OneToOneField(
        CopyRequest,
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="book_entry",
    )
    certified_at = models.DateTimeField(_("certified at"))
    requester_name = models.CharField(_("requester's name"), max_length=200)
    document_name = models.CharField(_("document"), max_length=300)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    pages = models.PositiveIntegerField(_("pages"))
    fee = models.PositiveIntegerField(_("fee (đồng)"))
    certifier_name = models.CharField(_("certified by"), max_length=200)
    certifier_title = models.CharField(_("certifier's title"), max_length=200, blank=True)
    verification_code = models.CharField(_("verification code"), max_length=12, unique=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("certification book entry")
        verbose_name_plural = _("certification book entries")
        ordering = ["book", "number"]
        constraints = [
            models.UniqueConstraint(fields=["book", "number"], name="uniq_book_entry_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="book_entry_number_positive"),
        ]

    def __str__(self) -> str:
        return self.certification_number

    @property
    def certification_number(self) -> str:
        """ "Số chứng thực: 12, Quyển số 01/2026-SCT/BS" as printed on the statement."""
        return f"Số chứng thực: {self.number}, Quyển số {self.book.label}"

    def refresh_search_text(self) -> None:
        self.search_text = fold(f"{self.requester_name} {self.document_name}")
