"""The state machine alone: every action from every state, allowed or refused."""

from __future__ import annotations

import pytest

from egov.feedback.lifecycle import (
    TRANSITIONS,
    Action,
    ActionNotAllowed,
    Status,
    allowed,
    open311_status,
    target_of,
)

EXPECTED = {
    Action.REJECT: {Status.RECEIVED: Status.REJECTED},
    Action.HANDLE: {Status.RECEIVED: Status.HANDLING},
    Action.FORWARD: {Status.RECEIVED: Status.HANDLING},
    Action.TRANSFER: {Status.RECEIVED: Status.TRANSFERRED},
    Action.SEND_BACK: {Status.HANDLING: Status.RECEIVED},
    Action.MERGE: {Status.RECEIVED: Status.MERGED, Status.HANDLING: Status.MERGED},
    Action.ANSWER: {Status.HANDLING: Status.ANSWERED},
    Action.CLOSE: {Status.ANSWERED: Status.CLOSED},
    Action.RATE: {Status.ANSWERED: Status.ANSWERED, Status.CLOSED: Status.CLOSED},
    Action.REOPEN: {Status.ANSWERED: Status.HANDLING, Status.CLOSED: Status.HANDLING},
    Action.MODERATE: {s: s for s in Status if s != Status.MERGED},
}


@pytest.mark.parametrize("action", list(EXPECTED))
@pytest.mark.parametrize("status", list(Status))
def test_every_action_from_every_state(action: Action, status: Status) -> None:
    expected = EXPECTED[action].get(status)
    assert allowed(action, status) is (expected is not None)
    if expected is None:
        with pytest.raises(ActionNotAllowed) as refusal:
            target_of(action, status)
        assert refusal.value.http_status == 409
    else:
        assert target_of(action, status) == expected


def test_every_action_with_a_transition_is_covered() -> None:
    assert set(TRANSITIONS) == set(EXPECTED)


def test_open311_sees_open_and_closed() -> None:
    assert open311_status(Status.RECEIVED) == "open"
    assert open311_status(Status.HANDLING) == "open"
    for status in (Status.ANSWERED, Status.CLOSED, Status.REJECTED, Status.MERGED):
        assert open311_status(status) == "closed"
