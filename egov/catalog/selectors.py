"""Queries over the catalogue. Search is diacritic- and case-insensitive on every database
because it compares folded text (egov.core.text.fold) with a folded query."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from egov.core.text import fold
from egov.orgs.models import Agency

from .models import Field, OnlineMode, Procedure, ProcedureVersion


def _today() -> dt.date:
    return timezone.localdate()


def current_versions(*, on: dt.date | None = None) -> QuerySet[ProcedureVersion]:
    """The version of each procedure in force on ``on`` (today by default)."""
    day = on or _today()
    return ProcedureVersion.objects.filter(
        Q(effective_until__isnull=True) | Q(effective_until__gt=day), effective_from__lte=day
    ).select_related("procedure", "procedure__field")


def procedure_search(
    *,
    q: str = "",
    field: str | None = None,
    agency: str | None = None,
    online: str | None = None,
    on: dt.date | None = None,
) -> QuerySet[ProcedureVersion]:
    """Current procedures matching every word of ``q`` and the filters, by code."""
    versions = current_versions(on=on)
    for word in fold(q).split():
        versions = versions.filter(search_text__contains=word)
    if field:
        versions = versions.filter(procedure__field__code=field)
    if agency:
        # A subquery, not a join: no duplicate rows, so no DISTINCT over the long text columns.
        handled = Procedure.agencies.through.objects.filter(agency__code=agency)
        versions = versions.filter(procedure_id__in=handled.values("procedure_id"))
    if online:
        if online == "any":
            versions = versions.exclude(online_mode=OnlineMode.NONE)
        else:
            versions = versions.filter(online_mode=online)
    return versions.order_by("procedure__code")


def procedure_detail(*, code: str, on: dt.date | None = None) -> ProcedureVersion | None:
    """The version of procedure ``code`` in force, with its components, fees and steps."""
    return (
        current_versions(on=on)
        .filter(procedure__code=code)
        .prefetch_related("components", "fees", "steps", "procedure__agencies")
        .first()
    )


def field_list() -> QuerySet[Field]:
    return Field.objects.order_by("name")


def field_exists(*, code: str) -> bool:
    return Field.objects.filter(code=code).exists()


def agency_exists(*, code: str) -> bool:
    return Agency.objects.filter(code=code).exists()
