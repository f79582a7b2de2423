"""An official of another agency, or another citizen, is refused by every service, and sees
nothing through the selectors; the refusal changes nothing."""

from __future__ import annotations

import pytest

from egov.core.errors import NotFound, PermissionRefused
from egov.dossiers import selectors, services
from egov.dossiers.lifecycle import Status
from egov.orgs.models import Role

from .conftest import pdf_upload, received, submitted_online
from .helpers import clock_fixture, refused, vn

__all__ = ["clock_fixture"]

ALL_ROLES = [
    Role.DESK_OFFICER,
    Role.SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.AGENCY_LEADER,
    Role.CLERK,
]


@pytest.fixture
def stranger(world, make_official):
    """An official of commune B holding every role there (head of its office)."""
    from egov.orgs.services import department_create

    office_b = department_create(agency=world.commune_b, code="VP", name="Văn phòng", actor=None)
    return make_official(
        agency=world.commune_b, department=office_b, roles=ALL_ROLES, full_name="Người Xã Khác"
    )


def to_state(world, status):
    """A dossier of commune A brought to ``status`` through the services."""
    if status == Status.SUBMITTED:
        return submitted_online(world)
    dossier = received(world)
    if status == Status.WAITING_SUPPLEMENT:
        services.request_supplement(
            dossier, actor=world.specialist, items=[("x", "chưa có trong hồ sơ")]
        )
    elif status == Status.REFUSAL_PROPOSED:
        services.propose_refusal(dossier, actor=world.specialist, reasons=["x"])
    elif status in (Status.APPROVED, Status.RESULT_ISSUED, Status.READY, Status.RETURNED):
        services.forward(dossier, actor=world.specialist)
        services.forward(dossier, actor=world.head)
        services.approve(dossier, actor=world.leader)
        if status != Status.APPROVED:
            services.issue_result(dossier, actor=world.clerk, result=pdf_upload())
        if status in (Status.READY, Status.RETURNED):
            services.hand_to_desk(dossier, actor=world.clerk)
        if status == Status.RETURNED:
            services.return_result(dossier, actor=world.desk, method="online")
    dossier.refresh_from_db()
    assert dossier.status == status
    return dossier


def step_in_progress(dossier):
    return dossier.steps.get(state="active")


