"""The desk scanning documents into a dossier it is checking, or taking one out, is an action
like any other: one history line (who, role, when, from and to, which file) and one audit
entry, in the same transaction; a refused one leaves neither. A citizen's draft is their own
work in progress and leaves no line."""

from __future__ import annotations

import pytest

from egov.core.errors import PermissionRefused
from egov.core.models import AuditEvent
from egov.dossiers import services
from egov.dossiers.lifecycle import Action, Status
from egov.dossiers.models import DossierFile

from .conftest import applicant, pdf_upload, submitted_online
from .helpers import audit_actions, clock_fixture, fresh, history, last_event, refused, vn

__all__ = ["clock_fixture"]


@pytest.fixture
def paper(world, clock):
    return services.desk_register(
        actor=world.desk,
        version=world.version,
        handling_agency=world.commune_a,
        applicant=applicant(),
    )


def test_scanning_a_document_writes_a_history_line_and_an_audit_entry(world, paper, clock):
    component = world.version.components.get(position=2)
    version = fresh(paper).version
    clock.set(vn(2026, 3, 2, 9, 30))
    stored = services.component_upload(
        paper,
        pdf_upload("chung-sinh.pdf"),
        actor=world.desk,
        component=component,
        digitised=True,
    )
    assert fresh(paper).version == version + 1
    assert history(paper)[-1] == (Action.ADD_DOCUMENT, Status.SUBMITTED, Status.SUBMITTED)
    event = last_event(paper)
    assert (event.actor, event.actor_role, event.agency) == (
        world.desk,
        "desk_officer",
        world.commune_a,
    )
    assert event.at == vn(2026, 3, 2, 9, 30)
    assert event.note == "Giấy chứng sinh: chung-sinh.pdf"
    assert event.data == {
        "file": stored.pk,
        "name": "chung-sinh.pdf",
        "component": component.pk,
        "digitised": True,
    }
    assert list(event.files.all()) == [stored], "the file hangs on its history line"
    assert audit_actions(paper)[-1] == "dossier.add_document"
    audit = AuditEvent.objects.filter(action="dossier.add_document").get()
    assert audit.data["event"] == event.pk and audit.actor == world.desk


def test_taking_a_document_out_writes_a_history_line_and_an_audit_entry(world, paper, clock):
    stored = services.component_upload(paper, pdf_upload(), actor=world.desk, component=None)
    lines = len(history(paper))
    services.file_remove(stored, actor=world.desk)
    assert len(history(paper)) == lines + 1
    assert history(paper)[-1] == (Action.REMOVE_DOCUMENT, Status.SUBMITTED, Status.SUBMITTED)
    event = last_event(paper)
    assert event.actor_role == "desk_officer" and event.data["file"] == stored.pk
    assert event.note == "giay-chung-sinh.pdf"
    assert audit_actions(paper)[-2:] == ["dossier.add_document", "dossier.remove_document"]
    assert DossierFile.objects.get(pk=stored.pk).removed


def test_the_desk_scanning_into_an_online_dossier_is_recorded_too(world, clock):
    dossier = submitted_online(world)
    services.component_upload(dossier, pdf_upload(), actor=world.desk, component=None)
    assert history(dossier)[-1] == (Action.ADD_DOCUMENT, Status.SUBMITTED, Status.SUBMITTED)
    assert last_event(dossier).actor == world.desk


def test_a_refused_scan_or_removal_leaves_no_line(world, paper):
    stored = services.component_upload(paper, pdf_upload(), actor=world.desk, component=None)
    refused(
        PermissionRefused,
        lambda: services.component_upload(paper, pdf_upload(), actor=world.desk_b, component=None),
        paper,
    )
    refused(PermissionRefused, lambda: services.file_remove(stored, actor=world.desk_b), paper)


def test_a_citizens_draft_documents_leave_no_history_line(world, clock):
    draft = services.draft_create(
        owner=world.citizen,
        version=world.version,
        handling_agency=world.commune_a,
        applicant=applicant(),
    )
    stored = services.component_upload(draft, pdf_upload(), actor=world.citizen, component=None)
    services.file_remove(stored, actor=world.citizen)
    assert history(draft) == [(Action.CREATE, "", Status.DRAFT)]
