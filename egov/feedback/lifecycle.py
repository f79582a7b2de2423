"""The life of a report (phản ánh, kiến nghị; DOMAIN.md §7, Decree 20/2008) as one state machine.

``TRANSITIONS`` says, for each action, the states it may start from and the state it leads
to (``None``: the status stays, e.g. moderating). Who may take an action is decided per
object in ``services``; whether it may be taken now is decided here only.

    (submit | register) --> received
    received --reject--> rejected (closed, with the reason)
    received --handle--> handling            (the receiving unit handles it itself)
    received --forward--> handling           (to the competent agency)
    received --transfer--> transferred       (outside the government's competence, within
                                              5 working days of reception; closed)
    received | handling --merge--> merged    (a duplicate; closed)
    handling --send_back--> received         (the agency is not competent: classify again)
    handling --answer--> answered            (with an outcome: resolved / not the government's
                                              competence / not resolved, with the reason)
    answered --close--> closed               (officials, or the reporter's "satisfied")
    answered | closed --reopen--> handling   (the reporter, not satisfied, within 30 days)

Open311 GeoReport v2 sees ``received`` and ``handling`` as ``open``, everything else as
``closed``; the detailed status is the state itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.errors import Conflict


class Status(models.TextChoices):
    RECEIVED = "received", _("Received, being classified")
    REJECTED = "rejected", _("Not accepted")
    HANDLING = "handling", _("Being handled")
    TRANSFERRED = "transferred", _("Sent to the competent body outside the government")
    MERGED = "merged", _("Merged with a report on the same matter")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Resolution(models.TextChoices):
    """What the answer says about the matter; "closed" never hides "closed without a fix"."""

    RESOLVED = "resolved", _("Resolved")
    NOT_COMPETENT = "not_competent", _("Closed: not within the government's competence")
    NOT_RESOLVED = "not_resolved", _("Closed: not resolved")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Sent by the reporter")
    REGISTER = "register", _("Registered by an official")
    REJECT = "reject", _("Not accepted")
    HANDLE = "handle", _("Accepted for handling by the receiving unit")
    FORWARD = "forward", _("Forwarded to the competent agency")
    TRANSFER = "transfer", _("Sent to the competent body outside the government")
    SEND_BACK = "send_back", _("Sent back for classification")
    MERGE = "merge", _("Merged with another report")
    MODERATE = "moderate", _("Publication checked")
    ANSWER = "answer", _("Answered")
    CLOSE = "close", _("Closed")
    RATE = "rate", _("Rated by the reporter")
    REOPEN = "reopen", _("Reopened at the reporter's request")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Status]
    target: Status | None


def _t(sources: set[Status], target: Status | None = None) -> Transition:
    return Transition(frozenset(sources), target)


S = Status
TRANSITIONS: dict[Action, Transition] = {
    Action.REJECT: _t({S.RECEIVED}, S.REJECTED),
    Action.HANDLE: _t({S.RECEIVED}, S.HANDLING),
    Action.FORWARD: _t({S.RECEIVED}, S.HANDLING),
    Action.TRANSFER: _t({S.RECEIVED}, S.TRANSFERRED),
    Action.SEND_BACK: _t({S.HANDLING}, S.RECEIVED),
    Action.MERGE: _t({S.RECEIVED, S.HANDLING}, S.MERGED),
    Action.MODERATE: _t(set(S) - {S.MERGED}),
    Action.ANSWER: _t({S.HANDLING}, S.ANSWERED),
    Action.CLOSE: _t({S.ANSWERED}, S.CLOSED),
    Action.RATE: _t({S.ANSWERED, S.CLOSED}),
    Action.REOPEN: _t({S.ANSWERED, S.CLOSED}, S.HANDLING),
}

# Over: nothing but publication changes (and, for answered ones, rating and reopening).
FINISHED = frozenset({S.REJECTED, S.TRANSFERRED, S.MERGED, S.CLOSED})
# Open311's two statuses.
OPEN311_OPEN = frozenset({S.RECEIVED, S.HANDLING})
# Where the handling agency's clock runs.
CLOCK_RUNNING = frozenset({S.HANDLING})
# Statuses that end an action of the receiving unit's classification.
CLASSIFIED_BY = frozenset({Action.REJECT, Action.HANDLE, Action.FORWARD, Action.TRANSFER})


class ActionNotAllowed(Conflict):
    code = "action_not_allowed"


def allowed(action: Action, status: str) -> bool:
    return Status(status) in TRANSITIONS[action].sources


def target_of(action: Action, status: str) -> Status:
    """The status after ``action``; refuses an action the current status does not allow."""
    transition = TRANSITIONS[action]
    current = Status(status)
    if current not in transition.sources:
        raise ActionNotAllowed(
            _("“%(action)s” is not possible while the report is “%(status)s”.")
            % {"action": Action(action).label, "status": current.label},
            action=str(action),
            status=str(current),
        )
    return transition.target or current


def open311_status(status: str) -> str:
    return "open" if Status(status) in OPEN311_OPEN else "closed"
