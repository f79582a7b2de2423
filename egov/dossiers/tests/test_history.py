"""The history: one line per action with who, role, when, from and to; lines cannot be edited;
the audit entry is written in the same transaction, and a refused action leaves neither."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from egov.core.errors import ApplicationError
from egov.core.models import AuditEvent
from egov.dossiers import services
from egov.dossiers.lifecycle import Action, Status
from egov.dossiers.models import Dossier, DossierCodeSequence, Event
from egov.dossiers.services import reception

from .conftest import pdf_upload, received, submitted_online
from .helpers import audit_actions, clock_fixture, history, vn

__all__ = ["clock_fixture"]

S = Status


def test_every_action_writes_one_line_with_from_and_to(world, clock):
    dossier = received(world)
    services.assign(
        dossier, actor=world.head, step=dossier.steps.get(position=2), handler=world.specialist
    )
    consultation = services.consult(
        dossier, actor=world.specialist, agency=world.justice, question="?", days=1
    )
    services.answer_consultation(consultation, actor=world.leader_of_justice, answer="Được")
    services.request_supplement(
        dossier, actor=world.specialist, items=[("x", "chưa có trong hồ sơ")]
    )
    services.supplement(dossier, actor=world.citizen, note="Đã bổ sung")
    services.late_notice(dossier, actor=world.leader, reason="Chờ", new_due=vn(2026, 3, 20, 17))
    services.propose_refusal(dossier, actor=world.specialist, reasons=["x"])
    services.reject_refusal(dossier, actor=world.leader, note="Tiếp tục")
    services.forward(dossier, actor=world.specialist)
    services.send_back(dossier, actor=world.head, reason="Xem lại")
    services.forward(dossier, actor=world.specialist)
    services.forward(dossier, actor=world.head)
    services.approve(dossier, actor=world.leader)
    services.issue_result(dossier, actor=world.clerk, result=pdf_upload())
    services.hand_to_desk(dossier, actor=world.clerk)
    services.return_result(dossier, actor=world.desk, method="online")
    services.rate(dossier, actor=world.citizen, rating=5)
    assert history(dossier) == [
        (Action.CREATE, "", S.DRAFT),
        (Action.SUBMIT, S.DRAFT, S.SUBMITTED),
        (Action.ACCEPT, S.SUBMITTED, S.IN_PROGRESS),
        (Action.ASSIGN, S.IN_PROGRESS, S.IN_PROGRESS),
        (Action.CONSULT, S.IN_PROGRESS, S.IN_PROGRESS),
        (Action.ANSWER_CONSULTATION, S.IN_PROGRESS, S.IN_PROGRESS),
        (Action.REQUEST_SUPPLEMENT, S.IN_PROGRESS, S.WAITING_SUPPLEMENT),
        (Action.SUPPLEMENT, S.WAITING_SUPPLEMENT, S.IN_PROGRESS),
        (Action.LATE_NOTICE, S.IN_PROGRESS, S.IN_PROGRESS),
        (Action.PROPOSE_REFUSAL, S.IN_PROGRESS, S.REFUSAL_PROPOSED),
        (Action.REJECT_REFUSAL, S.REFUSAL_PROPOSED, S.IN_PROGRESS),
        (Action.FORWARD, S.IN_PROGRESS, S.IN_PROGRESS),
        (Action.SEND_BACK, S.IN_PROGRESS, S.IN_PROGRESS),
        (Action.FORWARD, S.IN_PROGRESS, S.IN_PROGRESS),
        (Action.FORWARD, S.IN_PROGRESS, S.IN_PROGRESS),
        (Action.APPROVE, S.IN_PROGRESS, S.APPROVED),
        (Action.ISSUE_RESULT, S.APPROVED, S.RESULT_ISSUED),
        (Action.HAND_TO_DESK, S.RESULT_ISSUED, S.READY),
        (Action.RETURN_RESULT, S.READY, S.RETURNED),
        (Action.RATE, S.RETURNED, S.RETURNED),
    ]
    # One audit entry per line, pointing at it.
    events = list(dossier.events.order_by("id"))
    audits = list(
        AuditEvent.objects.filter(object_type="dossiers.dossier", object_id=str(dossier.pk))
        .order_by("id")
        .values_list("action", "data")
    )
    assert [a for a, _ in audits] == [f"dossier.{e.action}" for e in events]
    assert [d["event"] for _, d in audits] == [e.pk for e in events]
    # Who, in which role, when.
    assert all(e.at == vn(2026, 3, 2) for e in events)
    roles = {e.action: (e.actor_name, e.actor_role) for e in events}
    assert roles[Action.ASSIGN] == ("Đỗ Thị Bốn", "department_head")
    assert roles[Action.SUBMIT] == (world.citizen.get_full_name() or "congdan1", "")


@pytest.fixture(autouse=True)
def leader_of_justice(world, make_official):
    world.leader_of_justice = make_official(agency=world.justice, roles=["agency_leader"])


def test_history_lines_cannot_be_edited_or_deleted(world, clock):
    dossier = received(world)
    event = dossier.events.first()
    event.note = "sửa lại"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        Event.objects.filter(dossier=dossier).update(note="x")
    with pytest.raises(TypeError):
        Event.objects.filter(dossier=dossier).delete()
    # (bulk_update and delete run in an atomic block of their own: keep the test's usable)
    with pytest.raises(TypeError), transaction.atomic():
        Event.objects.bulk_update([event], ["note"])
    with pytest.raises(ProtectedError), transaction.atomic():
        Dossier.objects.get(pk=dossier.pk).delete()
    assert not Event.objects.filter(note="sửa lại").exists()
    assert Event.objects.filter(dossier=dossier).count() == 3


def test_audit_entry_and_line_roll_back_with_the_change(world, clock, monkeypatch):
    """Something failing after the history is written (here: the receipt) undoes the line,
    the audit entry, the code and the daily number together."""
    dossier = submitted_online(world)
    before = (history(dossier), audit_actions(dossier))

    def broken_receipt(*args, **kwargs):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(reception.paperwork, "issue", broken_receipt)
    with pytest.raises(RuntimeError):
        services.accept(dossier, actor=world.desk)
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED and dossier.code is None
    assert (history(dossier), audit_actions(dossier)) == before
    assert not dossier.steps.exists()
    assert not DossierCodeSequence.objects.filter(last__gt=0).exists()


def test_a_refused_action_leaves_no_line_and_no_audit_entry(world, clock):
    dossier = received(world)
    events, audits = Event.objects.count(), AuditEvent.objects.count()
    for call in (
        lambda: services.forward(dossier, actor=world.desk_b),  # wrong agency
        lambda: services.approve(dossier, actor=world.leader),  # not at the decision step
        lambda: services.return_result(dossier, actor=world.desk, method="desk"),  # wrong state
        lambda: services.rate(dossier, actor=world.citizen, rating=5),
    ):
        with pytest.raises(ApplicationError):
            call()
    assert (Event.objects.count(), AuditEvent.objects.count()) == (events, audits)
