"""The dossier lifecycle as one explicit state machine (DOMAIN.md §4).

``TRANSITIONS`` says, for each action, the states it may start from and the state it leads
to (``None``: the status does not change, e.g. assigning a handler). Who may take an action
is decided per object in ``services``; *whether* it may be taken now is decided here only.

    draft --submit--> submitted --accept--> in_progress --approve--> approved
      submitted --ask_completion--> incomplete --complete--> submitted
      submitted --refuse_reception--> reception_refused (closed)
      in_progress --request_supplement--> waiting_supplement --supplement--> in_progress
      in_progress --propose_refusal--> refusal_proposed --approve_refusal--> refused (closed)
                                        refusal_proposed --reject_refusal--> in_progress
      approved --issue_result--> result_issued --hand_to_desk--> ready --return_result--> returned
      any open state --stop--> stopped (closed)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.errors import Conflict


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for the desk's check")
    INCOMPLETE = "incomplete", _("Incomplete: supplement requested at reception")
    RECEPTION_REFUSED = "reception_refused", _("Reception refused")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_SUPPLEMENT = "waiting_supplement", _("Waiting for the applicant's supplement")
    REFUSAL_PROPOSED = "refusal_proposed", _("Refusal proposed")
    REFUSED = "refused", _("Refused")
    APPROVED = "approved", _("Approved, result being issued")
    RESULT_ISSUED = "result_issued", _("Result issued")
    READY = "ready", _("Result ready to be returned")
    RETURNED = "returned", _("Result returned")
    STOPPED = "stopped", _("Stopped at the applicant's request")


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    SUBMIT = "submit", _("Submitted")
    REGISTER = "register", _("Registered at the desk")
    ACCEPT = "accept", _("Received (receipt issued)")
    ASK_COMPLETION = "ask_completion", _("Supplement requested at reception")
    COMPLETE = "complete", _("Dossier completed by the applicant")
    REFUSE_RECEPTION = "refuse_reception", _("Reception refused")
    ASSIGN = "assign", _("Handler assigned")
    FORWARD = "forward", _("Forwarded to the next step")
    SEND_BACK = "send_back", _("Sent back to the previous step")
    CONSULT = "consult", _("Consultation requested")
    ANSWER_CONSULTATION = "answer_consultation", _("Consultation answered")
    REQUEST_SUPPLEMENT = "request_supplement", _("Supplement requested")
    SUPPLEMENT = "supplement", _("Supplement received")
    PROPOSE_REFUSAL = "propose_refusal", _("Refusal proposed")
    APPROVE_REFUSAL = "approve_refusal", _("Refusal approved")
    REJECT_REFUSAL = "reject_refusal", _("Refusal proposal rejected")
    APPROVE = "approve", _("Approved")
    ISSUE_RESULT = "issue_result", _("Result issued")
    LATE_NOTICE = "late_notice", _("Apology and new date sent")
    STOP = "stop", _("Stopped at the applicant's request")
    HAND_TO_DESK = "hand_to_desk", _("Result handed to the desk")
    RETURN_RESULT = "return_result", _("Result returned")
    RATE = "rate", _("Rated by the applicant")
    ADD_DOCUMENT = "add_document", _("Document added to the dossier")
    REMOVE_DOCUMENT = "remove_document", _("Document taken out of the dossier")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Status]
    target: Status | None


def _t(sources: set[Status], target: Status | None = None) -> Transition:
    return Transition(frozenset(sources), target)


S = Status
PROCESSING = {S.IN_PROGRESS}
OPEN_AFTER_RECEPTION = {
    S.IN_PROGRESS,
    S.WAITING_SUPPLEMENT,
    S.REFUSAL_PROPOSED,
    S.APPROVED,
}

TRANSITIONS: dict[Action, Transition] = {
    Action.SUBMIT: _t({S.DRAFT}, S.SUBMITTED),
    Action.REGISTER: _t({S.DRAFT}, S.SUBMITTED),
    Action.ACCEPT: _t({S.SUBMITTED}, S.IN_PROGRESS),
    Action.ASK_COMPLETION: _t({S.SUBMITTED}, S.INCOMPLETE),
    Action.COMPLETE: _t({S.INCOMPLETE}, S.SUBMITTED),
    Action.REFUSE_RECEPTION: _t({S.SUBMITTED, S.INCOMPLETE}, S.RECEPTION_REFUSED),
    Action.ASSIGN: _t(PROCESSING),
    Action.FORWARD: _t(PROCESSING),
    Action.SEND_BACK: _t(PROCESSING),
    Action.CONSULT: _t(PROCESSING),
    Action.ANSWER_CONSULTATION: _t(PROCESSING | {S.WAITING_SUPPLEMENT}),
    Action.REQUEST_SUPPLEMENT: _t(PROCESSING, S.WAITING_SUPPLEMENT),
    Action.SUPPLEMENT: _t({S.WAITING_SUPPLEMENT}, S.IN_PROGRESS),
    Action.PROPOSE_REFUSAL: _t(PROCESSING, S.REFUSAL_PROPOSED),
    Action.APPROVE_REFUSAL: _t({S.REFUSAL_PROPOSED}, S.REFUSED),
    Action.REJECT_REFUSAL: _t({S.REFUSAL_PROPOSED}, S.IN_PROGRESS),
    Action.APPROVE: _t(PROCESSING, S.APPROVED),
    Action.ISSUE_RESULT: _t({S.APPROVED}, S.RESULT_ISSUED),
    Action.LATE_NOTICE: _t(PROCESSING | {S.REFUSAL_PROPOSED, S.APPROVED}),
    Action.STOP: _t(
        {S.SUBMITTED, S.INCOMPLETE, S.IN_PROGRESS, S.WAITING_SUPPLEMENT, S.REFUSAL_PROPOSED},
        S.STOPPED,
    ),
    Action.HAND_TO_DESK: _t({S.RESULT_ISSUED}, S.READY),
    Action.RETURN_RESULT: _t({S.READY}, S.RETURNED),
    Action.RATE: _t({S.RETURNED}),
    # The desk scanning documents into a dossier it is checking (a draft's own documents
    # are the applicant's private work and leave no history line).
    Action.ADD_DOCUMENT: _t({S.SUBMITTED, S.INCOMPLETE}),
    Action.REMOVE_DOCUMENT: _t({S.SUBMITTED, S.INCOMPLETE}),
}

# States in which the dossier is over: nothing but rating happens any more.
CLOSED = frozenset({S.RECEPTION_REFUSED, S.REFUSED, S.RETURNED, S.STOPPED})
# States in which the processing clock runs (DOMAIN.md §4: it stops while waiting for the
# applicant's supplement and restarts from zero).
CLOCK_RUNNING = frozenset({S.IN_PROGRESS, S.REFUSAL_PROPOSED, S.APPROVED})
# States the applicant is told about by email/SMS.
NOTIFY_APPLICANT = frozenset(
    {
        S.SUBMITTED,
        S.INCOMPLETE,
        S.RECEPTION_REFUSED,
        S.IN_PROGRESS,
        S.WAITING_SUPPLEMENT,
        S.REFUSED,
        S.READY,
        S.RETURNED,
        S.STOPPED,
    }
)


# Actions the applicant is told about although the status stays: the apology with a new date
# (form 04) changes when they get their result.
NOTIFY_ACTIONS = frozenset({Action.LATE_NOTICE})


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
            _("“%(action)s” is not possible while the dossier is “%(status)s”.")
            % {"action": Action(action).label, "status": current.label},
            action=str(action),
            status=str(current),
        )
    return transition.target or current
