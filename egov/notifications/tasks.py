"""Background delivery: the worker (``egov worker``) runs it from the queue after commit."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def deliver_notification(notification_id: int) -> str:
    """Send one outbox message; a second run finds it sent and does nothing. Returns the
    resulting status, which the database queue keeps with the task's result."""
    return services.deliver(notification_id).status
