"""``deliver`` sends a message once, records failures instead of raising, and a later retry
succeeds; the database queue and ``egov worker`` deliver in production."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from egov.core.errors import NotFound
from egov.notifications.models import Notification
from egov.notifications.services import deliver, notify, retry_failed
from egov.notifications.tasks import deliver_notification

SUBJECT = "Yêu cầu bổ sung hồ sơ"
BODY = "Hồ sơ của bà Trần Thị Hằng cần bổ sung bản sao Giấy khai sinh.\n"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def email(**extra):
    return notify(
        channel=Notification.Channel.EMAIL,
        recipient="hang@example.vn",
        subject=SUBJECT,
        body=BODY,
        **extra,
    )


@pytest.mark.django_db
def test_delivering_twice_sends_once(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = email()
    assert len(smtp_server.wait_for(1)) == 1
    again = deliver(row.pk)
    result = deliver_notification.enqueue(row.pk)
    assert result.status == "SUCCESSFUL" and result.return_value == "sent"
    assert again.status == Notification.Status.SENT and again.attempts == 1
    row.refresh_from_db()
    assert row.attempts == 1
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_a_stopped_mail_server_is_recorded_then_the_retry_succeeds(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        row = email()  # the caller sees no error: the failure is the worker's business
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert row.attempts == 1 and row.sent_at is None
    assert row.last_error.startswith("ConnectionRefusedError")

    smtp_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed() == 1
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert row.attempts == 2 and row.last_error == "" and row.sent_at is not None
    [mail] = smtp_server.wait_for(1)
    assert mail.get_content() == BODY


@pytest.mark.django_db
def test_a_refused_recipient_is_recorded_as_failed(
    smtp_server, django_capture_on_commit_callbacks, monkeypatch
):
    async def refuse(server, session, envelope, address, rcpt_options):
        return "550 5.1.1 Mailbox unavailable"

    monkeypatch.setattr(smtp_server, "handle_RCPT", refuse, raising=False)
    with django_capture_on_commit_callbacks(execute=True):
        row = email()
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert "SMTPRecipientsRefused" in row.last_error and "Mailbox unavailable" in row.last_error
    assert smtp_server.messages == []


def test_a_missing_notification_is_not_found(db):
    with pytest.raises(NotFound):
        deliver(987654)


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_from_the_database_queue(smtp_server):
    with override_settings(TASKS=DB_TASKS):
        row = email()
        assert DBTaskResult.objects.filter(args_kwargs__args=[row.pk]).count() == 1
        row.refresh_from_db()
        assert row.status == Notification.Status.PENDING and smtp_server.messages == []
        call_command("worker", "--batch")
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    [mail] = smtp_server.wait_for(1)
    assert mail["Subject"].strip() == SUBJECT
