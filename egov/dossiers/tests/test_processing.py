"""Processing a received dossier: assign, forward, send back, consult and answer, the
supplement request and its clock, refusal proposed and decided, approval."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.dossiers import services
from egov.dossiers.lifecycle import Action, ActionNotAllowed, Status
from egov.dossiers.models import Consultation, Step

from .conftest import pdf_upload, received
from .helpers import clock_fixture, fresh, history, last_event, refused, vn

__all__ = ["clock_fixture"]


def step(dossier, position):
    return dossier.steps.get(position=position)


def active_positions(dossier):
    return list(
        dossier.steps.filter(state=Step.State.ACTIVE)
        .order_by("position")
        .values_list("position", flat=True)
    )


@pytest.fixture
def dossier(world, clock):
    """Received Monday 02/03/2026 09:00 (due Wednesday 04/03 09:00), at the specialist."""
    return received(world)


# --- assign ----------------------------------------------------------------------------------


def test_department_head_assigns_a_step_of_the_department(world, dossier):
    before = fresh(dossier).version
    services.assign(dossier, actor=world.head, step=step(dossier, 2), handler=world.specialist)
    assert step(dossier, 2).handler == world.specialist
    event = last_event(dossier)
    assert (event.action, event.from_status, event.to_status) == (
        Action.ASSIGN,
        Status.IN_PROGRESS,
        Status.IN_PROGRESS,
    )
    assert (event.actor, event.actor_role) == (world.head, "department_head")
    assert event.data["handler"] == world.specialist.pk
    assert fresh(dossier).version == before + 1


def test_leader_assigns_any_step_of_the_agency(world, dossier):
    services.assign(dossier, actor=world.leader, step=step(dossier, 4).pk, handler=world.leader)
    assert step(dossier, 4).handler == world.leader
    assert last_event(dossier).actor_role == "agency_leader"


def test_assign_refusals(world, dossier, make_official):
    # Not a head or leader; a head outside the step's department; another commune.
    for outsider in (world.specialist, world.desk, world.desk_b, world.citizen):
        refused(
            PermissionRefused,
            lambda o=outsider: services.assign(
                dossier, actor=o, step=step(dossier, 2), handler=world.specialist
            ),
            dossier,
        )
    refused(
        PermissionRefused,
        lambda: services.assign(
            dossier, actor=world.head, step=step(dossier, 4), handler=world.leader
        ),
        dossier,
    )
    cases = [
        (step(dossier, 2), world.desk, "handler_not_eligible"),
        (step(dossier, 1), world.desk, "step_done"),
    ]
    for target, handler, code in cases:
        error = refused(
            ValidationFailed,
            lambda t=target, h=handler: services.assign(
                dossier, actor=world.leader, step=t, handler=h
            ),
            dossier,
        )
        assert error.code == code
    other = received(world)
    error = refused(
        ValidationFailed,
        lambda: services.assign(
            dossier, actor=world.leader, step=step(other, 2), handler=world.specialist
        ),
        dossier,
    )
    assert error.code == "wrong_step"


# --- forward -----------------------------------------------------------------------------


def test_forward_moves_step_by_step_until_the_decision(world, dossier, clock):
    clock.advance(hours=2)
    services.forward(dossier, actor=world.specialist, note="Hồ sơ hợp lệ")
    done = step(dossier, 2)
    assert done.state == Step.State.DONE and done.handler == world.specialist
    assert done.finished_at == vn(2026, 3, 2, 11)
    nxt = step(dossier, 3)
    assert nxt.state == Step.State.ACTIVE
    # Half a day (3 h 45 of office time): 30 min before lunch, then 13:30 → 16:45.
    assert (nxt.started_at, nxt.due_at) == (vn(2026, 3, 2, 11), vn(2026, 3, 2, 16, 45))
    event = last_event(dossier)
    assert (event.action, event.step, event.note) == (Action.FORWARD, done, "Hồ sơ hợp lệ")
    assert event.data == {"to_steps": [nxt.pk]}
    services.forward(dossier, actor=world.head)
    assert active_positions(dossier) == [4]
    error = refused(
        ValidationFailed, lambda: services.forward(dossier, actor=world.leader), dossier
    )
    assert error.code == "decision_step"


def test_only_the_steps_actor_forwards(world, dossier):
    for outsider in (world.desk, world.clerk, world.head, world.desk_b, world.citizen):
        error = refused(
            PermissionRefused, lambda o=outsider: services.forward(dossier, actor=o), dossier
        )
        assert error.code == "not_step_actor"
    services.assign(dossier, actor=world.head, step=step(dossier, 2), handler=world.specialist)
    # Once assigned, another specialist of the same office may no longer act on it …
    error = refused(
        PermissionRefused, lambda: services.forward(dossier, actor=world.specialist2), dossier
    )
    assert error.code == "not_step_actor"
    assert world.specialist.get_full_name() in str(error)
    # … but the agency's leader may.
    services.forward(dossier, actor=world.leader)
    assert last_event(dossier).actor_role == "agency_leader"


def test_forward_names_a_step_in_progress(world, dossier):
    error = refused(
        ValidationFailed,
        lambda: services.forward(dossier, actor=world.specialist, step=step(dossier, 3)),
        dossier,
    )
    assert error.code == "step_not_active"


# --- send back ---------------------------------------------------------------------------


def test_send_back_restarts_the_previous_step_with_a_reason(world, dossier, clock):
    services.forward(dossier, actor=world.specialist)
    clock.advance(hours=1)
    services.send_back(dossier, actor=world.head, reason="Thiếu xác minh nơi cư trú")
    assert active_positions(dossier) == [2]
    again = step(dossier, 2)
    assert again.started_at == vn(2026, 3, 2, 10)
    assert again.due_at == vn(2026, 3, 3, 10)
    assert step(dossier, 3).state == Step.State.WAITING and step(dossier, 3).started_at is None
    event = last_event(dossier)
    assert (event.action, event.note, event.step) == (
        Action.SEND_BACK,
        "Thiếu xác minh nơi cư trú",
        step(dossier, 3),
    )
    assert fresh(dossier).status == Status.IN_PROGRESS


def test_send_back_refusals(world, dossier):
    error = refused(
        ValidationFailed,
        lambda: services.send_back(dossier, actor=world.specialist, reason="x"),
        dossier,
    )
    assert error.code == "no_previous"  # the desk's reception is not sent back to
    services.forward(dossier, actor=world.specialist)
    error = refused(
        ValidationFailed,
        lambda: services.send_back(dossier, actor=world.head, reason="  "),
        dossier,
    )
    assert error.code == "text_required"
    refused(
        PermissionRefused,
        lambda: services.send_back(dossier, actor=world.specialist, reason="x"),
        dossier,
    )


# --- consult and answer ------------------------------------------------------------------


@pytest.fixture
def justice_official(world, make_official):
    return make_official(agency=world.justice, roles=["specialist"], full_name="Trịnh Văn Tư")


def test_consult_then_the_consulted_agency_answers_once(world, dossier, clock, justice_official):
    consultation = services.consult(
        dossier,
        actor=world.specialist,
        agency=world.justice,
        question="Xin ý kiến về quốc tịch",
        days=2,
    )
    assert consultation.due_at == vn(2026, 3, 4)
    assert consultation.requested_by == world.specialist
    assert last_event(dossier).data == {
        "consultation": consultation.pk,
        "agency": world.justice.code,
    }
    for outsider in (world.leader, world.specialist, world.desk_b):
        refused(
            PermissionRefused,
            lambda o=outsider: services.answer_consultation(consultation, actor=o, answer="x"),
            dossier,
        )
    clock.advance(days=1)
    services.answer_consultation(consultation, actor=justice_official, answer="Đủ điều kiện")
    consultation.refresh_from_db()
    assert consultation.answer == "Đủ điều kiện"
    assert consultation.answered_at == vn(2026, 3, 3)
    event = last_event(dossier)
    assert (event.action, event.agency, event.actor) == (
        Action.ANSWER_CONSULTATION,
        world.justice,
        justice_official,
    )
    error = refused(
        ValidationFailed,
        lambda: services.answer_consultation(consultation, actor=justice_official, answer="y"),
        dossier,
    )
    assert error.code == "already_answered"
    # Someone outside the consulted agency learns nothing about the answer: refused first.
    refused(
        PermissionRefused,
        lambda: services.answer_consultation(consultation, actor=world.leader, answer="y"),
        dossier,
    )


def test_consult_refusals(world, dossier):
    def consult(**changes):
        values = {"actor": world.specialist, "agency": world.justice, "question": "?", "days": 1}
        values.update(changes)
        return lambda: services.consult(dossier, **values)

    assert refused(ValidationFailed, consult(agency=world.commune_a), dossier).code == (
        "consult_self"
    )
    refused(ValidationFailed, consult(days=0), dossier)
    assert refused(ValidationFailed, consult(question=" "), dossier).code == "text_required"
    refused(PermissionRefused, consult(actor=world.desk_b), dossier)
    refused(PermissionRefused, consult(actor=world.clerk), dossier)
    assert not Consultation.objects.exists()


def test_answer_refused_once_the_dossier_is_decided(world, dossier, justice_official):
    consultation = services.consult(
        dossier, actor=world.specialist, agency=world.justice, question="?", days=1
    )
    services.forward(dossier, actor=world.specialist)
    services.forward(dossier, actor=world.head)
    services.approve(dossier, actor=world.leader)
    refused(
        ActionNotAllowed,
        lambda: services.answer_consultation(consultation, actor=justice_official, answer="x"),
        dossier,
    )


# --- supplement request: within 3 working days of receipt, once; the clock stops ----------


def test_supplement_stops_the_clock_and_restarts_it_from_zero(world, dossier, clock):
    clock.set(vn(2026, 3, 3, 10))
    services.request_supplement(
        dossier,
        actor=world.specialist,
        items=[("Bản sao giấy đăng ký kết hôn", "chưa có trong hồ sơ")],
        note="Thiếu",
    )
    dossier = fresh(dossier)
    assert dossier.status == Status.WAITING_SUPPLEMENT
    assert dossier.paused_at == vn(2026, 3, 3, 10)
    assert history(dossier)[-1] == (
        Action.REQUEST_SUPPLEMENT,
        Status.IN_PROGRESS,
        Status.WAITING_SUPPLEMENT,
    )
    assert last_event(dossier).data == {
        "items": ["Bản sao giấy đăng ký kết hôn"],
        "item_reasons": ["chưa có trong hồ sơ"],
    }
    # While the applicant is asked, nobody processes.
    refused(ActionNotAllowed, lambda: services.forward(dossier, actor=world.specialist), dossier)

    clock.set(vn(2026, 3, 9, 14))  # the next Monday, after the old due date
    services.supplement(dossier, actor=world.citizen, uploads=[pdf_upload("dang-ky.pdf")])
    dossier = fresh(dossier)
    assert dossier.status == Status.IN_PROGRESS
    assert dossier.paused_at is None
    assert dossier.clock_started_at == vn(2026, 3, 9, 14)
    assert dossier.due_at == vn(2026, 3, 11, 14)  # the full 2 working days again
    current = step(dossier, 2)
    assert (current.started_at, current.due_at) == (vn(2026, 3, 9, 14), vn(2026, 3, 10, 14))
    assert dossier.files.get(kind="supplement").event == last_event(dossier)


def test_supplement_over_tet_restarts_after_the_holiday(world, clock):
    clock.set(vn(2026, 2, 10, 9))
    dossier = received(world)
    clock.set(vn(2026, 2, 11, 9))
    services.request_supplement(
        dossier, actor=world.specialist, items=[("Tờ khai ký lại", "chưa có trong hồ sơ")]
    )
    clock.set(vn(2026, 2, 13, 16))  # Friday before Tết, after 15:00
    services.supplement(dossier, actor=world.desk, note="Công dân nộp bản giấy")
    dossier = fresh(dossier)
    assert dossier.due_at == vn(2026, 2, 24, 17)
    assert last_event(dossier).actor_role == "desk_officer"


def test_supplement_window_is_three_working_days_from_receipt(world, dossier, clock):
    clock.set(vn(2026, 3, 5, 9, 1))  # Thursday 09:01: three working days have run
    error = refused(
        ValidationFailed,
        lambda: services.request_supplement(
            dossier, actor=world.specialist, items=[("x", "chưa có trong hồ sơ")]
        ),
        dossier,
    )
    assert error.code == "supplement_too_late"
    assert "09:00 05/03/2026" in str(error)
    clock.set(vn(2026, 3, 5, 9))  # exactly at the limit it is still in time
    services.request_supplement(
        dossier, actor=world.specialist, items=[("x", "chưa có trong hồ sơ")]
    )
    assert fresh(dossier).status == Status.WAITING_SUPPLEMENT


def test_supplement_window_skips_tet(world, clock):
    clock.set(vn(2026, 2, 12, 10))  # Thursday before Tết: 12, 13, 23/02 are the 3 days
    dossier = received(world)
    clock.set(vn(2026, 2, 25, 9))
    refused(
        ValidationFailed,
        lambda: services.request_supplement(
            dossier, actor=world.specialist, items=[("x", "chưa có trong hồ sơ")]
        ),
        dossier,
    )
    clock.set(vn(2026, 2, 24, 9))
    services.request_supplement(
        dossier, actor=world.specialist, items=[("x", "chưa có trong hồ sơ")]
    )


def test_supplement_asked_once_only(world, dossier):
    services.request_supplement(
        dossier, actor=world.specialist, items=[("x", "chưa có trong hồ sơ")]
    )
    services.supplement(dossier, actor=world.citizen, note="Đã nộp")
    error = refused(
        ValidationFailed,
        lambda: services.request_supplement(
            dossier, actor=world.specialist, items=[("y", "chưa có trong hồ sơ")]
        ),
        dossier,
    )
    assert error.code == "supplement_already_requested"


def test_supplement_request_refusals(world, dossier):
    refused(
        ValidationFailed,
        lambda: services.request_supplement(
            dossier, actor=world.specialist, items=[(" ", "chưa có trong hồ sơ")]
        ),
        dossier,
    )
    for outsider in (world.desk, world.desk_b, world.citizen):
        refused(
            PermissionRefused,
            lambda o=outsider: services.request_supplement(
                dossier, actor=o, items=[("x", "chưa có trong hồ sơ")]
            ),
            dossier,
        )


def test_supplement_refusals(world, dossier):
    refused(
        ActionNotAllowed,
        lambda: services.supplement(dossier, actor=world.citizen, note="x"),
        dossier,
    )
    services.request_supplement(
        dossier, actor=world.specialist, items=[("x", "chưa có trong hồ sơ")]
    )
    for outsider in (world.other_citizen, world.specialist, world.desk_b):
        refused(
            PermissionRefused,
            lambda o=outsider: services.supplement(dossier, actor=o, note="x"),
            dossier,
        )
    refused(ValidationFailed, lambda: services.supplement(dossier, actor=world.citizen), dossier)


# --- refusal after appraisal -------------------------------------------------------------


def test_refusal_proposed_then_approved(world, dossier, clock):
    services.propose_refusal(dossier, actor=world.specialist, reasons=["Không đủ điều kiện", ""])
    assert history(dossier)[-1] == (
        Action.PROPOSE_REFUSAL,
        Status.IN_PROGRESS,
        Status.REFUSAL_PROPOSED,
    )
    refused(ActionNotAllowed, lambda: services.forward(dossier, actor=world.specialist), dossier)
    for outsider in (world.head, world.specialist, world.desk_b):
        refused(
            PermissionRefused,
            lambda o=outsider: services.approve_refusal(dossier, actor=o),
            dossier,
        )
    clock.advance(hours=3)
    services.approve_refusal(dossier, actor=world.leader, note="Đồng ý")
    dossier = fresh(dossier)
    assert dossier.status == Status.REFUSED
    assert dossier.decided_at == dossier.closed_at == vn(2026, 3, 2, 12)
    assert not active_positions(dossier)
    assert last_event(dossier).data == {"reasons": ["Không đủ điều kiện"]}
    refused(ActionNotAllowed, lambda: services.forward(dossier, actor=world.leader), dossier)


def test_refusal_proposal_rejected_goes_back_to_processing(world, dossier):
    services.propose_refusal(dossier, actor=world.specialist, reasons=["x"])
    refused(
        ValidationFailed,
        lambda: services.reject_refusal(dossier, actor=world.leader, note=""),
        dossier,
    )
    services.reject_refusal(dossier, actor=world.leader, note="Đủ điều kiện, tiếp tục giải quyết")
    assert history(dossier)[-1] == (
        Action.REJECT_REFUSAL,
        Status.REFUSAL_PROPOSED,
        Status.IN_PROGRESS,
    )
    assert active_positions(dossier) == [2]
    services.forward(dossier, actor=world.specialist)


def test_refusal_refusals(world, dossier):
    refused(
        ValidationFailed,
        lambda: services.propose_refusal(dossier, actor=world.specialist, reasons=[]),
        dossier,
    )
    refused(
        PermissionRefused,
        lambda: services.propose_refusal(dossier, actor=world.desk, reasons=["x"]),
        dossier,
    )
    for call in (
        lambda: services.approve_refusal(dossier, actor=world.leader),
        lambda: services.reject_refusal(dossier, actor=world.leader, note="x"),
    ):
        refused(ActionNotAllowed, call, dossier)


# --- approval ----------------------------------------------------------------------------


def test_leader_approves_at_the_decision_step(world, dossier, clock):
    services.forward(dossier, actor=world.specialist)
    services.forward(dossier, actor=world.head)
    refused(PermissionRefused, lambda: services.approve(dossier, actor=world.head), dossier)
    refused(PermissionRefused, lambda: services.approve(dossier, actor=world.desk_b), dossier)
    clock.advance(hours=4)
    services.approve(dossier, actor=world.leader, note="Ký")
    dossier = fresh(dossier)
    assert dossier.status == Status.APPROVED
    assert dossier.decided_at == vn(2026, 3, 2, 13)
    assert step(dossier, 4).state == Step.State.DONE
    assert active_positions(dossier) == [5]  # the clerk registers and seals
    assert history(dossier)[-1] == (Action.APPROVE, Status.IN_PROGRESS, Status.APPROVED)
    refused(ActionNotAllowed, lambda: services.approve(dossier, actor=world.leader), dossier)


def test_approve_refused_before_the_decision_step(world, dossier):
    error = refused(
        ValidationFailed, lambda: services.approve(dossier, actor=world.leader), dossier
    )
    assert error.code == "not_decision_step"
    # Whoever is not a leader is refused as such, wherever the dossier is.
    refused(PermissionRefused, lambda: services.approve(dossier, actor=world.specialist), dossier)


def test_processing_actions_refused_before_reception(world, clock):
    from .conftest import submitted_online

    dossier = submitted_online(world)
    calls = [
        lambda: services.forward(dossier, actor=world.specialist),
        lambda: services.send_back(dossier, actor=world.head, reason="x"),
        lambda: services.consult(
            dossier, actor=world.specialist, agency=world.justice, question="?", days=1
        ),
        lambda: services.request_supplement(
            dossier, actor=world.specialist, items=[("x", "chưa có trong hồ sơ")]
        ),
        lambda: services.propose_refusal(dossier, actor=world.specialist, reasons=["x"]),
        lambda: services.approve(dossier, actor=world.leader),
        lambda: services.assign(dossier, actor=world.head, step=1, handler=world.specialist),
    ]
    for call in calls:
        refused(ActionNotAllowed, call, dossier)


def test_times_are_aware(world, dossier):
    assert all(
        isinstance(e.at, dt.datetime) and e.at.utcoffset() is not None for e in dossier.events.all()
    )