ACTIONS = {
    "accept": (Status.SUBMITTED, lambda d, a, w: services.accept(d, actor=a)),
    "ask_completion": (
        Status.SUBMITTED,
        lambda d, a, w: services.ask_completion(d, actor=a, items=[("x", "chưa có trong hồ sơ")]),
    ),
    "refuse_reception": (
        Status.SUBMITTED,
        lambda d, a, w: services.refuse_reception(d, actor=a, reasons=["x"]),
    ),
    "scan": (
        Status.SUBMITTED,
        lambda d, a, w: services.component_upload(d, pdf_upload(), actor=a, component=None),
    ),
    "assign": (
        Status.IN_PROGRESS,
        lambda d, a, w: services.assign(d, actor=a, step=step_in_progress(d), handler=w.specialist),
    ),
    "forward": (Status.IN_PROGRESS, lambda d, a, w: services.forward(d, actor=a)),
    "consult": (
        Status.IN_PROGRESS,
        lambda d, a, w: services.consult(d, actor=a, agency=w.justice, question="?", days=1),
    ),
    "request_supplement": (
        Status.IN_PROGRESS,
        lambda d, a, w: services.request_supplement(
            d, actor=a, items=[("x", "chưa có trong hồ sơ")]
        ),
    ),
    "supplement": (
        Status.WAITING_SUPPLEMENT,
        lambda d, a, w: services.supplement(d, actor=a, note="x"),
    ),
    "propose_refusal": (
        Status.IN_PROGRESS,
        lambda d, a, w: services.propose_refusal(d, actor=a, reasons=["x"]),
    ),
    "approve_refusal": (
        Status.REFUSAL_PROPOSED,
        lambda d, a, w: services.approve_refusal(d, actor=a),
    ),
    "reject_refusal": (
        Status.REFUSAL_PROPOSED,
        lambda d, a, w: services.reject_refusal(d, actor=a, note="x"),
    ),
    "late_notice": (
        Status.IN_PROGRESS,
        lambda d, a, w: services.late_notice(d, actor=a, reason="x", new_due=vn(2026, 3, 20, 17)),
    ),
    "stop": (Status.IN_PROGRESS, lambda d, a, w: services.stop(d, actor=a, reason="x")),
    "issue_result": (
        Status.APPROVED,
        lambda d, a, w: services.issue_result(d, actor=a, result=pdf_upload()),
    ),
    "hand_to_desk": (Status.RESULT_ISSUED, lambda d, a, w: services.hand_to_desk(d, actor=a)),
    "return_result": (
        Status.READY,
        lambda d, a, w: services.return_result(d, actor=a, method="desk"),
    ),
    "rate": (Status.RETURNED, lambda d, a, w: services.rate(d, actor=a, rating=1)),
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_official_of_another_agency_is_refused(world, clock, stranger, name):
    status, call = ACTIONS[name]
    dossier = to_state(world, status)
    refused(PermissionRefused, lambda: call(dossier, stranger, world), dossier)


@pytest.fixture
def provincial(world, make_official):
    """An official of the provincial committee, the commune's parent agency in the tree,
    holding every role there."""
    from egov.orgs.services import department_create

    office = department_create(agency=world.committee, code="VPT", name="Văn phòng", actor=None)
    return make_official(
        agency=world.committee, department=office, roles=ALL_ROLES, full_name="Người Tỉnh"
    )


@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_official_of_the_parent_agency_is_refused(world, clock, provincial, name):
    """Oversight is not competence: the commune's dossiers are handled by the commune."""
    status, call = ACTIONS[name]
    dossier = to_state(world, status)
    refused(PermissionRefused, lambda: call(dossier, provincial, world), dossier)


def test_the_parent_agency_is_offered_no_action_and_no_step(world, clock, provincial):
    from egov.dossiers.permissions import handler_candidates, offers

    submitted = to_state(world, Status.SUBMITTED)
    assert offers(provincial, submitted) == []
    dossier = to_state(world, Status.IN_PROGRESS)
    assert offers(provincial, dossier) == []
    assert provincial not in handler_candidates(step_in_progress(dossier))
    assert world.specialist in handler_candidates(step_in_progress(dossier))


@pytest.mark.parametrize("name", list(ACTIONS))
def test_another_citizen_is_refused(world, clock, name):
    status, call = ACTIONS[name]
    dossier = to_state(world, status)
    refused(PermissionRefused, lambda: call(dossier, world.other_citizen, world), dossier)


def test_answer_refused_to_every_agency_but_the_consulted_one(world, clock, stranger):
    dossier = received(world)
    consultation = services.consult(
        dossier, actor=world.specialist, agency=world.justice, question="?", days=1
    )
    for outsider in (stranger, world.leader, world.other_citizen, world.citizen):
        refused(
            PermissionRefused,
            lambda o=outsider: services.answer_consultation(consultation, actor=o, answer="x"),
            dossier,
        )


def test_draft_changes_refused_to_another_citizen(world, clock):
    draft = services.draft_create(
        owner=world.citizen, version=world.version, handling_agency=world.commune_a
    )
    for call in (
        lambda: services.draft_update(draft, actor=world.other_citizen, details={}),
        lambda: services.component_upload(
            draft, pdf_upload(), actor=world.other_citizen, component=None
        ),
        lambda: services.submit(draft, actor=world.other_citizen),
    ):
        refused(PermissionRefused, call, draft)


def test_nothing_of_another_agency_or_citizen_can_be_read(world, clock, stranger):
    dossier = received(world)
    assert not selectors.visible_to_official(stranger).exists()
    assert not selectors.visible_to_citizen(world.other_citizen).exists()
    assert not selectors.visible_to_citizen(world.specialist).exists()
    for read in (
        lambda: selectors.dossier_for_official(stranger, dossier.public_id),
        lambda: selectors.dossier_for_citizen(world.other_citizen, dossier.public_id),
        # An official of the agency does not read it as a citizen either.
        lambda: selectors.dossier_for_citizen(world.specialist, dossier.public_id),
    ):
        with pytest.raises(NotFound):
            read()
    assert selectors.dossier_for_citizen(world.citizen, dossier.public_id) == dossier


def test_a_consulted_agency_sees_the_dossier_to_answer_and_then_answers(world, make_official):
    from egov.dossiers.selectors import dossier_for_official, visible_to_official
    from egov.orgs.models import Role

    from .conftest import received

    police = make_official(agency=world.police, roles=[Role.SPECIALIST])
    dossier = received(world)
    assert not visible_to_official(police).filter(pk=dossier.pk).exists()
    consultation = services.consult(
        dossier, actor=world.specialist, agency=world.police, question="Xác minh cư trú?", days=1
    )
    assert dossier_for_official(police, dossier.public_id) == dossier
    services.answer_consultation(consultation, actor=police, answer="Đúng địa chỉ.")
    consultation.refresh_from_db()
    assert consultation.answer == "Đúng địa chỉ."


def test_waiting_for_a_supplement_is_not_lateness(world):
    import datetime as dt

    from .conftest import received

    dossier = received(world)
    services.request_supplement(
        dossier, actor=world.specialist, items=[("Bản sao CCCD", "chưa có trong hồ sơ")]
    )
    dossier.refresh_from_db()
    dossier.due_at = dossier.paused_at + dt.timedelta(minutes=1)
    assert not dossier.is_late
