"""Reception at the one-stop desk (DOMAIN.md §4): the officer checks a submitted dossier and
accepts it (receipt, code, due date), asks once for what is missing, or refuses it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed
from egov.orgs.models import Role

from .. import asked, fees, hooks
from ..lifecycle import Action
from ..models import Dossier, DossierFile, Event
from . import files, paperwork, steps
from ._core import (
    check_state,
    due_after,
    lock,
    now,
    require_any_role,
    require_owner,
    required_items,
    transition,
)
from .codes import next_code
from .submission import missing_components


@transaction.atomic
def accept(
    dossier: Dossier,
    *,
    actor: Any,
    expected_version: int | None = None,
    note: str = "",
    exemptions: Mapping[int, str] | None = None,
) -> Dossier:
    """Receive the dossier: give it its code and due date, fix what it owes, start its first
    processing step and issue the receipt (form 01).

    ``exemptions`` maps fees of the schedule (ids) to the legal ground the desk waives them
    on; the dossier keeps what remains owed (``fees_owed``, printed on form 01), the apps
    above keep the lines (reception hooks, e.g. payments' charge). A registered hold (e.g.
    fees to be paid at submission, still unpaid) refuses the reception."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.ACCEPT)
    role = require_any_role(actor, dossier.agency, [Role.DESK_OFFICER])
    missing = missing_components(dossier)
    if missing:
        raise ValidationFailed(
            _("Documents are missing: %(names)s. Ask the applicant to complete the dossier.")
            % {"names": "; ".join(c.name for c in missing)},
            code="components_missing",
        )
    version = dossier.procedure_version
    assessed = fees.assess(version, exemptions)
    hooks.received(dossier, actor=actor, exemptions=assessed.exemptions)
    hooks.require_clear(dossier, Action.ACCEPT)
    at = now()
    dossier.code = next_code(dossier.agency, at)
    dossier.received_at = at
    dossier.clock_started_at = at
    dossier.due_at = due_after(dossier.agency, at, version.processing_days)
    dossier.fees_owed = assessed.owed
    fields = ["code", "received_at", "clock_started_at", "due_at", "fees_owed"]
    first = steps.start_first_stage(dossier, steps.plan(dossier), at, actor)
    event = transition(
        dossier,
        Action.ACCEPT,
        actor=actor,
        role=role,
        fields=fields,
        note=note,
        step=first,
        agency=dossier.agency,
        data=_fee_data(assessed) if assessed.exempted else None,
    )
    paperwork.issue(dossier, "01", event=event, actor=actor)
    return dossier


def fees_owed_record(dossier: Dossier, *, amount: int) -> None:
    """Keep ``fees_owed`` in step when an app above fixes the fees again after reception
    (the desk changing an exemption on the fees page, or the applicant's first payment of a
    procedure paid at submission). Not a step of the dossier: its version and history do
    not change; the caller audits the new figure in its own transaction."""
    if amount < 0:
        raise ValidationFailed(_("An amount owed cannot be negative."), code="amount_negative")
    Dossier.objects.filter(pk=dossier.pk).exclude(fees_owed=amount).update(fees_owed=amount)
    dossier.fees_owed = amount


def _fee_data(assessed: fees.Assessment) -> dict[str, Any]:
    """What the history keeps of the exemptions granted at reception."""
    return {
        "fees": {
            "total": assessed.total,
            "exempted": assessed.exempted,
            "owed": assessed.owed,
            "exemptions": {str(fee): reason for fee, reason in assessed.exemptions.items()},
        }
    }


@transaction.atomic
def ask_completion(
    dossier: Dossier,
    *,
    actor: Any,
    items: Sequence[str | Sequence[str]],
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """Ask, once and completely, for what the dossier lacks (form 02): each item a
    ``(what, why)`` pair or a bare text whose reason is ``note``; an item left without a
    reason refuses the request."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.ASK_COMPLETION)
    role = require_any_role(actor, dossier.agency, [Role.DESK_OFFICER])
    cleaned = asked.items_with_reasons(
        items,
        note=note,
        message=str(_("List every document or detail that is missing.")),
        empty_code="reasons_required",
    )
    if dossier.events.filter(action=Action.ASK_COMPLETION).exists():
        raise ValidationFailed(
            _("Completion was already requested once; accept or refuse the dossier now."),
            code="completion_already_requested",
        )
    event = transition(
        dossier,
        Action.ASK_COMPLETION,
        actor=actor,
        role=role,
        note=note,
        agency=dossier.agency,
        data=asked.as_data(cleaned),
    )
    paperwork.issue(dossier, "02", event=event, actor=actor, items=cleaned)
    return dossier


@transaction.atomic
def complete(
    dossier: Dossier,
    *,
    actor: Any,
    uploads: Sequence[tuple[File[Any], Any]] = (),
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The applicant (online) or the desk (in person) brings what was asked for; the dossier
    goes back to the desk's check. ``uploads`` pairs each file with its component (or None)."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.COMPLETE)
    role: Role | str = ""
    if dossier.owner_id is not None and dossier.owner_id == getattr(actor, "pk", None):
        require_owner(actor, dossier)
    else:
        role = require_any_role(actor, dossier.agency, [Role.DESK_OFFICER])
    if not uploads and not note.strip():
        raise ValidationFailed(_("Attach the documents asked for, or explain what you bring."))
    event = transition(
        dossier, Action.COMPLETE, actor=actor, role=role, note=note, agency=dossier.agency
    )
    for uploaded, component in uploads:
        files.store(
            dossier,
            uploaded,
            kind=DossierFile.Kind.COMPONENT,
            actor=actor,
            component=component,
            event=event,
            digitised=bool(role),
        )
    return dossier


@transaction.atomic
def refuse_reception(
    dossier: Dossier,
    *,
    actor: Any,
    reasons: Sequence[str],
    expected_version: int | None = None,
) -> Dossier:
    """Refuse to receive a dossier the agency cannot accept, with reasons (form 03)."""
    dossier = lock(dossier, expected_version=expected_version)
    check_state(dossier, Action.REFUSE_RECEPTION)
    role = require_any_role(actor, dossier.agency, [Role.DESK_OFFICER])
    cleaned = required_items(reasons, str(_("Give the reasons for refusing.")))
    dossier.closed_at = now()
    event: Event = transition(
        dossier,
        Action.REFUSE_RECEPTION,
        actor=actor,
        role=role,
        fields=["closed_at"],
        note="\n".join(cleaned),
        agency=dossier.agency,
        data={"reasons": cleaned},
    )
    paperwork.issue(dossier, "03", event=event, actor=actor, reasons=cleaned)
    return dossier
