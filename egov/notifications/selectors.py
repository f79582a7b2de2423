"""Queries over the notification outbox."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .models import Notification


def notifications_to_retry(
    *, max_attempts: int, pending_before: dt.datetime
) -> QuerySet[Notification]:
    """Failed messages with attempts left, and pending ones older than ``pending_before``:
    their enqueue was lost (the process died between commit and enqueue, the queue was down)
    or the worker is far behind; delivering twice is harmless, so both are queued again."""
    failed = Q(status=Notification.Status.FAILED, attempts__lt=max_attempts)
    stale = Q(status=Notification.Status.PENDING, created_at__lt=pending_before)
    return Notification.objects.filter(failed | stale).order_by("created_at", "id")
