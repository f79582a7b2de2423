"""What the reporter does with an answer: rate it, and reopen the report when not satisfied
(within ``EGOV_FEEDBACK_REOPEN_DAYS`` days of the answer, 30 by default)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.errors import Conflict, ValidationFailed

from ..lifecycle import Action, Status, target_of
from ..models import Assignment, Rating, Report
from ..permissions import require_reporter
from . import _core
from .answering import close
from .classifying import _assign

DEFAULT_REOPEN_DAYS = 30


def reopen_days() -> int:
    return int(getattr(settings, "EGOV_FEEDBACK_REOPEN_DAYS", DEFAULT_REOPEN_DAYS))


def reopen_until(report: Report) -> dt.datetime | None:
    if report.answered_at is None:
        return None
    return report.answered_at + dt.timedelta(days=reopen_days())


def _answered_assignment(report: Report) -> Assignment | None:
    return (
        report.assignments.filter(outcome=Assignment.Outcome.ANSWERED)
        .order_by("-ended_at", "-id")
        .first()
    )


def current_rating(report: Report) -> Rating | None:
    """The rating of the latest answer, if the reporter gave one."""
    assignment = _answered_assignment(report)
    if assignment is None:
        return None
    return Rating.objects.filter(assignment=assignment).first()


def can_reopen(report: Report, *, at: dt.datetime | None = None) -> bool:
    until = reopen_until(report)
    rating = current_rating(report) if until is not None else None
    return (
        report.status in (Status.ANSWERED, Status.CLOSED)
        and until is not None
        and (at or _core.now()) <= until
        and (rating is None or not rating.satisfied)
    )


def _rate(report: Report, *, satisfied: bool, comment: str) -> Rating:
    assignment = _answered_assignment(report)
    if assignment is None or report.handling_agency is None:
        raise Conflict(_("This report has no answer to rate yet."), code="nothing_to_rate")
    if Rating.objects.filter(assignment=assignment).exists():
        raise Conflict(_("You have already rated this answer."), code="already_rated")
    return Rating.objects.create(
        report=report,
        assignment=assignment,
        agency=assignment.agency,
        satisfied=satisfied,
        comment=comment,
        rated_at=_core.now(),
    )


@transaction.atomic
def report_rate(
    report: Report, *, actor: Any, satisfied: bool, comment: str = "", key: str = ""
) -> Report:
    """The reporter's judgement of the answer, once per answer. "Satisfied" closes an
    answered report; "not satisfied" leaves the way open to reopen it."""
    report = _core.lock(report)
    require_reporter(actor, report, key=key)
    target_of(Action.RATE, report.status)
    comment = comment.strip()[:2000]
    rating = _rate(report, satisfied=satisfied, comment=comment)
    _core.record(
        report,
        Action.RATE,
        actor=actor,
        from_status=report.status,
        note=comment,
        agency=rating.agency,
        data={"satisfied": satisfied},
    )
    if satisfied and report.status == Status.ANSWERED:
        close(report, actor=actor)
    else:
        _core.commit(report)
    return report


@transaction.atomic
def report_reopen(report: Report, *, actor: Any, reason: str, key: str = "") -> Report:
    """Not satisfied with the answer: the same agency handles the report again, with a new
    deadline. Allowed within the reopening window, unless the reporter said satisfied."""
    report = _core.lock(report)
    require_reporter(actor, report, key=key)
    target_of(Action.REOPEN, report.status)
    reason = _core.required_text(
        reason, _("Say what is still wrong, so that the agency can act on it."), field="reason"
    )[:2000]
    until = reopen_until(report)
    if until is None or _core.now() > until:
        raise Conflict(
            _("A report can be reopened only within %(days)d days of its answer.")
            % {"days": reopen_days()},
            code="reopen_window_over",
        )
    rating = current_rating(report)
    if rating is not None and rating.satisfied:
        raise Conflict(_("You said you were satisfied with this answer."), code="rated_satisfied")
    if rating is None:
        _rate(report, satisfied=False, comment=reason)
    agency = report.handling_agency
    if agency is None or not agency.is_active:
        raise ValidationFailed(_("The agency that answered no longer exists."), code="no_agency")
    _assign(report, agency, reopened=True)
    report.reopen_count += 1
    report.closed_at = None
    report.answered_at = None
    report.answer = ""
    report.resolution = ""
    report.resolution_reason = ""
    _core.transition(
        report,
        Action.REOPEN,
        actor=actor,
        fields=[
            "handling_agency",
            "assigned_at",
            "due_at",
            "reopen_count",
            "closed_at",
            "answered_at",
            "answer",
            "resolution",
            "resolution_reason",
        ],
        note=reason,
        agency=agency,
        data={"times": report.reopen_count},
    )
    return report
