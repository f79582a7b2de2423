"""The notification outbox: one row per message to a citizen, written in the change's
transaction and delivered by the worker after commit, so nothing is sent for a change that
was rolled back and every message (and its failure) can be seen and retried."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Notification(models.Model):
    """A message to one recipient, with its delivery state."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        # A context, because other apps' "Pending" or "Failed" mean other things.
        PENDING = "pending", pgettext_lazy("notification status", "Pending")
        SENT = "sent", pgettext_lazy("notification status", "Sent")
        FAILED = "failed", pgettext_lazy("notification status", "Failed")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(
        _("recipient"), max_length=254, help_text=_("Email address or mobile phone number.")
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("body"), help_text=_("Plain text; the whole message for an SMS."))
    html = models.TextField(_("HTML body"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # NULL, not "", when absent: a unique column allows many NULLs but only one "".
    dedupe_key = models.CharField(
        _("deduplication key"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Names the event that caused the message, so it is never sent twice."),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=["email", "sms"]), name="notification_channel_known"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject or self.body[:40]}"
