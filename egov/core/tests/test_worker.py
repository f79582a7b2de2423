"""``egov worker`` runs queued tasks from the database queue (the embedded default)."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks import task

from egov.core.models import AuditEvent

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
def record_ping(label: str) -> None:
    from django.db import transaction

    from egov.core.audit import audit_record

    with transaction.atomic():
        audit_record("worker.ping", actor=None, summary=label)


@pytest.mark.django_db(transaction=True)
def test_worker_runs_queued_tasks_then_exits_in_batch_mode():
    with override_settings(TASKS=DB_TASKS):
        result = record_ping.enqueue("hello")
        assert not AuditEvent.objects.filter(action="worker.ping").exists()
        call_command("worker", "--batch")
        result.refresh()
        assert result.status == "SUCCESSFUL"
    assert AuditEvent.objects.filter(action="worker.ping", summary="hello").count() == 1
