"""Processing a received dossier: handlers, steps, consultations, supplements, refusal and
approval (DOMAIN.md §4). Each action is allowed only to the right role of the right agency,
in the states ``lifecycle.TRANSITIONS`` allows, and is written to the history."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed
from egov.orgs.models import Agency, Role
from egov.orgs.permissions import can_act
from egov.signing.models import Certificate

from .. import asked
from ..lifecycle import Action
from ..models import Consultation, Dossier, DossierFile, Step
from . import files, paperwork, results, steps
from ._core import (
    check_state,
    commit,
    due_after,
    lock,
    now,
    record,
    require_any_role,
    require_owner,
    required_items,
    required_text,
    transition,
)

SUPPLEMENT_WINDOW_DAYS = 3


@transaction.atomic
def assign(
    dossier: Dossier,
    *,
    actor: Any,
    step: Step | int,
    handler: Any,
    expected_version: int | None = None,
) -> Dossier:
    """The department head (or the agency's leader) gives a step to one official."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.ASSIGN)
    target = _step_of(dossier, step)
    if target.state == Step.State.DONE:
        raise ValidationFailed(_("This step is already done."), code="step_done")
    role = (
        Role.DEPARTMENT_HEAD
        if target.department is not None
        and can_act(
            actor,
            agency=target.agency,
            role=Role.DEPARTMENT_HEAD,
            department=target.department,
            inherited=False,
        )
        else None
    )
    if role is None:
        role = require_any_role(actor, target.agency, [Role.AGENCY_LEADER])
    if not can_act(
        handler,
        agency=target.agency,
        role=Role(target.role),
        department=target.department,
        inherited=False,
    ):
        raise ValidationFailed(
            _("%(name)s cannot handle this step (needed: %(role)s in %(agency)s).")
            % {
                "name": handler.get_full_name() or handler.username,
                "role": Role(target.role).label,
                "agency": target.agency.name,
            },
            code="handler_not_eligible",
        )
    target.handler = handler
    target.save(update_fields=["handler"])
    commit(dossier)
    record(
        dossier,
        Action.ASSIGN,
        actor=actor,
        role=role,
        from_status=dossier.status,
        step=target,
        agency=target.agency,
        data={"handler": handler.pk, "handler_name": handler.get_full_name()},
    )
    return dossier


def _step_of(dossier: Dossier, step: Step | int) -> Step:
    pk = step.pk if isinstance(step, Step) else step
    found = dossier.steps.select_related("agency", "department", "handler").filter(pk=pk).first()
    if found is None:
        raise ValidationFailed(_("This step does not belong to this dossier."), code="wrong_step")
    return found


@transaction.atomic
def forward(
    dossier: Dossier,
    *,
    actor: Any,
    step: Step | int | None = None,
    note: str = "",
    expected_version: int | None = None,
    attachment: File[Any] | None = None,
) -> Dossier:
    """Finish the current step and hand the dossier to the next one (until the decision),
    with an optional ``attachment`` (e.g. the appraisal report) on its history line."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.FORWARD)
    current = steps.pick_active(dossier, step, actor=actor)
    role = steps.require_step_actor(actor, current)
    if current.position >= steps.approval_position(steps.all_steps(dossier)):
        raise ValidationFailed(
            _("This is the decision step: approve the result or propose a refusal."),
            code="decision_step",
        )
    at = now()
    steps.finish(current, at, handler=actor)
    started = steps.start_stage_after(dossier, current.stage, at)
    commit(dossier)
    event = record(
        dossier,
        Action.FORWARD,
        actor=actor,
        role=role,
        from_status=dossier.status,
        step=current,
        agency=current.agency,
        note=note,
        data={"to_steps": [s.pk for s in started]},
    )
    files.attach(dossier, attachment, actor=actor, event=event)
    return dossier


@transaction.atomic
def send_back(
    dossier: Dossier,
    *,
    actor: Any,
    reason: str,
    step: Step | int | None = None,
    expected_version: int | None = None,
    attachment: File[Any] | None = None,
) -> Dossier:
    """Return the dossier to the previous processing step, with the reason (and an optional
    ``attachment``)."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.SEND_BACK)
    reason = required_text(reason, str(_("Say why the dossier is sent back.")))
    current = steps.pick_active(dossier, step, actor=actor)
    role = steps.require_step_actor(actor, current)
    ordered = steps.all_steps(dossier)
    earlier = [s for s in ordered if s.stage < current.stage and s.role != Role.DESK_OFFICER]
    if not earlier:
        raise ValidationFailed(_("There is no earlier step to send back to."), code="no_previous")
    previous_stage = max(s.stage for s in earlier)
    at = now()
    for sibling in (s for s in ordered if s.stage == current.stage):
        sibling.state = Step.State.WAITING
        sibling.started_at = sibling.due_at = sibling.finished_at = None
        sibling.save(update_fields=["state", "started_at", "due_at", "finished_at"])
    for again in (s for s in earlier if s.stage == previous_stage):
        steps.start(again, at)
    commit(dossier)
    event = record(
        dossier,
        Action.SEND_BACK,
        actor=actor,
        role=role,
        from_status=dossier.status,
        step=current,
        agency=current.agency,
        note=reason,
    )
    files.attach(dossier, attachment, actor=actor, event=event)
    return dossier


@transaction.atomic
def consult(
    dossier: Dossier,
    *,
    actor: Any,
    agency: Agency,
    question: str,
    days: Decimal | int | str,
    step: Step | int | None = None,
    expected_version: int | None = None,
    attachment: File[Any] | None = None,
) -> Consultation:
    """Ask another unit's opinion, with a deadline in working days (and an optional
    ``attachment`` for the consulted unit)."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.CONSULT)
    question = required_text(question, str(_("Write the question for the consulted unit.")))
    current = steps.pick_active(dossier, step, actor=actor)
    role = steps.require_step_actor(actor, current)
    if agency.pk == current.agency_id:
        raise ValidationFailed(_("Consult another unit than your own."), code="consult_self")
    if Decimal(str(days)) <= 0:
        raise ValidationFailed(_("Give the consulted unit at least half a working day."))
    at = now()
    consultation = Consultation.objects.create(
        dossier=dossier,
        step=current,
        agency=agency,
        question=question,
        due_at=due_after(agency, at, days),
        requested_by=actor,
    )
    commit(dossier)
    event = record(
        dossier,
        Action.CONSULT,
        actor=actor,
        role=role,
        from_status=dossier.status,
        step=current,
        agency=current.agency,
        note=question,
        data={"consultation": consultation.pk, "agency": agency.code},
    )
    files.attach(dossier, attachment, actor=actor, event=event)
    return consultation


@transaction.atomic
def answer_consultation(
    consultation: Consultation,
    *,
    actor: Any,
    answer: str,
    attachment: File[Any] | None = None,
) -> Consultation:
    """The consulted unit answers, once (with an optional ``attachment``)."""
    dossier = lock(consultation.dossier_id)
    check_state(dossier, Action.ANSWER_CONSULTATION)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    role = require_any_role(
        actor,
        consultation.agency,
        [Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER],
    )
    if consultation.answered_at is not None:
        raise ValidationFailed(
            _("This consultation has already been answered."), code="already_answered"
        )
    answer = required_text(answer, str(_("Write the answer.")))
    consultation.answer = answer
    consultation.answered_by = actor
    consultation.answered_at = now()
    consultation.save(update_fields=["answer", "answered_by", "answered_at"])
    commit(dossier)
    event = record(
        dossier,
        Action.ANSWER_CONSULTATION,
        actor=actor,
        role=role,
        from_status=dossier.status,
        agency=consultation.agency,
        note=answer,
        data={"consultation": consultation.pk},
    )
    files.attach(dossier, attachment, actor=actor, event=event)
    return consultation


@transaction.atomic
def request_supplement(
    dossier: Dossier,
    *,
    actor: Any,
    items: Sequence[str | Sequence[str]],
    note: str = "",
    step: Step | int | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """After appraisal, ask once for a supplement, within 3 working days of receipt; the
    processing clock stops until the applicant supplements (form 02). ``items`` are what is
    asked for, each a ``(what, why)`` pair or a bare text whose reason is ``note``: an item
    left without a reason refuses the request."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.REQUEST_SUPPLEMENT)
    current = steps.pick_active(dossier, step, actor=actor)
    role = steps.require_step_actor(actor, current)
    cleaned = asked.items_with_reasons(
        items, note=note, message=str(_("List everything the applicant must supplement."))
    )
    at = now()
    limit = due_after(dossier.agency, dossier.received_at or at, SUPPLEMENT_WINDOW_DAYS)
    if at > limit:
        raise ValidationFailed(
            _(
                "A supplement may be requested only within %(days)s working days of receipt "
                "(until %(limit)s)."
            )
            % {"days": SUPPLEMENT_WINDOW_DAYS, "limit": _local(limit)},
            code="supplement_too_late",
        )
    if dossier.events.filter(action=Action.REQUEST_SUPPLEMENT).exists():
        raise ValidationFailed(
            _("A supplement was already requested once for this dossier."),
            code="supplement_already_requested",
        )
    dossier.paused_at = at
    event = transition(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        actor=actor,
        role=role,
        fields=["paused_at"],
        step=current,
        agency=current.agency,
        note=note,
        data=asked.as_data(cleaned),
    )
    paperwork.issue(dossier, "02", event=event, actor=actor, items=cleaned)
    return dossier


def _local(moment: Any) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


@transaction.atomic
def supplement(
    dossier: Dossier,
    *,
    actor: Any,
    uploads: Sequence[File[Any]] = (),
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The applicant (or the desk for them) supplements; the processing time restarts from
    zero (DOMAIN.md §4) and the waiting steps get new due dates."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.SUPPLEMENT)
    role: Role | str = ""
    if dossier.owner_id is not None and dossier.owner_id == getattr(actor, "pk", None):
        require_owner(actor, dossier)
    else:
        role = require_any_role(actor, dossier.agency, [Role.DESK_OFFICER])
    if not uploads and not note.strip():
        raise ValidationFailed(_("Attach the documents asked for, or explain what you bring."))
    at = now()
    dossier.paused_at = None
    dossier.clock_started_at = at
    dossier.due_at = due_after(dossier.agency, at, dossier.procedure_version.processing_days)
    dossier.original_due_at = None
    for current in steps.active(dossier):
        steps.start(current, at)
    event = transition(
        dossier,
        Action.SUPPLEMENT,
        actor=actor,
        role=role,
        fields=["paused_at", "clock_started_at", "due_at", "original_due_at"],
        note=note,
        agency=dossier.agency,
    )
    for uploaded in uploads:
        files.store(dossier, uploaded, kind=DossierFile.Kind.SUPPLEMENT, actor=actor, event=event)
    return dossier


@transaction.atomic
def propose_refusal(
    dossier: Dossier,
    *,
    actor: Any,
    reasons: Sequence[str],
    step: Step | int | None = None,
    expected_version: int | None = None,
    attachment: File[Any] | None = None,
) -> Dossier:
    """The handler proposes to refuse, with reasons (and an optional ``attachment``); the
    leader decides."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.PROPOSE_REFUSAL)
    cleaned = required_items(reasons, str(_("Give the reasons for refusing.")))
    current = steps.pick_active(dossier, step, actor=actor)
    role = steps.require_step_actor(actor, current)
    event = transition(
        dossier,
        Action.PROPOSE_REFUSAL,
        actor=actor,
        role=role,
        step=current,
        agency=current.agency,
        note="\n".join(cleaned),
        data={"reasons": cleaned},
    )
    files.attach(dossier, attachment, actor=actor, event=event)
    return dossier


def _leader(actor: Any, dossier: Dossier) -> Role:
    return require_any_role(actor, dossier.handling_agency, [Role.AGENCY_LEADER])


@transaction.atomic
def approve_refusal(
    dossier: Dossier,
    *,
    actor: Any,
    note: str = "",
    expected_version: int | None = None,
    attachment: File[Any] | None = None,
) -> Dossier:
    """The leader refuses the dossier for the reasons proposed (refusal notice), with an
    optional ``attachment``."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.APPROVE_REFUSAL)
    role = _leader(actor, dossier)
    proposal = dossier.events.filter(action=Action.PROPOSE_REFUSAL).order_by("-at", "-id").first()
    reasons = list(proposal.data.get("reasons", [])) if proposal else []
    at = now()
    dossier.decided_at = dossier.closed_at = at
    for current in steps.active(dossier):
        steps.finish(current, at)
    event = transition(
        dossier,
        Action.APPROVE_REFUSAL,
        actor=actor,
        role=role,
        fields=["decided_at", "closed_at"],
        agency=dossier.handling_agency,
        note=note,
        data={"reasons": reasons},
    )
    paperwork.issue(dossier, "03", event=event, actor=actor, reasons=reasons, after_appraisal=True)
    files.attach(dossier, attachment, actor=actor, event=event)
    return dossier


@transaction.atomic
def reject_refusal(
    dossier: Dossier,
    *,
    actor: Any,
    note: str,
    expected_version: int | None = None,
    attachment: File[Any] | None = None,
) -> Dossier:
    """The leader does not agree to refuse; processing goes on (optional ``attachment``)."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.REJECT_REFUSAL)
    role = _leader(actor, dossier)
    note = required_text(note, str(_("Say why the refusal is not approved.")))
    event = transition(
        dossier,
        Action.REJECT_REFUSAL,
        actor=actor,
        role=role,
        agency=dossier.handling_agency,
        note=note,
    )
    files.attach(dossier, attachment, actor=actor, event=event)
    return dossier


@transaction.atomic
def approve(
    dossier: Dossier,
    *,
    actor: Any,
    note: str = "",
    step: Step | int | None = None,
    expected_version: int | None = None,
    result: File[Any] | None = None,
    generate: bool = False,
    certificate: Certificate | None = None,
    attachment: File[Any] | None = None,
) -> Dossier:
    """The leader approves the result at the decision step, optionally with the result
    document itself (an unsigned PDF ``result``, or with ``generate`` a result notice whose
    content is ``note``): egov prints its verification code and signs it with the leader's
    personal certificate (``certificate``, or the leader's newest valid one); a leader
    without one approves all the same and the result goes out without their signature.
    ``attachment``: an optional file for the record (not the result), e.g. sign-off notes."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.APPROVE)
    current = steps.pick_active(dossier, step, actor=actor)
    role = require_any_role(actor, current.agency, [Role.AGENCY_LEADER])
    if current.position != steps.approval_position(steps.all_steps(dossier)):
        raise ValidationFailed(
            _("The dossier has not reached the decision step yet."), code="not_decision_step"
        )
    if result is not None and generate:
        raise ValidationFailed(
            _("Either upload the result or generate it, not both."), code="result_twice"
        )
    prepared = None
    if result is not None or generate:
        prepared = results.for_approval(
            dossier,
            actor=actor,
            upload=result,
            generate=generate,
            decision=note,
            certificate=certificate,
        )
    at = now()
    steps.finish(current, at, handler=actor)
    steps.start_stage_after(dossier, current.stage, at)
    dossier.decided_at = at
    event = transition(
        dossier,
        Action.APPROVE,
        actor=actor,
        role=role,
        fields=["decided_at"],
        step=current,
        agency=current.agency,
        note=note,
        data=prepared.data if prepared else None,
    )
    if prepared is not None:
        results.keep(
            dossier, prepared, kind=DossierFile.Kind.APPROVED_RESULT, actor=actor, event=event
        )
    files.attach(dossier, attachment, actor=actor, event=event)
    return dossier
