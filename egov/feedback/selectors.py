"""Who sees which reports, the public list, the officials' queues and the proposed agency.

- The public sees published reports only: the reporter agreed and an official checked
  them (``published_at``). Merged reports are never listed; their page points to the report
  they were merged into.
- A reporter sees the reports of their own account.
- An official sees the reports received or handled by an agency in their scope, and those
  their agency once handled.

Lookups by code raise ``NotFound`` for a report the user may not see, so a URL never tells
whether someone else's report exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from egov.core.errors import Conflict, NotFound
from egov.core.text import fold
from egov.orgs.models import AdministrativeUnit, Agency
from egov.orgs.permissions import agencies_in_scope
from egov.workcalendar.services import add_working_days

from .lifecycle import Status
from .models import Assignment, Category, Report, Route

PUBLIC_STATUSES = frozenset(set(Status) - {Status.MERGED})


class PublicGroup:
    """The status filter of the public list, in words a visitor uses."""

    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"

    statuses = {
        OPEN: (Status.RECEIVED, Status.HANDLING),
        ANSWERED: (Status.ANSWERED,),
        CLOSED: (Status.CLOSED, Status.REJECTED, Status.TRANSFERRED),
    }
    labels = {
        OPEN: _("Being handled"),
        ANSWERED: _("Answered"),
        CLOSED: _("Closed"),
    }


def categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("position", "name")


def published() -> QuerySet[Report]:
    return Report.objects.filter(
        published_at__isnull=False, may_publish=True, status__in=PUBLIC_STATUSES
    )


@dataclass(frozen=True)
class PublicFilters:
    category: str = ""
    unit: str = ""
    group: str = ""
    q: str = ""


def public_search(filters: PublicFilters) -> QuerySet[Report]:
    """Published reports, newest first; the text search is diacritic-insensitive and looks
    only at what is published."""
    reports = published().select_related("category", "unit")
    if filters.category:
        reports = reports.filter(category__code=filters.category)
    if filters.unit:
        reports = reports.filter(unit__code=filters.unit)
    if filters.group in PublicGroup.statuses:
        reports = reports.filter(status__in=PublicGroup.statuses[filters.group])
    for word in fold(filters.q).split()[:8]:
        reports = reports.filter(public_search_text__contains=word)
    return reports.order_by("-received_at", "-id")


def public_report(code: str) -> Report:
    """A report as the public may see it; merged reports too, to point to their target."""
    report = (
        Report.objects.select_related("category", "unit", "handling_agency", "merged_into")
        .filter(code=code, published_at__isnull=False, may_publish=True)
        .first()
    )
    if report is None:
        raise NotFound(_("There is no published report with this code."))
    return report


def reports_of(user: Any) -> QuerySet[Report]:
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    return Report.objects.filter(reporter_id=user.pk)


def visible_to_official(user: Any) -> QuerySet[Report]:
    scope = agencies_in_scope(user).values("id")
    handled = Assignment.objects.filter(agency_id__in=scope).values("report_id")
    return Report.objects.filter(
        Q(receiving_agency_id__in=scope) | Q(handling_agency_id__in=scope) | Q(pk__in=handled)
    )


def official_report(user: Any, code: str) -> Report:
    report = (
        visible_to_official(user)
        .select_related(
            "category",
            "unit",
            "receiving_agency",
            "handling_agency",
            "suggested_agency",
            "merged_into",
            "reporter",
        )
        .filter(code=code)
        .first()
    )
    if report is None:
        raise NotFound(_("This report does not exist or is not handled by your agency."))
    return report


# --- routing -------------------------------------------------------------------------------


def hotline_agency() -> Agency:
    """The provincial hotline that receives reports sent online: the agency whose identifier
    is ``EGOV_FEEDBACK_HOTLINE_AGENCY``, else the top Provincial People's Committee."""
    code = getattr(settings, "EGOV_FEEDBACK_HOTLINE_AGENCY", "")
    agencies = Agency.objects.filter(is_active=True)
    found = (
        agencies.filter(code=code).first()
        if code
        else agencies.filter(kind=Agency.Kind.PROVINCIAL_COMMITTEE, parent__isnull=True)
        .order_by("code")
        .first()
    )
    if found is None:
        raise Conflict(
            _("No agency receives reports yet: an administrator must set up the hotline."),
            code="no_hotline",
        )
    return found


