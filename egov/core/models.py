"""The audit trail: one append-only row per state change, written in the same transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .appendonly import AppendOnlyModel


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit trail cannot be edited.")


class AuditEvent(AppendOnlyModel):
    """Who did what to which object, when. Rows are never updated or deleted by the app."""

    edit_refusal = "The audit trail cannot be edited."

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        target = f"{self.object_type}#{self.object_id}"
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {target}"


class FailureWindow(models.Model):
    """One client's failures in one scope during a fixed window (``egov.core.failures``).

    The client is kept only as a hash; the moment is Unix seconds, the same on every
    database, so the counter's SQL needs no time-zone handling.
    """

    client_hash = models.CharField(_("client"), max_length=64, primary_key=True)
    failures = models.PositiveIntegerField(_("failures"))
    ends_at = models.BigIntegerField(_("window ends (Unix time)"), db_index=True)

    class Meta:
        verbose_name = _("failure window")
        verbose_name_plural = _("failure windows")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.client_hash[:12]}… ×{self.failures}"
