"""``retry_failed`` (and ``egov notifications_retry``) queue again failed messages with
attempts left and pending ones the worker never got; sent ones are left alone."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from egov.notifications.models import Notification
from egov.notifications.services import notify, retry_failed


def recorded(n: int = 0, **changes) -> Notification:
    """A notification whose delivery never ran (its on-commit callback is dropped)."""
    row = notify(
        channel=Notification.Channel.SMS,
        recipient="0987654321",
        subject="",
        body=f"Tin nhắn số {n}",
    )
    if changes:
        Notification.objects.filter(pk=row.pk).update(**changes)
    return row


@pytest.mark.django_db
def test_only_failed_with_attempts_left_and_stale_pending_are_queued(
    django_capture_on_commit_callbacks,
):
    old = timezone.now() - dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=False):
        failed = recorded(1, status="failed", attempts=2, last_error="Timeout")
        exhausted = recorded(2, status="failed", attempts=5, last_error="Timeout")
        stale = recorded(3, created_at=old)
        fresh = recorded(4)
        sent = recorded(5, status="sent", attempts=1, sent_at=old, created_at=old)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert retry_failed(max_attempts=5) == 2
    assert len(callbacks) == 2
    status = dict(Notification.objects.values_list("pk", "status"))
    assert status[failed.pk] == status[stale.pk] == "sent"
    assert status[exhausted.pk] == "failed"
    assert status[fresh.pk] == "pending"
    assert status[sent.pk] == "sent"
    assert Notification.objects.get(pk=sent.pk).attempts == 1


@pytest.mark.django_db
def test_the_limits_are_parameters(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        recorded(1, status="failed", attempts=2)
        recorded(2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert retry_failed(max_attempts=2, pending_after=dt.timedelta(hours=1)) == 0
        assert retry_failed(max_attempts=3, pending_after=dt.timedelta(0)) == 2
    assert len(callbacks) == 2


@pytest.mark.django_db
def test_the_command_queues_and_reports(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        row = recorded(1, status="failed", attempts=1)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True), translation.override("vi"):
        call_command("notifications_retry", "--max-attempts", "3", stdout=out)
    assert out.getvalue() == "Đã đưa 1 thông báo vào hàng đợi gửi.\n"
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT and row.attempts == 2
