import pytest
from django.db import transaction

from egov.core.audit import audit_record
from egov.core.models import AuditEvent
from egov.orgs.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_audit_record_writes_actor_target_and_data():
    user = UserFactory()
    agency = AgencyFactory()
    with transaction.atomic():
        event = audit_record(
            "agency.renamed", actor=user, target=agency, summary="x", data={"old": "A"}
        )
    event.refresh_from_db()
    assert event.actor == user
    assert event.object_type == "orgs.agency"
    assert event.object_id == str(agency.pk)
    assert event.data == {"old": "A"}


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        audit_record("something", actor=None)


def test_audit_trail_cannot_be_edited_or_deleted():
    with transaction.atomic():
        event = audit_record("x", actor=None)
    event.summary = "changed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="changed")
    assert AuditEvent.objects.get(pk=event.pk).summary == ""
