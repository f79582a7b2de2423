"""The receiving unit classifies a report (Decree 20/2008): not accepted (with the reason),
handled by itself, forwarded to the competent agency, or sent outside the government's
competence; it merges duplicates and checks what may be published. The handling agency
may send a report it is not competent for back to be classified again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.orgs.models import Agency

from ..lifecycle import Action, Status
from ..models import Assignment, Report, ReportFile
from ..permissions import (
    require_handling,
    require_receiving,
    require_receiving_or_handling,
)
from ..selectors import visible_to_official
from . import _core


def _assign(report: Report, agency: Agency, *, reopened: bool = False) -> Assignment:
    at = _core.now()
    due = _core.due_after(agency, at, report.category.handling_days)
    report.handling_agency = agency
    report.assigned_at = at
    report.due_at = due
    return Assignment.objects.create(
        report=report, agency=agency, reopened=reopened, assigned_at=at, due_at=due
    )


def end_assignment(report: Report, outcome: Assignment.Outcome) -> Assignment | None:
    current = report.assignments.filter(ended_at__isnull=True).order_by("-assigned_at").first()
    if current is not None:
        current.ended_at = _core.now()
        current.outcome = outcome
        current.save(update_fields=["ended_at", "outcome"])
    return current


@transaction.atomic
def report_reject(
    report: Report, *, actor: Any, reason: str, expected_version: int | None = None
) -> Report:
    """Not accepted: not a report (spam, a request for a procedure, abuse), with the reason."""
    report = _core.lock(report, expected_version=expected_version)
    require_receiving(actor, report)
    report.reject_reason = _core.required_text(
        reason, _("Give the reason for not accepting the report."), field="reason"
    )
    report.closed_at = _core.now()
    _core.transition(
        report,
        Action.REJECT,
        actor=actor,
        fields=["reject_reason", "closed_at"],
        note=report.reject_reason,
        agency=report.receiving_agency,
    )
    return report


@transaction.atomic
def report_handle(
    report: Report, *, actor: Any, note: str = "", expected_version: int | None = None
) -> Report:
    """The receiving unit handles the report itself."""
    report = _core.lock(report, expected_version=expected_version)
    require_receiving(actor, report)
    agency = report.receiving_agency
    _core.transition(
        report,
        Action.HANDLE,
        actor=actor,
        fields=_assign_fields(report, agency),
        note=note.strip(),
        agency=agency,
        data={"agency": agency.code, "due_at": report.due_at.isoformat() if report.due_at else ""},
    )
    return report


def _assign_fields(report: Report, agency: Agency) -> list[str]:
    _assign(report, agency)
    return ["handling_agency", "assigned_at", "due_at"]


@transaction.atomic
def report_forward(
    report: Report,
    *,
    actor: Any,
    agency: Agency,
    note: str = "",
    expected_version: int | None = None,
) -> Report:
    """Forward to the competent agency, which gets the category's handling time from now.

    The proposed agency (category and commune) is a suggestion: the official confirms it or
    chooses another.
    """
    report = _core.lock(report, expected_version=expected_version)
    require_receiving(actor, report)
    if agency is None or not agency.is_active:
        raise ValidationFailed(
            _("Choose the competent agency."), code="agency_required", errors={"agency": ""}
        )
    followed = report.suggested_agency_id == agency.pk
    _core.transition(
        report,
        Action.FORWARD,
        actor=actor,
        fields=_assign_fields(report, agency),
        note=note.strip(),
        agency=report.receiving_agency,
        data={
            "agency": agency.code,
            "agency_name": agency.name,
            "suggestion_followed": followed,
            "due_at": report.due_at.isoformat() if report.due_at else "",
        },
    )
    return report


@transaction.atomic
def report_transfer(
    report: Report,
    *,
    actor: Any,
    recipient: str,
    note: str = "",
    expected_version: int | None = None,
) -> Report:
    """Outside the government's competence (a court, a utility company, a central body): the
    unit sends it there, within 5 working days of reception, and tells the reporter where."""
    report = _core.lock(report, expected_version=expected_version)
    require_receiving(actor, report)
    report.transferred_to = _core.required_text(
        recipient, _("Say to which body the report is sent."), field="recipient"
    )[:300]
    report.closed_at = _core.now()
    _core.transition(
        report,
        Action.TRANSFER,
        actor=actor,
        fields=["transferred_to", "closed_at"],
        note=note.strip(),
        agency=report.receiving_agency,
        data={
            "recipient": report.transferred_to,
            "in_time": bool(
                report.classify_due_at is None or report.closed_at <= report.classify_due_at
            ),
        },
    )
    return report


@transaction.atomic
def report_send_back(
    report: Report, *, actor: Any, reason: str, expected_version: int | None = None
) -> Report:
    """The handling agency is not competent: the receiving unit classifies the report again,
    with a new 5-working-day deadline."""
    report = _core.lock(report, expected_version=expected_version)
    require_handling(actor, report)
    reason = _core.required_text(
        reason, _("Say why your agency is not competent for this report."), field="reason"
    )
    agency = report.handling_agency
    end_assignment(report, Assignment.Outcome.SENT_BACK)
    at = _core.now()
    report.handling_agency = None
    report.assigned_at = None
    report.due_at = None
    report.classify_due_at = _core.due_after(report.receiving_agency, at, _core.CLASSIFY_DAYS)
    _core.transition(
        report,
        Action.SEND_BACK,
        actor=actor,
        fields=["handling_agency", "assigned_at", "due_at", "classify_due_at"],
        note=reason,
        agency=agency,
    )
    return report


@transaction.atomic
def report_merge(
    report: Report,
    *,
    actor: Any,
    into: Report,
    note: str = "",
    expected_version: int | None = None,
) -> Report:
    """A duplicate: it is closed and answered with the report it joins; its reporter is told
    that report's code."""
    report = _core.lock(report, expected_version=expected_version)
    require_receiving(actor, report)
    target = _core.lock(into)
    if target.pk == report.pk:
        raise ValidationFailed(
            _("A report cannot be merged into itself."), code="merge_self", errors={"into": ""}
        )
    if target.status not in (Status.RECEIVED, Status.HANDLING, Status.ANSWERED):
        raise ValidationFailed(
            _("Merge into a report that is still open."), code="merge_closed", errors={"into": ""}
        )
    if not visible_to_official(actor).filter(pk=target.pk).exists():
        raise PermissionRefused(_("You cannot see the report to merge into."))
    end_assignment(report, Assignment.Outcome.MERGED)
    report.merged_into = target
    report.closed_at = _core.now()
    _core.transition(
        report,
        Action.MERGE,
        actor=actor,
        fields=["merged_into", "closed_at"],
        note=note.strip(),
        agency=report.receiving_agency,
        data={"into": target.code},
    )
    return report


