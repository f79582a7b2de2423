"""What the applicant sees of their dossier: the history without internal deliberation, the
officials by role only, and the files meant for them.

Officials appear by role and agency ("Specialist · UBND xã An Bình"), not by name: the
applicant needs to know where the dossier is and who is answerable (the agency), and the
forms the desk issues carry the signing officer's name where the law requires it. Names on
a public-facing timeline invite pressure on individual officials outside the desk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from egov.orgs.models import Role

from .. import asked, hooks
from ..documents import with_signing
from ..lifecycle import Action, Status
from ..lookup import RESULT_READY, public_status
from ..models import Dossier, DossierFile, Event

# Internal work the applicant is not shown: who was assigned, steps sent back between
# officials, consultations with other units, and a refusal still under the leader's review.
HIDDEN_ACTIONS = frozenset(
    {
        Action.ASSIGN,
        Action.SEND_BACK,
        Action.CONSULT,
        Action.ANSWER_CONSULTATION,
        Action.PROPOSE_REFUSAL,
        Action.REJECT_REFUSAL,
    }
)
# Actions whose note is written to the applicant (the others' notes are internal).
NOTE_FOR_APPLICANT = frozenset(
    {
        Action.ASK_COMPLETION,
        Action.REQUEST_SUPPLEMENT,
        Action.LATE_NOTICE,
        Action.STOP,
        Action.COMPLETE,
        Action.SUPPLEMENT,
        Action.RETURN_RESULT,
    }
)
ASKING_ACTIONS = (Action.ASK_COMPLETION, Action.REQUEST_SUPPLEMENT)
CITIZEN_FILE_KINDS = frozenset(
    {
        DossierFile.Kind.COMPONENT,
        DossierFile.Kind.SUPPLEMENT,
        DossierFile.Kind.FORM,
        DossierFile.Kind.RESULT,
    }
)


@dataclass
class HistoryLine:
    at: dt.datetime
    action: str
    by: str
    status: str = ""
    note: str = ""
    items: list[str] = field(default_factory=list)
    tracking_number: str = ""


def _by(event: Event, dossier: Dossier) -> str:
    if event.actor_id is not None and event.actor_id == dossier.owner_id:
        return str(_("You"))
    agency = event.agency.name if event.agency is not None else ""
    if event.actor_role:
        try:
            role = str(Role(event.actor_role).label)
        except ValueError:
            role = str(_("Official"))
        return f"{role} · {agency}" if agency else role
    if event.actor_id is None:
        return agency or str(_("The system"))
    return agency or str(_("Official"))


def history(dossier: Dossier) -> list[HistoryLine]:
    """The dossier's history as its applicant sees it, oldest first."""
    lines = []
    events = dossier.events.select_related("agency").order_by("at", "id")
    for event in events:
        if event.action in HIDDEN_ACTIONS:
            continue
        try:
            action = str(Action(event.action).label)
        except ValueError:
            continue
        data: dict[str, Any] = event.data or {}
        items = asked.lines(data) or [str(i) for i in data.get("reasons", []) or []]
        changed = event.to_status and event.to_status != event.from_status
        lines.append(
            HistoryLine(
                at=event.at,
                action=action,
                by=_by(event, dossier),
                status=str(public_status(event.to_status).label) if changed else "",
                note=event.note if event.action in NOTE_FOR_APPLICANT else "",
                items=items,
                tracking_number=str(data.get("tracking_number") or ""),
            )
        )
    return lines


def may_download(dossier: Dossier, dossier_file: DossierFile) -> bool:
    """The applicant's own documents and the forms issued to them always; the result once
    it is ready to be returned (the agency may still correct it before) and nothing holds
    its return."""
    if dossier_file.removed or dossier_file.dossier_id != dossier.pk:
        return False
    if dossier_file.kind not in CITIZEN_FILE_KINDS:
        return False
    if dossier_file.kind == DossierFile.Kind.RESULT:
        return dossier.status in RESULT_READY and not result_holds(dossier)
    return True


def result_holds(dossier: Dossier) -> list[str]:
    """Why a result at the desk is not yet the applicant's (e.g. fees still to pay: the
    same holds that stop the desk returning it); empty once it may be handed over."""
    if dossier.status != Status.READY:
        return []
    return [hold.message for hold in hooks.holds(dossier, Action.RETURN_RESULT)]


def visible_files(dossier: Dossier) -> list[DossierFile]:
    files = (
        dossier.files.filter(removed=False)
        .select_related("component")
        .order_by("uploaded_at", "id")
    )
    return with_signing([f for f in files if may_download(dossier, f)])


@dataclass
class Request:
    """What the agency last asked the applicant to bring."""

    at: dt.datetime
    items: list[str]
    note: str


def last_request(dossier: Dossier) -> Request | None:
    event = dossier.events.filter(action__in=ASKING_ACTIONS).order_by("-at", "-id").first()
    if event is None:
        return None
    items = asked.lines(event.data or {})
    return Request(at=event.at, items=items, note=event.note)
