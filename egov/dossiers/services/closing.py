"""From decision to result in hand: issuing and returning the result, the late notice with
a new date, the applicant's request to stop, and the applicant's rating."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed
from egov.orgs.models import Role

from .. import hooks
from ..lifecycle import Action
from ..models import Delivery, Dossier, DossierFile, Step
from . import paperwork, results, steps
from ._core import (
    check_state,
    due_after,
    lock,
    now,
    require_any_role,
    require_owner,
    required_text,
    transition,
)


@transaction.atomic
def issue_result(
    dossier: Dossier,
    *,
    actor: Any,
    result: File[Any] | None = None,
    generate: bool = False,
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The clerk (or the leader) issues the result: the document the leader approved, or
    when the leader approved none, one uploaded now (an unsigned PDF) or generated (a result
    notice with ``note`` as its content). An electronic result gets the agency's next number
    of the year and its organisation signature (when the agency has a valid certificate),
    and is registered under its verification code. The steps before the return at the desk
    are done. A result the applicant receives online must be a file."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.ISSUE_RESULT)
    role = require_any_role(actor, dossier.handling_agency, [Role.CLERK, Role.AGENCY_LEADER])
    if result is not None and generate:
        raise ValidationFailed(
            _("Either upload the result or generate it, not both."), code="result_twice"
        )
    at = now()
    prepared = results.for_issue(
        dossier, actor=actor, upload=result, generate=generate, decision=note, at=at
    )
    if prepared is None and dossier.delivery == Delivery.ONLINE:
        raise ValidationFailed(
            _("The applicant asked for the result online: upload the result document."),
            code="result_file_required",
        )
    ordered = steps.all_steps(dossier)
    final = steps.final_desk_step(ordered)
    for step in ordered:
        if step is not final and step.state != Step.State.DONE:
            steps.finish(step, at, handler=actor if step.state == Step.State.ACTIVE else None)
    dossier.finished_at = at
    fields = ["finished_at"]
    if prepared is not None:
        dossier.result_number = prepared.data["number"]
        dossier.result_notation = prepared.data["notation"]
        fields += ["result_number", "result_notation"]
    event = transition(
        dossier,
        Action.ISSUE_RESULT,
        actor=actor,
        role=role,
        fields=fields,
        agency=dossier.handling_agency,
        note=note,
        data=prepared.data if prepared else None,
    )
    if prepared is not None:
        results.keep(dossier, prepared, kind=DossierFile.Kind.RESULT, actor=actor, event=event)
        results.register(dossier, prepared, actor=actor)
    return dossier


@transaction.atomic
def hand_to_desk(
    dossier: Dossier, *, actor: Any, note: str = "", expected_version: int | None = None
) -> Dossier:
    """The processing agency hands the result to the one-stop desk for return."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.HAND_TO_DESK)
    role = require_any_role(
        actor,
        dossier.handling_agency,
        [Role.CLERK, Role.SPECIALIST, Role.AGENCY_LEADER, Role.DESK_OFFICER],
    )
    final = steps.final_desk_step(steps.all_steps(dossier))
    if final is not None and final.state == Step.State.WAITING:
        steps.start(final, now())
    transition(
        dossier,
        Action.HAND_TO_DESK,
        actor=actor,
        role=role,
        step=final,
        agency=dossier.handling_agency,
        note=note,
    )
    return dossier