@transaction.atomic
def report_moderate(
    report: Report,
    *,
    actor: Any,
    publish: bool,
    public_title: str = "",
    public_description: str = "",
    location_hidden: bool = False,
    hidden_photos: Iterable[int] = (),
    expected_version: int | None = None,
) -> Report:
    """Decide what the public sees: publish (only if the reporter agreed) with the title and
    description rewritten where they hold personal or abusive content, the location and
    chosen photos hidden; or withdraw the report from the public pages."""
    report = _core.lock(report, expected_version=expected_version)
    require_receiving_or_handling(actor, report)
    if publish and not report.may_publish:
        raise ValidationFailed(
            _("The reporter did not agree to publication: this report stays private."),
            code="publication_refused",
        )
    report.public_title = public_title.strip()[:200]
    report.public_description = public_description.strip()
    report.location_hidden = location_hidden
    was_published = report.published_at is not None
    if publish and not was_published:
        report.published_at = _core.now()
    elif not publish:
        report.published_at = None
    hidden = {int(pk) for pk in hidden_photos}
    photos = list(report.files.filter(kind=ReportFile.Kind.PHOTO))
    unknown = hidden - {photo.pk for photo in photos}
    if unknown:
        raise ValidationFailed(_("Unknown photo."), code="unknown_photo")
    for photo in photos:
        if photo.hidden != (photo.pk in hidden):
            photo.hidden = photo.pk in hidden
            photo.save(update_fields=["hidden"])
    _core.transition(
        report,
        Action.MODERATE,
        actor=actor,
        fields=["public_title", "public_description", "location_hidden", "published_at"],
        data={
            "published": publish,
            "title_edited": bool(report.public_title),
            "description_edited": bool(report.public_description),
            "location_hidden": location_hidden,
            "photos_hidden": len(hidden),
        },
    )
    return report
