"""The dossier's steps: copied from the procedure's process template at reception, then
activated stage by stage. Steps of one stage run in parallel (inter-agency dossiers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from egov.catalog.models import ProcessStep
from egov.core.errors import PermissionRefused, ValidationFailed
from egov.orgs.models import Agency, Department, Role
from egov.orgs.permissions import can_act

from ..models import Dossier, Step
from ._core import due_after

DESK = Role.DESK_OFFICER


def step_agency(dossier: Dossier, template: ProcessStep) -> Agency:
    """The agency the template names (a step in another agency of an inter-agency
    procedure); otherwise the receiving desk for desk steps, the competent agency for the
    others. A named agency that no longer exists stops the reception rather than send the
    step to the wrong agency."""
    if template.agency_code:
        other = Agency.objects.filter(code=template.agency_code).first()
        if other is None:
            raise ValidationFailed(
                _(
                    "Step %(position)s of this procedure names agency %(code)s, which does "
                    "not exist; the catalogue must be corrected before reception."
                )
                % {"position": template.position, "code": template.agency_code},
                code="step_agency_unknown",
            )
        return other
    return dossier.agency if template.role == DESK else dossier.handling_agency


def plan(dossier: Dossier) -> list[Step]:
    """Create the dossier's steps from its procedure version's template."""
    steps = []
    for template in dossier.procedure_version.steps.order_by("position"):
        agency = step_agency(dossier, template)
        department = (
            Department.objects.filter(agency=agency, code=template.department).first()
            if template.department
            else None
        )
        steps.append(
            Step(
                dossier=dossier,
                position=template.position,
                stage=template.effective_stage,
                name=template.name,
                agency=agency,
                department=department,
                role=template.role,
                days=template.days,
            )
        )
    if not steps:
        raise ValidationFailed(_("This procedure has no process steps; it cannot be received."))
    return Step.objects.bulk_create(steps)


def all_steps(dossier: Dossier) -> list[Step]:
    return list(
        dossier.steps.select_related("agency", "department", "handler").order_by("position")
    )


def active(dossier: Dossier) -> list[Step]:
    return [s for s in all_steps(dossier) if s.state == Step.State.ACTIVE]


def approval_position(steps: list[Step]) -> int:
    """The step whose completion is the decision: the last leader step (else the last
    step that is not the desk's)."""
    for step in reversed(steps):
        if step.role == Role.AGENCY_LEADER:
            return step.position
    for step in reversed(steps):
        if step.role != DESK:
            return step.position
    return steps[-1].position


def final_desk_step(steps: list[Step]) -> Step | None:
    last = steps[-1] if steps else None
    return last if last is not None and last.role == DESK and len(steps) > 1 else None


def start(step: Step, at: dt.datetime) -> None:
    step.state = Step.State.ACTIVE
    step.started_at = at
    step.due_at = due_after(step.agency, at, step.days)
    step.finished_at = None
    step.save(update_fields=["state", "started_at", "due_at", "finished_at"])


def finish(step: Step, at: dt.datetime, *, handler: Any = None) -> None:
    step.state = Step.State.DONE
    step.finished_at = at
    fields = ["state", "finished_at"]
    if handler is not None and step.handler_id is None:
        step.handler = handler
        fields.append("handler")
    step.save(update_fields=fields)


def start_first_stage(dossier: Dossier, planned: list[Step], at: dt.datetime, actor: Any) -> Step:
    """At reception: start the first stage; the desk's own reception step is done at once
    and the process moves on. Returns the first step."""
    first = planned[0]
    for step in planned:
        if step.stage == first.stage:
            start(step, at)
    if first.role == DESK:
        finish(first, at, handler=actor)
        start_stage_after(dossier, first.stage, at)
    return first


def start_stage_after(dossier: Dossier, stage: int, at: dt.datetime) -> list[Step]:
    """Activate the next stage once every step of ``stage`` is done."""
    steps = all_steps(dossier)
    if any(s.stage == stage and s.state != Step.State.DONE for s in steps):
        return []
    later = [s for s in steps if s.stage > stage]
    if not later:
        return []
    next_stage = min(s.stage for s in later)
    started = [s for s in later if s.stage == next_stage]
    for step in started:
        start(step, at)
    return started


def pick_active(dossier: Dossier, step: Step | int | None, *, actor: Any = None) -> Step:
    """The active step an action is about: the one named, or the only active one (of the
    active steps ``actor`` may act on, when steps run in parallel)."""
    current = active(dossier)
    if step is not None:
        pk = step.pk if isinstance(step, Step) else step
        for candidate in current:
            if candidate.pk == pk:
                return candidate
        raise ValidationFailed(_("This step is not in progress."), code="step_not_active")
    if len(current) > 1 and actor is not None:
        mine = [s for s in current if may_act_on(actor, s)]
        if len(mine) == 1:
            return mine[0]
    if len(current) != 1:
        raise ValidationFailed(
            _("Choose which of the steps in progress this action is about."),
            code="step_ambiguous",
        )
    return current[0]


def may_act_on(actor: Any, step: Step) -> bool:
    try:
        require_step_actor(actor, step)
    except PermissionRefused:
        return False
    return True


def require_step_actor(actor: Any, step: Step) -> Role:
    """The handler of the step, or (before one is assigned) anyone holding the step's role
    in its agency and department; the agency's own leader may always act."""
    role = Role(step.role)
    if step.handler_id is not None and step.handler_id == getattr(actor, "pk", None):
        return role
    if can_act(actor, agency=step.agency, role=Role.AGENCY_LEADER, inherited=False):
        return Role.AGENCY_LEADER
    if step.handler_id is None and can_act(
        actor, agency=step.agency, role=role, department=step.department, inherited=False
    ):
        return role
    raise PermissionRefused(
        _("This step is handled by %(who)s; you may not act on it.")
        % {"who": step.handler.get_full_name() if step.handler else role.label},
        code="not_step_actor",
    )
