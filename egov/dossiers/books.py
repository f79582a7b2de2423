"""Queries behind the desk's registers: the tracking book (form 07) of one receiving desk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from egov.orgs.models import Agency, Role
from egov.orgs.permissions import agencies_in_scope, can_act
from egov.workcalendar.deadlines import VN_TZ

from .models import Dossier

# Who keeps or reads a desk's book: its officers and the agency's leaders.
BOOK_ROLES = (Role.DESK_OFFICER, Role.AGENCY_LEADER)


def book_agencies(user: Any) -> list[Agency]:
    """Receiving desks whose book ``user`` may print."""
    return [
        agency
        for agency in agencies_in_scope(user).order_by("code")
        if can_act(user, agency=agency, roles=BOOK_ROLES)
    ]


def book_entries(agency: Agency, start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    """Dossiers received by ``agency`` from ``start`` to ``end`` (Vietnam dates), in order."""
    since = dt.datetime.combine(start, dt.time.min, tzinfo=VN_TZ)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ)
    return (
        Dossier.objects.filter(agency=agency, received_at__gte=since, received_at__lt=until)
        .select_related("procedure_version", "handling_agency", "address_unit")
        .order_by("received_at", "code")
    )
