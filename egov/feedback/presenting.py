"""How a report reads on a page: its timeline for the public, the reporter and officials.

The public timeline names agencies, never people, and shows no note but the published
answer: reasons, comments and the reporter's words may carry personal data. The reporter
also sees the reasons given to them; officials see everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from .lifecycle import Action, Resolution, Status
from .models import Event, Report, ReportFile

# Timeline lines the public sees (moderation and internal steps are left out).
PUBLIC_ACTIONS = frozenset(
    {
        Action.SUBMIT,
        Action.REGISTER,
        Action.REJECT,
        Action.HANDLE,
        Action.FORWARD,
        Action.TRANSFER,
        Action.MERGE,
        Action.ANSWER,
        Action.CLOSE,
        Action.RATE,
        Action.REOPEN,
    }
)
# Notes the reporter may read (written to them, or by them).
REPORTER_NOTES = frozenset(
    {Action.REJECT, Action.TRANSFER, Action.ANSWER, Action.RATE, Action.REOPEN}
)


@dataclass
class Line:
    event: Event
    action: str
    status: str
    agency: str = ""
    by: str = ""
    note: str = ""
    detail: str = ""
    files: list[ReportFile] = field(default_factory=list)


def _status(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _detail(event: Event, *, audience: str) -> str:
    data = event.data or {}
    if event.action == Action.FORWARD and data.get("agency_name"):
        return str(_("To %(agency)s") % {"agency": data["agency_name"]})
    if event.action == Action.TRANSFER and data.get("recipient"):
        return str(_("To %(body)s") % {"body": data["recipient"]})
    if event.action == Action.MERGE and data.get("into"):
        return str(_("Handled with report %(code)s") % {"code": data["into"]})
    if event.action in (Action.ANSWER, Action.CLOSE) and data.get("resolution"):
        label = str(Resolution(data["resolution"]).label)
        if event.action == Action.ANSWER and data.get("reason") and audience != "public":
            return f"{label}: {data['reason']}"
        return label
    if event.action == Action.RATE:
        return str(_("Satisfied") if data.get("satisfied") else _("Not satisfied"))
    return ""


def timeline(report: Report, *, audience: str) -> list[Line]:
    """The report's timeline for ``audience``: "public", "reporter" or "official"."""
    events = (
        Event.objects.filter(report=report)
        .select_related("agency")
        .prefetch_related("files")
        .order_by("at", "id")
    )
    lines = []
    for event in events:
        if audience == "public" and event.action not in PUBLIC_ACTIONS:
            continue
        note = ""
        if (
            audience == "official"
            or (audience == "reporter" and event.action in REPORTER_NOTES)
            or (audience == "public" and event.action == Action.ANSWER)
        ):
            note = event.note
        answer_reason = (event.data or {}).get("reason") if event.action == Action.ANSWER else ""
        if audience == "public" and answer_reason:
            note = f"{note}\n\n{answer_reason}".strip()
        files = [f for f in event.files.all() if f.kind == ReportFile.Kind.ANSWER]
        lines.append(
            Line(
                event=event,
                action=str(Action(event.action).label)
                if event.action in Action.values
                else event.action,
                status=_status(event.to_status) if event.to_status != event.from_status else "",
                agency=event.agency.name if event.agency is not None else "",
                by=event.actor_name if audience == "official" else "",
                note=note,
                detail=_detail(event, audience=audience),
                files=files if audience != "official" or files else [],
            )
        )
    return lines


def public_photos(report: Report) -> list[ReportFile]:
    return list(report.files.filter(kind=ReportFile.Kind.PHOTO, hidden=False))


def status_tag(report: Report) -> dict[str, Any]:
    """Label and style of the report's status, with the outcome for closed ones."""
    status = Status(report.status)
    label = str(status.label)
    if status in (Status.ANSWERED, Status.CLOSED) and report.resolution:
        label = f"{label} · {Resolution(report.resolution).label}"
    style = {
        Status.RECEIVED: "open",
        Status.HANDLING: "open",
        Status.ANSWERED: "ready",
        Status.CLOSED: "closed",
        Status.REJECTED: "closed",
        Status.TRANSFERRED: "closed",
        Status.MERGED: "closed",
    }[status]
    if status == Status.CLOSED and report.resolution == Resolution.RESOLVED:
        style = "ready"
    return {"label": label, "style": style}


def final_target(report: Report, *, depth: int = 10) -> Report | None:
    """The report a merged one ends up in (merges may chain)."""
    current = report.merged_into
    while current is not None and current.merged_into_id is not None and depth > 0:
        current = current.merged_into
        depth -= 1
    return current
