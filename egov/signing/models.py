"""Signing certificates with their keys, and the root CAs egov trusts.

A certificate belongs to an agency (its organisation signature), to an official (a personal
signature) or, for egov's own demo CA, to nobody. Its private key is either stored here,
encrypted with ``EGOV_SIGNING_KEY``, or lives on a hardware token (``key_storage``
"pkcs11") named by its token and key labels; the column never holds a readable key.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrustedRoot(models.Model):
    """A root CA configured by an administrator; a signature is trusted if it chains to one."""

    name = models.CharField(_("name"), max_length=300)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    not_after = models.DateTimeField(_("valid until"))
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trusted root certificate")
        verbose_name_plural = _("trusted root certificates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """A certificate with the means to use its private key."""

    class KeyStorage(models.TextChoices):
        DATABASE = "database", _("database (encrypted)")
        PKCS11 = "pkcs11", _("hardware token (PKCS#11)")

    owner_agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owning official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    is_authority = models.BooleanField(
        _("certificate authority"),
        default=False,
        help_text=_("egov's own demo CA, which issues certificates and signs no document."),
    )
    subject = models.CharField(_("subject"), max_length=1000)
    common_name = models.CharField(_("holder name"), max_length=300)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    issuer = models.CharField(_("issuer"), max_length=1000)
    serial_number = models.CharField(_("serial number"), max_length=64)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    chain_pem = models.TextField(
        _("certificate chain (PEM)"), help_text=_("The certificate first, then its issuers.")
    )
    key_storage = models.CharField(
        _("key storage"), max_length=10, choices=KeyStorage.choices, default=KeyStorage.DATABASE
    )
    private_key_encrypted = models.TextField(_("encrypted private key"), blank=True)
    token_label = models.CharField(
        _("token label"),
        max_length=32,
        blank=True,
        help_text=_("PKCS#11 label of the hardware token that holds the key."),
    )
    key_label = models.CharField(
        _("key label"),
        max_length=300,
        blank=True,
        help_text=_("PKCS#11 label of the private key on the token."),
    )
    trusted = models.BooleanField(
        _("trusted"), default=False, help_text=_("Chains to a configured trusted root.")
    )
    revoked = models.BooleanField(_("revoked"), default=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("revocation reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A demo CA belongs to nobody; any other certificate to exactly one owner.
            models.CheckConstraint(
                condition=(
                    Q(is_authority=True, owner_agency__isnull=True, owner_user__isnull=True)
                    | Q(is_authority=False, owner_agency__isnull=False, owner_user__isnull=True)
                    | Q(is_authority=False, owner_agency__isnull=True, owner_user__isnull=False)
                ),
                name="signing_certificate_one_owner",
            ),
            # The key is in exactly one place: the database (encrypted) or a named token.
            models.CheckConstraint(
                condition=(
                    Q(key_storage="database", token_label="", key_label="")
                    & ~Q(private_key_encrypted="")
                )
                | (
                    Q(key_storage="pkcs11", private_key_encrypted="")
                    & ~Q(token_label="")
                    & ~Q(key_label="")
                ),
                name="signing_certificate_has_key",
            ),
            models.CheckConstraint(
                condition=Q(revoked=False) | Q(revoked_at__isnull=False),
                name="signing_certificate_revoked_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.common_name} ({self.serial_number})"

    @property
    def is_personal(self) -> bool:
        return self.owner_user_id is not None

    def is_valid_at(self, moment: dt.datetime | None = None) -> bool:
        """Whether ``moment`` (now by default) lies within the validity period."""
        moment = moment or timezone.now()
        return self.not_before <= moment <= self.not_after


def _document_path(instance: SignedDocument, filename: str) -> str:
    # Under MEDIA_ROOT but never linked or served: the file holds personal data.
    return f"signing/documents/{instance.code}/{uuid.uuid4().hex}.pdf"


class SignedDocument(models.Model):
    """An issued electronic document (a result, a form, a certified copy) that anyone can
    check by its verification code; the code is printed on the document as text and QR."""

    class Kind(models.TextChoices):
        DOSSIER_RESULT = "dossier_result", _("Dossier result")
        ONESTOP_FORM = "onestop_form", _("One-stop form")
        CERTIFIED_COPY = "certified_copy", _("Certified electronic copy")
        RECEIPT = "receipt", _("Receipt")
        OTHER = "other", _("Other document")

    code = models.CharField(
        _("verification code"),
        max_length=12,
        unique=True,
        help_text=_("Crockford base32, stored without dashes."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("issuing agency"),
        on_delete=models.PROTECT,
        related_name="signed_documents",
    )
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("Dossier code, certification book number…"),
    )
    issued_at = models.DateTimeField(_("issued at"))
    sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    size = models.PositiveBigIntegerField(_("size"))
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["agency", "-issued_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9A-HJKMNP-TV-Z]{12}$"),
                name="signing_signeddocument_code_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
