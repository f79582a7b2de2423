"""Read-only outbox for operators: what was sent to whom, what failed and why, and a retry
action that goes through the service (so it is audited and delivered after commit)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from egov.core.errors import ApplicationError

from . import services
from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = (
        "created_at",
        "channel",
        "recipient",
        "subject",
        "status",
        "attempts",
        "sent_at",
    )
    list_filter = ("status", "channel")
    search_fields = ("recipient", "subject", "dedupe_key")
    date_hierarchy = "created_at"
    actions = ("retry",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        # Rows are read-only for everyone; the change permission is what allows a retry.
        return request.user.has_perm("notifications.change_notification")

    @admin.action(
        description=_("Retry delivery of the selected notifications"), permissions=["retry"]
    )
    def retry(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        queued = 0
        for notification in queryset:
            try:
                services.notification_retry(notification, actor=request.user)
            except ApplicationError as exc:
                self.message_user(request, f"{notification}: {exc}", messages.WARNING)
            else:
                queued += 1
        if queued:
            message = ngettext(
                "%(n)d notification queued for delivery.",
                "%(n)d notifications queued for delivery.",
                queued,
            ) % {"n": queued}
            self.message_user(request, message, messages.SUCCESS)
