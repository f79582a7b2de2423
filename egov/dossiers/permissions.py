"""Which actions an official may take on a dossier now, for the pages to offer.

This mirrors the checks the services make (``lifecycle.allowed`` plus each service's role
and step rules) so that a page shows only buttons that work; the services stay the
authority and refuse anything else. ``tests/test_permissions.py`` holds the two in step:
every offer succeeds through its service, every other action is refused by it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from egov.orgs.models import Agency, Department, Role
from egov.orgs.permissions import can_act

from .lifecycle import Action, Status, allowed
from .models import Consultation, Dossier, Step
from .services import _core
from .services import steps as step_rules
from .services.processing import SUPPLEMENT_WINDOW_DAYS

# Actions about one active step: the form names the step.
STEP_ACTIONS = frozenset(
    {
        Action.FORWARD,
        Action.SEND_BACK,
        Action.CONSULT,
        Action.REQUEST_SUPPLEMENT,
        Action.PROPOSE_REFUSAL,
        Action.APPROVE,
    }
)
DESK = Role.DESK_OFFICER
LEADER = Role.AGENCY_LEADER
HEAD = Role.DEPARTMENT_HEAD
# Actions the receiving desk takes, with the states it takes them in.
DESK_ACTIONS = (
    Action.ACCEPT,
    Action.ASK_COMPLETION,
    Action.COMPLETE,
    Action.REFUSE_RECEPTION,
    Action.SUPPLEMENT,
    Action.RETURN_RESULT,
    Action.STOP,
)
# Actions of the competent agency as a whole, with the roles the services accept.
AGENCY_ACTIONS: dict[Action, tuple[Role, ...]] = {
    Action.APPROVE_REFUSAL: (LEADER,),
    Action.REJECT_REFUSAL: (LEADER,),
    Action.ISSUE_RESULT: (Role.CLERK, LEADER),
    Action.HAND_TO_DESK: (Role.CLERK, Role.SPECIALIST, LEADER, DESK),
    Action.LATE_NOTICE: (LEADER, HEAD),
}
CONSULTED_ROLES = (Role.SPECIALIST, HEAD, LEADER)


@dataclass(frozen=True)
class Offer:
    """One action the user may take now, and what it is about (a step, a consultation)."""

    action: Action
    step: Step | None = None
    consultation: Consultation | None = None

    @property
    def target_id(self) -> int | None:
        target = self.step or self.consultation
        return target.pk if target is not None else None


class _Roles:
    """``can_act`` answers for one user in the agency itself (as the services ask it),
    remembered for one page (each costs queries)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._seen: dict[tuple[int, tuple[Role, ...], int | None], bool] = {}

    def has(
        self, agency: Agency, roles: Iterable[Role], department: Department | None = None
    ) -> bool:
        wanted = tuple(roles)
        key = (agency.pk, wanted, department.pk if department is not None else None)
        if key not in self._seen:
            self._seen[key] = can_act(
                self.user, agency=agency, roles=wanted, department=department, inherited=False
            )
        return self._seen[key]


def _step_actor(roles: _Roles, step: Step) -> bool:
    """``steps.require_step_actor`` without raising."""
    if step.handler_id is not None and step.handler_id == getattr(roles.user, "pk", None):
        return True
    if roles.has(step.agency, [LEADER]):
        return True
    return step.handler_id is None and roles.has(step.agency, [Role(step.role)], step.department)


def may_assign(roles: _Roles, step: Step) -> bool:
    """The department head of the step's department, or the leader of its agency."""
    if step.state == Step.State.DONE:
        return False
    if step.department is not None and roles.has(step.agency, [HEAD], step.department):
        return True
    return roles.has(step.agency, [LEADER])


def _done_before(dossier: Dossier, action: Action) -> bool:
    return dossier.events.filter(action=action).exists()


def _desk_offers(roles: _Roles, dossier: Dossier) -> list[Offer]:
    if not roles.has(dossier.agency, [DESK]):
        return []
    offers = []
    for action in DESK_ACTIONS:
        if not allowed(action, dossier.status):
            continue
        if action == Action.ASK_COMPLETION and _done_before(dossier, action):
            continue
        offers.append(Offer(action))
    return offers


def _late_notice_possible(dossier: Dossier) -> bool:
    if dossier.original_due_at is not None or _done_before(dossier, Action.LATE_NOTICE):
        return False
    if dossier.due_at is None:
        return False
    return _core.due_after(dossier.agency, _core.now(), 1) <= dossier.due_at


