"""The state machine itself: every action in every state is either its one transition or a
clear refusal; closed states accept nothing but the rating; every state can be reached."""

from __future__ import annotations

import itertools

import pytest
from django.utils import translation

from egov.dossiers.lifecycle import (
    CLOCK_RUNNING,
    CLOSED,
    TRANSITIONS,
    Action,
    ActionNotAllowed,
    Status,
    allowed,
    target_of,
)


@pytest.mark.parametrize(
    ("action", "status"), list(itertools.product(TRANSITIONS, Status)), ids=str
)
def test_each_action_in_each_state_moves_or_is_refused(action, status):
    transition = TRANSITIONS[action]
    if status in transition.sources:
        assert allowed(action, status)
        assert target_of(action, status) == (transition.target or status)
    else:
        assert not allowed(action, status)
        with pytest.raises(ActionNotAllowed) as refused:
            target_of(action, status)
        assert refused.value.code == "action_not_allowed"
        assert refused.value.http_status == 409
        assert refused.value.extra == {"action": str(action), "status": str(status)}


def test_refusal_names_the_action_and_the_state():
    with translation.override("en"), pytest.raises(ActionNotAllowed) as refused:
        target_of(Action.APPROVE, Status.WAITING_SUPPLEMENT)
    assert str(refused.value) == (
        "“Approved” is not possible while the dossier is “Waiting for the applicant's supplement”."
    )


def test_closed_states_allow_only_the_rating():
    for status in CLOSED:
        possible = [a for a in TRANSITIONS if allowed(a, status)]
        assert possible == ([Action.RATE] if status == Status.RETURNED else []), status


def test_every_action_but_creation_has_a_transition():
    assert set(Action) - set(TRANSITIONS) == {Action.CREATE}


def test_every_state_is_reachable_from_a_draft():
    reached = {Status.DRAFT}
    frontier = [Status.DRAFT]
    while frontier:
        status = frontier.pop()
        for transition in TRANSITIONS.values():
            if status in transition.sources and transition.target not in (None, *reached):
                reached.add(transition.target)
                frontier.append(transition.target)
    assert reached == set(Status)


def test_every_open_state_can_still_end():
    """No dead end: from each state that is not closed some action changes the state."""
    for status in set(Status) - CLOSED:
        moves = [t.target for t in TRANSITIONS.values() if status in t.sources and t.target]
        assert moves, status


def test_the_clock_runs_only_after_reception_and_not_while_waiting():
    assert Status.WAITING_SUPPLEMENT not in CLOCK_RUNNING
    assert not CLOCK_RUNNING & CLOSED
    assert not CLOCK_RUNNING & {Status.DRAFT, Status.SUBMITTED, Status.INCOMPLETE}