@dataclass(frozen=True)
class HotlineSetting:
    """What ``EGOV_FEEDBACK_HOTLINE_AGENCY`` says and the agency it resolves to (None: reports
    sent online are refused until an administrator fixes it)."""

    code: str
    agency: Agency | None


def hotline_setting() -> HotlineSetting:
    code = getattr(settings, "EGOV_FEEDBACK_HOTLINE_AGENCY", "")
    try:
        agency: Agency | None = hotline_agency()
    except Conflict:
        agency = None
    return HotlineSetting(code=code, agency=agency)


def suggest_agency(category: Category, unit: AdministrativeUnit | None) -> Agency | None:
    """The agency proposed for a report: the category's rule for the unit or the nearest unit
    above it, else the category's default agency, else the commune's People's Committee."""
    current = unit
    seen: set[int] = set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        route = (
            Route.objects.select_related("agency")
            .filter(category=category, unit=current, agency__is_active=True)
            .first()
        )
        if route is not None:
            return route.agency
        current = current.parent
    if category.default_agency is not None and category.default_agency.is_active:
        return category.default_agency
    if unit is not None:
        return (
            Agency.objects.filter(unit=unit, kind=Agency.Kind.COMMUNE_COMMITTEE, is_active=True)
            .order_by("code")
            .first()
        )
    return None


# --- officials' queues ----------------------------------------------------------------------


class Tab:
    NEW = "new"
    HANDLING = "handling"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ANSWERED = "answered"
    FINISHED = "finished"

    labels = {
        NEW: _("To classify"),
        HANDLING: _("To answer"),
        DUE_SOON: _("Due soon"),
        OVERDUE: _("Overdue"),
        ANSWERED: _("Answered"),
        FINISHED: _("Closed"),
    }


def due_soon_limit(now: dt.datetime) -> dt.datetime:
    return add_working_days(now, settings.EGOV_DUE_SOON_DAYS)


def queue(user: Any, tab: str, *, now: dt.datetime, q: str = "") -> QuerySet[Report]:
    """One tab of the officials' feedback queue.

    "To classify": received by a unit in scope. "To answer": handled by an agency in scope.
    "Due soon" and "Overdue" cut both by their deadline (classification or answer).
    """
    scope = agencies_in_scope(user).values("id")
    to_classify = Q(status=Status.RECEIVED, receiving_agency_id__in=scope)
    to_answer = Q(status=Status.HANDLING, handling_agency_id__in=scope)
    soon = due_soon_limit(now)
    if tab == Tab.NEW:
        wanted = to_classify
    elif tab == Tab.HANDLING:
        wanted = to_answer
    elif tab == Tab.DUE_SOON:
        wanted = (to_classify & Q(classify_due_at__gte=now, classify_due_at__lte=soon)) | (
            to_answer & Q(due_at__gte=now, due_at__lte=soon)
        )
    elif tab == Tab.OVERDUE:
        wanted = (to_classify & Q(classify_due_at__lt=now)) | (to_answer & Q(due_at__lt=now))
    elif tab == Tab.ANSWERED:
        wanted = Q(status=Status.ANSWERED) & (
            Q(handling_agency_id__in=scope) | Q(receiving_agency_id__in=scope)
        )
    else:
        wanted = Q(
            status__in=(Status.CLOSED, Status.REJECTED, Status.TRANSFERRED, Status.MERGED)
        ) & (Q(handling_agency_id__in=scope) | Q(receiving_agency_id__in=scope))
    reports = Report.objects.filter(wanted).select_related(
        "category", "handling_agency", "receiving_agency"
    )
    for word in fold(q).split()[:8]:
        reports = reports.filter(search_text__contains=word)
    if tab in (Tab.ANSWERED, Tab.FINISHED):
        return reports.order_by("-updated_at", "-id")
    return reports.order_by("due_at", "classify_due_at", "received_at", "id")


def tab_counts(user: Any, *, now: dt.datetime) -> dict[str, int]:
    return {tab: queue(user, tab, now=now).count() for tab in Tab.labels}


def merge_candidates(report: Report) -> QuerySet[Report]:
    """Open reports of the same category (and commune, when known) that could be the same
    matter, most recent first."""
    candidates = Report.objects.filter(
        category_id=report.category_id,
        status__in=(Status.RECEIVED, Status.HANDLING, Status.ANSWERED),
        merged_into__isnull=True,
    ).exclude(pk=report.pk)
    if report.unit_id is not None:
        candidates = candidates.filter(unit_id=report.unit_id)
    return candidates.order_by("-received_at")[:20]
