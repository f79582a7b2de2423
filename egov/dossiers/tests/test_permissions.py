"""``permissions.offers`` agrees with the services: every action it offers goes through its
service, every other one is refused (for lack of rights, or because the state forbids it).

Each case runs the service inside a savepoint that is rolled back, so one dossier serves
every user and action of a state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.dossiers import services
from egov.dossiers.lifecycle import Action, ActionNotAllowed, Status
from egov.dossiers.models import Delivery, Dossier, Step
from egov.dossiers.permissions import available_actions, handler_candidates, offers
from egov.orgs.models import Role

from .conftest import applicant, pdf_upload, received, submitted_online

# Refusals that come from the dossier's state or history rather than from the user.
STATE_CODES = {
    "step_done",
    "step_not_active",
    "decision_step",
    "not_decision_step",
    "no_previous",
    "supplement_too_late",
    "supplement_already_requested",
    "completion_already_requested",
    "already_extended",
    "late_notice_too_late",
}
# Offered although the content is not there yet: the page shows the service's reason.
CONTENT_CODES = {"components_missing"}


class RolledBack(Exception):
    pass


def _active(dossier: Dossier) -> Step:
    return dossier.steps.get(state=Step.State.ACTIVE)


def _fresh(dossier: Dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


def build(w: Any, state: str) -> Dossier:
    """A dossier in ``state``, moved there through the services as in real use."""
    if state == "submitted":
        return submitted_online(w)
    if state == "paper":
        return services.desk_register(
            actor=w.desk, version=w.version, handling_agency=w.commune_a, applicant=applicant()
        )
    if state == "incomplete":
        return services.ask_completion(
            submitted_online(w), actor=w.desk, items=[("Bản sao CCCD", "chưa có trong hồ sơ")]
        )
    dossier = received(w)
    if state == "specialist":
        return dossier
    if state == "assigned":
        return services.assign(dossier, actor=w.head, step=_active(dossier), handler=w.specialist2)
    if state == "waiting":
        return services.request_supplement(
            dossier, actor=w.specialist, items=[("Giấy tờ", "chưa có trong hồ sơ")]
        )
    if state == "refusal_proposed":
        return services.propose_refusal(dossier, actor=w.specialist, reasons=["Không đủ"])
    if state == "consulted":
        services.consult(
            dossier, actor=w.specialist, agency=w.commune_b, question="Xác minh?", days=1
        )
        return _fresh(dossier)
    services.forward(dossier, actor=w.specialist)
    if state == "head":
        return _fresh(dossier)
    services.forward(dossier, actor=w.head)
    if state == "leader":
        return _fresh(dossier)
    services.approve(dossier, actor=w.leader)
    if state == "approved":
        return _fresh(dossier)
    services.issue_result(dossier, actor=w.clerk, result=pdf_upload("ket-qua.pdf"))
    if state == "result_issued":
        return _fresh(dossier)
    services.hand_to_desk(dossier, actor=w.clerk)
    if state == "ready":
        return _fresh(dossier)
    services.return_result(dossier, actor=w.desk, method=Delivery.ONLINE)
    assert state == "returned"
    return _fresh(dossier)


def _call(action: Action, dossier: Dossier, user: Any, target: Any, w: Any) -> None:
    """Run the service of ``action`` with sensible input, then roll everything back."""
    d = _fresh(dossier)
    v = d.version
    kwargs: dict[str, Any] = {"actor": user}
    if action not in (Action.ANSWER_CONSULTATION,):
        kwargs["expected_version"] = v
    if isinstance(target, Step):
        kwargs["step"] = target
    calls = {
        Action.ACCEPT: lambda: services.accept(d, **kwargs),
        Action.ASK_COMPLETION: lambda: services.ask_completion(
            d, items=[("Bản sao", "chưa có trong hồ sơ")], **kwargs
        ),
        Action.COMPLETE: lambda: services.complete(d, note="Đã bổ sung", **kwargs),
        Action.REFUSE_RECEPTION: lambda: services.refuse_reception(d, reasons=["Sai"], **kwargs),
        Action.ASSIGN: lambda: services.assign(d, handler=_handler(target, user), **kwargs),
        Action.FORWARD: lambda: services.forward(d, **kwargs),
        Action.SEND_BACK: lambda: services.send_back(d, reason="Xem lại", **kwargs),
        Action.CONSULT: lambda: services.consult(
            d, agency=_other(w, target), question="Ý kiến?", days=1, **kwargs
        ),
        Action.ANSWER_CONSULTATION: lambda: services.answer_consultation(
            target, answer="Đồng ý", actor=user
        ),
        Action.REQUEST_SUPPLEMENT: lambda: services.request_supplement(
            d, items=[("Giấy tờ", "chưa có trong hồ sơ")], **kwargs
        ),
        Action.SUPPLEMENT: lambda: services.supplement(d, note="Đã nộp", **kwargs),
        Action.PROPOSE_REFUSAL: lambda: services.propose_refusal(d, reasons=["Sai"], **kwargs),
        Action.APPROVE_REFUSAL: lambda: services.approve_refusal(d, **kwargs),
        Action.REJECT_REFUSAL: lambda: services.reject_refusal(d, note="Đủ", **kwargs),
        Action.APPROVE: lambda: services.approve(d, **kwargs),
        Action.ISSUE_RESULT: lambda: services.issue_result(d, result=pdf_upload(), **kwargs),
        Action.HAND_TO_DESK: lambda: services.hand_to_desk(d, **kwargs),
        Action.RETURN_RESULT: lambda: services.return_result(d, method="desk", **kwargs),
        Action.LATE_NOTICE: lambda: services.late_notice(
            d,
            reason="Cần xác minh",
            new_due=(d.due_at or dt.datetime.now(dt.UTC)) + dt.timedelta(days=7),
            **kwargs,
        ),
        Action.STOP: lambda: services.stop(d, reason="Công dân rút hồ sơ", **kwargs),
    }
    try:
        with transaction.atomic():
            calls[action]()
            raise RolledBack
    except RolledBack:
        pass


def _handler(step: Step, user: Any) -> Any:
    candidates = handler_candidates(step)
    return candidates[0] if candidates else user


def _other(w: Any, step: Step) -> Any:
    return w.commune_b if step.agency_id != w.commune_b.pk else w.commune_a


OFFICIAL_ACTIONS = [
    Action.ACCEPT,
    Action.ASK_COMPLETION,
    Action.COMPLETE,
    Action.REFUSE_RECEPTION,
    Action.ASSIGN,
    Action.FORWARD,
    Action.SEND_BACK,
    Action.CONSULT,
    Action.ANSWER_CONSULTATION,
    Action.REQUEST_SUPPLEMENT,
    Action.SUPPLEMENT,
    Action.PROPOSE_REFUSAL,
    Action.APPROVE_REFUSAL,
    Action.REJECT_REFUSAL,
    Action.APPROVE,
    Action.ISSUE_RESULT,
    Action.HAND_TO_DESK,
    Action.RETURN_RESULT,
    Action.LATE_NOTICE,
    Action.STOP,
]
STEP_ACTIONS = {
    Action.FORWARD,
    Action.SEND_BACK,
    Action.CONSULT,
    Action.REQUEST_SUPPLEMENT,
    Action.PROPOSE_REFUSAL,
    Action.APPROVE,
}


def _targets(action: Action, dossier: Dossier) -> list[Any]:
    if action == Action.ASSIGN:
        return list(dossier.steps.select_related("agency", "department").order_by("position"))
    if action in STEP_ACTIONS:
        return list(dossier.steps.filter(state=Step.State.ACTIVE).select_related("agency"))
    if action == Action.ANSWER_CONSULTATION:
        return list(dossier.consultations.select_related("agency"))
    return [None]


STATES = [
    "submitted",
    "paper",
    "incomplete",
    "specialist",
    "assigned",
    "waiting",
    "refusal_proposed",
    "consulted",
    "head",
    "leader",
    "approved",
    "result_issued",
    "ready",
    "returned",
]
USERS = ["desk", "specialist", "specialist2", "head", "leader", "clerk", "desk_b"]


@pytest.mark.parametrize("state", STATES)
def test_offers_agree_with_the_services(world, state):
    dossier = build(world, state)
    disagreements = []
    for name in USERS:
        user = getattr(world, name)
        offered = {(o.action, o.target_id) for o in offers(user, dossier)}
        for action in OFFICIAL_ACTIONS:
            for target in _targets(action, dossier):
                key = (action, target.pk if target is not None else None)
                if action == Action.ASSIGN and key in offered and not handler_candidates(target):
                    continue  # offered, but the page shows no one to choose
                try:
                    _call(action, dossier, user, target, world)
                except (PermissionRefused, ActionNotAllowed) as error:
                    if key in offered:
                        disagreements.append(f"{name} offered {key}, refused: {error}")
                except ValidationFailed as error:
                    if key in offered and error.code not in CONTENT_CODES:
                        disagreements.append(f"{name} offered {key}, invalid: {error}")
                    if key not in offered and error.code not in STATE_CODES | CONTENT_CODES:
                        disagreements.append(f"{name} not offered {key}, but: {error.code}")
                else:
                    if key not in offered:
                        disagreements.append(f"{name} not offered {key}, but it went through")
    assert not disagreements, "\n".join(disagreements)


def test_every_state_offers_someone_something_until_closed(world):
    """The agreement test would pass with nothing offered at all: it must not be so."""
    for state in STATES:
        dossier = build(world, state)
        users = [getattr(world, name) for name in USERS]
        offered = {a for user in users for a in available_actions(user, dossier)}
        if dossier.status == Status.RETURNED:
            assert offered == set(), state
        else:
            assert offered, state


def test_who_gets_what_in_typical_states(world):
    submitted = build(world, "submitted")
    assert available_actions(world.desk, submitted) == [
        Action.ACCEPT,
        Action.ASK_COMPLETION,
        Action.REFUSE_RECEPTION,
        Action.STOP,
    ]
    assert available_actions(world.specialist, submitted) == []
    assert available_actions(world.desk_b, submitted) == []

    at_specialist = build(world, "specialist")
    assert Action.FORWARD in available_actions(world.specialist, at_specialist)
    assert Action.ASSIGN in available_actions(world.head, at_specialist)
    assert Action.FORWARD not in available_actions(world.clerk, at_specialist)
    services.assign(
        at_specialist, actor=world.head, step=_active(at_specialist), handler=world.specialist2
    )
    at_specialist = _fresh(at_specialist)
    assert Action.FORWARD not in available_actions(world.specialist, at_specialist)
    assert Action.FORWARD in available_actions(world.specialist2, at_specialist)

    at_leader = build(world, "leader")
    assert Action.APPROVE in available_actions(world.leader, at_leader)
    assert Action.APPROVE not in available_actions(world.head, at_leader)
    assert available_actions(world.clerk, build(world, "approved")) == [Action.ISSUE_RESULT]
    assert available_actions(world.desk, build(world, "ready")) == [Action.RETURN_RESULT]


def test_a_department_head_assigns_only_in_their_department(world, make_official):
    dossier = build(world, "specialist")
    other_head = make_official(
        agency=world.commune_a, department=world.desk_a, roles=[Role.DEPARTMENT_HEAD]
    )

    def assignable(user):
        return {o.step.name for o in offers(user, dossier) if o.action == Action.ASSIGN}

    # Steps not done yet: 2 and 3 in the office, the return at the desk.
    assert assignable(world.head) == {"Thẩm định hồ sơ", "Xem xét, trình ký", "Vào sổ, đóng dấu"}
    assert assignable(other_head) == {"Trả kết quả"}
    with pytest.raises(PermissionRefused):
        services.assign(dossier, actor=other_head, step=_active(dossier), handler=world.specialist2)
