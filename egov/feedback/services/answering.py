"""The handling agency answers; an answered report is closed by an official or by the
reporter's "satisfied". The answer says plainly whether the matter was resolved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed
from egov.core.uploads import FileKind, check_upload

from ..lifecycle import Action, Resolution
from ..models import Assignment, Report, ReportFile
from ..permissions import require_handling, require_receiving_or_handling
from ..photos import MAX_PHOTOS, PHOTO_KINDS, clean_photo
from . import _core
from .classifying import end_assignment

ATTACHMENT_KINDS = frozenset({FileKind.PDF, FileKind.DOCX, FileKind.JPEG, FileKind.PNG})
MAX_ATTACHMENTS = MAX_PHOTOS


def _attachment(upload: File[Any]) -> tuple[ContentFile[bytes] | File[Any], dict[str, Any]]:
    checked = check_upload(upload, allowed=ATTACHMENT_KINDS)
    if checked.kind in PHOTO_KINDS:
        photo = clean_photo(upload)  # an image published with the answer loses its EXIF too
        return photo.content, {
            "name": photo.name,
            "content_type": photo.content_type,
            "size": photo.size,
            "sha256": photo.sha256,
        }
    upload.name = checked.name
    return upload, {
        "name": checked.name,
        "content_type": checked.content_type,
        "size": checked.size,
        "sha256": checked.sha256,
    }


@transaction.atomic
def report_answer(
    report: Report,
    *,
    actor: Any,
    answer: str,
    resolution: Resolution | str,
    reason: str = "",
    attachments: Sequence[File[Any]] = (),
    expected_version: int | None = None,
) -> Report:
    """The agency's answer, published with the report; "not resolved" and "not the
    government's competence" need the reason."""
    report = _core.lock(report, expected_version=expected_version)
    require_handling(actor, report)
    errors: dict[str, str] = {}
    if not answer or not answer.strip():
        errors["answer"] = str(_("Write the answer to the reporter."))
    if resolution not in Resolution.values:
        errors["resolution"] = str(_("Say whether the matter was resolved."))
    elif resolution != Resolution.RESOLVED and not reason.strip():
        errors["reason"] = str(_("Give the reason why the matter is not resolved."))
    if len(attachments) > MAX_ATTACHMENTS:
        errors["attachments"] = str(_("Attach at most 5 files."))
    if errors:
        raise ValidationFailed(
            _("The answer is not complete."), code="invalid_answer", errors=errors
        )
    files = [_attachment(upload) for upload in attachments]
    report.answer = answer.strip()
    report.resolution = str(resolution)
    report.resolution_reason = reason.strip() if resolution != Resolution.RESOLVED else ""
    report.answered_at = _core.now()
    assignment = end_assignment(report, Assignment.Outcome.ANSWERED)
    event = _core.transition(
        report,
        Action.ANSWER,
        actor=actor,
        fields=["answer", "resolution", "resolution_reason", "answered_at"],
        note=report.answer,
        agency=report.handling_agency,
        data={
            "resolution": report.resolution,
            "reason": report.resolution_reason,
            "on_time": assignment.on_time if assignment is not None else None,
        },
    )
    for content, meta in files:
        ReportFile.objects.create(
            report=report, kind=ReportFile.Kind.ANSWER, event=event, file=content, **meta
        )
    return report


def close(report: Report, *, actor: Any, note: str = "") -> None:
    """Close a locked, answered report (shared with the reporter's "satisfied")."""
    report.closed_at = _core.now()
    _core.transition(
        report,
        Action.CLOSE,
        actor=actor,
        fields=["closed_at"],
        note=note,
        agency=report.handling_agency,
        data={"resolution": report.resolution},
    )


@transaction.atomic
def report_close(
    report: Report, *, actor: Any, note: str = "", expected_version: int | None = None
) -> Report:
    """An official closes an answered report; the reporter may still reopen it within the
    reopening window if not satisfied."""
    report = _core.lock(report, expected_version=expected_version)
    require_receiving_or_handling(actor, report)
    close(report, actor=actor, note=note.strip())
    return report
