"""The admin shows the outbox read-only; its retry action goes through the service."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from egov.core.models import AuditEvent
from egov.notifications.models import Notification
from egov.notifications.services import notify

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_notification_changelist"


def recorded(body: str, **changes) -> Notification:
    row = notify(channel=Notification.Channel.SMS, recipient="0912345678", subject="", body=body)
    Notification.objects.filter(pk=row.pk).update(**changes)
    row.refresh_from_db()
    return row


@pytest.fixture
def rows(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        failed = recorded("Tin lỗi", status="failed", attempts=5, last_error="Timeout")
        sent = recorded("Tin đã gửi", status="sent", attempts=1, sent_at=failed.created_at)
    return failed, sent


def test_the_list_filters_by_status_and_channel(admin_client, rows):
    response = admin_client.get(reverse(CHANGELIST), {"status__exact": "failed", "channel": "sms"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [rows[0]]


def test_notifications_cannot_be_added_edited_or_deleted(admin_client, rows):
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403
    change = reverse("admin:notifications_notification_change", args=[rows[0].pk])
    response = admin_client.get(change)
    assert response.status_code == 200 and not response.context["has_change_permission"]
    assert admin_client.post(change, {"status": "sent"}).status_code == 403
    delete = reverse("admin:notifications_notification_delete", args=[rows[0].pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Notification.objects.get(pk=rows[0].pk).status == "failed"


def test_retry_delivers_again_and_is_audited(
    admin_client, rows, django_capture_on_commit_callbacks
):
    failed, sent = rows
    data = {"action": "retry", "_selected_action": [failed.pk, sent.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse(CHANGELIST), data, follow=True)
    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 6
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 2  # one refusal for the sent row, one count
    event = AuditEvent.objects.get(action="notifications.retry_requested")
    assert event.object_id == str(failed.pk) and event.actor.is_superuser
    sent.refresh_from_db()
    assert sent.attempts == 1


def test_a_viewer_may_not_retry(client, django_user_model, rows):
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_notification"))
    client.force_login(viewer)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert response.context["action_form"] is None  # no action offered
    posted = client.post(reverse(CHANGELIST), {"action": "retry", "_selected_action": [rows[0].pk]})
    assert posted.status_code == 200  # the list again, the unknown action ignored
    assert Notification.objects.get(pk=rows[0].pk).attempts == 5
    assert not AuditEvent.objects.filter(action="notifications.retry_requested").exists()
