"""Reads of the Open311 interface: the client of an API key, the published reports and
their timeline lines in a window. Only what ``feedback.selectors.published`` lets the public
see ever reaches a response."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet

from egov.feedback import selectors as feedback_selectors
from egov.feedback.lifecycle import OPEN311_OPEN
from egov.feedback.models import Category, Event, Report, ReportFile
from egov.feedback.presenting import PUBLIC_ACTIONS

from .keys import key_hash
from .models import Open311Client
from .params import Window


def client_for_key(key: str) -> Open311Client | None:
    """The client holding ``key``, revoked or not (the caller tells them apart)."""
    if not key:
        return None
    return Open311Client.objects.filter(key_hash=key_hash(key)).first()


def clients() -> QuerySet[Open311Client]:
    return Open311Client.objects.select_related("created_by").order_by("name")


def services() -> QuerySet[Category]:
    return feedback_selectors.categories()


def service(code: str) -> Category | None:
    return services().filter(code=code).first()


def _with_parts(reports: QuerySet[Report]) -> QuerySet[Report]:
    photos = ReportFile.objects.filter(kind=ReportFile.Kind.PHOTO, hidden=False).order_by(
        "uploaded_at", "id"
    )
    return reports.select_related(
        "category", "unit", "handling_agency", "receiving_agency", "merged_into"
    ).prefetch_related(Prefetch("files", queryset=photos, to_attr="public_photos"))


def requests_search(
    *,
    ids: Sequence[str] = (),
    service_codes: Sequence[str] = (),
    statuses: Sequence[str] = (),
    window: Window | None = None,
) -> QuerySet[Report]:
    """Published reports, newest first. ``ids`` overrides every other filter (GeoReport v2)."""
    reports = feedback_selectors.published()
    if ids:
        reports = reports.filter(code__in=list(ids))
    else:
        if service_codes:
            reports = reports.filter(category__code__in=list(service_codes))
        if statuses and set(statuses) != {"open", "closed"}:
            open_values = [str(s) for s in OPEN311_OPEN]
            if "open" in statuses:
                reports = reports.filter(status__in=open_values)
            else:
                reports = reports.exclude(status__in=open_values)
        if window is not None:
            reports = reports.filter(received_at__gte=window.start, received_at__lt=window.end)
    return _with_parts(reports).order_by("-received_at", "-id")


def request_by_id(code: str) -> Report:
    """One published report (merged ones too: they point to the report that answers them);
    ``NotFound`` otherwise."""
    found = feedback_selectors.public_report(code)
    return _with_parts(Report.objects.filter(pk=found.pk)).get()


def request_by_token(token: str) -> Report | None:
    try:
        value = uuid.UUID(token)
    except ValueError:
        return None
    return Report.objects.filter(token=value).only("code", "token").first()


def updates(window: Window) -> QuerySet[Event]:
    """Public timeline lines of published reports in ``window``, oldest first."""
    return (
        Event.objects.filter(
            report__in=feedback_selectors.published(),
            action__in=[str(a) for a in PUBLIC_ACTIONS],
            at__gte=window.start,
            at__lt=window.end,
        )
        .select_related("report")
        .order_by("at", "id")
    )