def _agency_offers(roles: _Roles, dossier: Dossier) -> list[Offer]:
    offers = []
    for action, wanted in AGENCY_ACTIONS.items():
        if not allowed(action, dossier.status) or not roles.has(dossier.handling_agency, wanted):
            continue
        if action == Action.LATE_NOTICE and not _late_notice_possible(dossier):
            continue
        offers.append(Offer(action))
    return offers


def _supplement_window_open(dossier: Dossier) -> bool:
    now = _core.now()
    limit = _core.due_after(dossier.agency, dossier.received_at or now, SUPPLEMENT_WINDOW_DAYS)
    return now <= limit and not _done_before(dossier, Action.REQUEST_SUPPLEMENT)


def _step_offers(roles: _Roles, dossier: Dossier, steps: list[Step]) -> list[Offer]:
    offers: list[Offer] = []
    if allowed(Action.ASSIGN, dossier.status):
        offers += [Offer(Action.ASSIGN, step=s) for s in steps if may_assign(roles, s)]
    active = [s for s in steps if s.state == Step.State.ACTIVE]
    if not active:
        return offers
    decision = step_rules.approval_position(steps)
    supplement_open: bool | None = None
    for step in active:
        if (
            step.position == decision
            and allowed(Action.APPROVE, dossier.status)
            and roles.has(step.agency, [LEADER])
        ):
            offers.append(Offer(Action.APPROVE, step=step))
        if not _step_actor(roles, step):
            continue
        if allowed(Action.FORWARD, dossier.status) and step.position < decision:
            offers.append(Offer(Action.FORWARD, step=step))
        earlier = [s for s in steps if s.stage < step.stage and s.role != DESK]
        if allowed(Action.SEND_BACK, dossier.status) and earlier:
            offers.append(Offer(Action.SEND_BACK, step=step))
        if allowed(Action.CONSULT, dossier.status):
            offers.append(Offer(Action.CONSULT, step=step))
        if allowed(Action.REQUEST_SUPPLEMENT, dossier.status):
            if supplement_open is None:
                supplement_open = _supplement_window_open(dossier)
            if supplement_open:
                offers.append(Offer(Action.REQUEST_SUPPLEMENT, step=step))
        if allowed(Action.PROPOSE_REFUSAL, dossier.status):
            offers.append(Offer(Action.PROPOSE_REFUSAL, step=step))
    return offers


def _consultation_offers(roles: _Roles, dossier: Dossier) -> list[Offer]:
    if not allowed(Action.ANSWER_CONSULTATION, dossier.status):
        return []
    pending = dossier.consultations.filter(answered_at__isnull=True).select_related("agency")
    return [
        Offer(Action.ANSWER_CONSULTATION, consultation=c)
        for c in pending
        if roles.has(c.agency, CONSULTED_ROLES)
    ]


def offers(user: Any, dossier: Dossier, *, steps: list[Step] | None = None) -> list[Offer]:
    """Every action ``user`` may take on ``dossier`` now, with its step or consultation.

    ``steps`` are the dossier's steps if the caller has them already (all of them: the
    decision step and earlier stages are found among them).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    roles = _Roles(user)
    if steps is None:
        steps = step_rules.all_steps(dossier)
    return [
        *_desk_offers(roles, dossier),
        *_step_offers(roles, dossier, steps),
        *_consultation_offers(roles, dossier),
        *_agency_offers(roles, dossier),
    ]


def available_actions(user: Any, dossier: Dossier) -> list[Action]:
    """The actions (each once) ``user`` may take on ``dossier`` now."""
    seen: dict[Action, None] = {}
    for offer in offers(user, dossier):
        seen.setdefault(offer.action, None)
    return list(seen)


def may_edit_documents(user: Any, dossier: Dossier) -> bool:
    """Whether ``user`` may scan documents into (or take them out of) the dossier: the
    receiving desk, while it checks the dossier (``services.component_upload``)."""
    return dossier.status in (Status.SUBMITTED, Status.INCOMPLETE) and can_act(
        user, agency=dossier.agency, role=DESK, inherited=False
    )


def handler_candidates(step: Step) -> list[Any]:
    """Officials who may be given ``step`` (``services.assign`` accepts exactly these)."""
    from egov.orgs.models import User

    people = (
        User.objects.filter(
            is_active=True,
            official__agency_id=step.agency_id,
            official__roles__role=step.role,
        )
        .select_related("official")
        .order_by("first_name", "username")
        .distinct()
    )
    return [
        person
        for person in people
        if can_act(
            person,
            agency=step.agency,
            role=Role(step.role),
            department=step.department,
            inherited=False,
        )
    ]