@transaction.atomic
def return_result(
    dossier: Dossier,
    *,
    actor: Any,
    method: str,
    tracking_number: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The desk returns the result: handed over, made available online, or posted; refused
    while a registered hold stands (e.g. fees still unpaid: ``hooks``)."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.RETURN_RESULT)
    role = require_any_role(actor, dossier.agency, [Role.DESK_OFFICER])
    if method not in Delivery.values:
        raise ValidationFailed(_("Choose how the result was returned."), code="delivery")
    tracking_number = tracking_number.strip()
    if method == Delivery.POST and not tracking_number:
        raise ValidationFailed(
            _("Enter the postal tracking number."), code="tracking_number_required"
        )
    if (
        method == Delivery.ONLINE
        and not dossier.files.filter(kind=DossierFile.Kind.RESULT, removed=False).exists()
    ):
        raise ValidationFailed(
            _("There is no electronic result to return online."), code="no_result_file"
        )
    hooks.require_clear(dossier, Action.RETURN_RESULT)
    at = now()
    final = steps.final_desk_step(steps.all_steps(dossier))
    if final is not None and final.state != Step.State.DONE:
        steps.finish(final, at, handler=actor)
    dossier.returned_at = dossier.closed_at = at
    dossier.returned_by = method
    dossier.tracking_number = tracking_number
    transition(
        dossier,
        Action.RETURN_RESULT,
        actor=actor,
        role=role,
        fields=["returned_at", "closed_at", "returned_by", "tracking_number"],
        step=final,
        agency=dossier.agency,
        note=note,
        data={"method": method, "tracking_number": tracking_number},
    )
    return dossier


@transaction.atomic
def late_notice(
    dossier: Dossier,
    *,
    actor: Any,
    reason: str,
    new_due: dt.datetime,
    expected_version: int | None = None,
) -> Dossier:
    """Apologise and set a new date (form 04): once, and at least one working day before
    the due date."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.LATE_NOTICE)
    role = require_any_role(
        actor, dossier.handling_agency, [Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD]
    )
    reason = required_text(reason, str(_("Give the reason for the delay.")), code="reason_required")
    if (
        dossier.original_due_at is not None
        or dossier.events.filter(action=Action.LATE_NOTICE).exists()
    ):
        raise ValidationFailed(
            _("The date has already been moved once; it cannot be moved again."),
            code="already_extended",
        )
    at = now()
    if dossier.due_at is None or due_after(dossier.agency, at, 1) > dossier.due_at:
        raise ValidationFailed(
            _("The apology must be sent at least one working day before the due date."),
            code="late_notice_too_late",
        )
    if new_due.tzinfo is None or new_due <= dossier.due_at:
        raise ValidationFailed(
            _("The new date must be after the current due date."), code="new_due_invalid"
        )
    previous = dossier.due_at
    dossier.original_due_at = previous
    dossier.due_at = new_due
    event = transition(
        dossier,
        Action.LATE_NOTICE,
        actor=actor,
        role=role,
        fields=["original_due_at", "due_at"],
        agency=dossier.handling_agency,
        note=reason,
        data={"previous_due": previous.isoformat(), "new_due": new_due.isoformat()},
    )
    paperwork.issue(dossier, "04", event=event, actor=actor, reason=reason, previous_due=previous)
    return dossier


@transaction.atomic
def stop(
    dossier: Dossier, *, actor: Any, reason: str, expected_version: int | None = None
) -> Dossier:
    """Stop at the applicant's request (form 05): the applicant online, or the desk
    recording a written request."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.STOP)
    role: Role | str = ""
    if dossier.owner_id is not None and dossier.owner_id == getattr(actor, "pk", None):
        require_owner(actor, dossier)
    else:
        role = require_any_role(actor, dossier.agency, [Role.DESK_OFFICER])
    reason = required_text(reason, str(_("Give the reason for stopping.")), code="reason_required")
    at = now()
    for current in steps.active(dossier):
        steps.finish(current, at)
    dossier.closed_at = at
    event = transition(
        dossier,
        Action.STOP,
        actor=actor,
        role=role,
        fields=["closed_at"],
        agency=dossier.agency,
        note=reason,
    )
    if dossier.code:
        paperwork.issue(dossier, "05", event=event, actor=actor, reason=reason)
    return dossier


@transaction.atomic
def rate(dossier: Dossier, *, actor: Any, rating: int, comment: str = "") -> Dossier:
    """The applicant rates the service once the result is returned (1–5)."""
    dossier = lock(dossier)
    require_owner(actor, dossier)
    check_state(dossier, Action.RATE)
    if dossier.rating is not None:
        raise ValidationFailed(_("You have already rated this dossier."), code="already_rated")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationFailed(_("Choose a rating from 1 to 5."), code="rating_range")
    dossier.rating = rating
    dossier.rating_comment = comment.strip()
    dossier.rated_at = now()
    transition(
        dossier,
        Action.RATE,
        actor=actor,
        fields=["rating", "rating_comment", "rated_at"],
        data={"rating": rating},
    )
    return dossier
