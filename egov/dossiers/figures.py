"""Figures of the one-stop desk per competent agency, procedure and period (DOMAIN.md §4, §5).

A period is a range of Vietnam-time calendar days, both ends included. For each competent
agency (``Dossier.handling_agency``) and procedure, of the dossiers chosen by one of two
dimensions:

- **handled by** (``dimension="handled"``): the dossiers the chosen agencies handle, what a
  commune or a department answers for;
- **received at** (``dimension="received"``): the dossiers received at the chosen agencies'
  one-stop desk (``Dossier.agency``), whoever handles them. The province's Public
  Administration Service Centre receives the departments' dossiers and handles none: its desk
  sees them here, per department and procedure. A commune receives what it handles, so both
  dimensions give it the same figures.

The counters, the same in both:

- **received**: accepted at the desk (``received_at``) during the period, in total and by
  channel (1 in person, 2 online, 3 by post). Dossiers refused at reception were never
  received and are counted under *refused* only.
- **digitised**: of those received, the ones with at least one component scanned at the desk
  (``DossierFile.digitised``) or received online (their documents are electronic already).
  The shares are of *received*.
- **resolved before / on / after time**: result issued (``finished_at``) during the period,
  compared by Vietnam calendar day, not by minute, with the deadline: on the due day itself
  is *on time* (đúng hạn), an earlier day *before time* (trước hạn), a later day *after time*
  (quá hạn) — as the control slip (form 06) and the reports of Circular 01/2018 record them.
  The deadline is the due date before any extension (``original_due_at``): the apology with
  a new date (form 04) is sent *because* the dossier is late and does not make it on time.
  After a supplement the clock restarted from zero and so did the deadline. Refusals are not
  results: they are counted apart.
- **refused**: refused at reception (form 03 at the desk) or after appraisal (refusal notice),
  and **stopped** at the applicant's request (form 05), by the day the dossier was closed.
- **in process on time / overdue** and **waiting for supplement**: the state at the end of
  the period, or now if the period has not ended: received by then and neither resolved nor
  closed. Waiting means a supplement was requested and not yet brought (the clock is stopped,
  so it is neither on time nor overdue); the others are overdue once the deadline's day has
  passed. For a past period this uses each dossier's current deadline and pause, which later
  actions may have changed; the daily tables keep the state as it was built that night.
- **average processing time**: over the dossiers resolved in the period, the working days
  after the day of reception up to and including the day the result was issued (same day: 0),
  waiting for a supplement included, as the applicant lives it.
- **average satisfaction**: the ratings (1–5) given during the period.

Rows are per agency and procedure, or per agency only (``per_procedure=False``: the
province's view, one row per commune or department). ``figures_query`` computes them from the
dossiers (one grouped query for the counts, one for the working days, each (reception day,
result day) pair counted with per-year prefix tables of the calendar); ``figures_daily``
keeps them per day. This module is the one to import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from egov.core.errors import PermissionRefused
from egov.orgs.models import Agency
from egov.orgs.permissions import agencies_in_scope, descendant_ids, is_system_admin

from .figures_query import (
    LocalDate,
    as_of,
    by_procedure,
    counts_by_desk,
    counts_by_version,
    desk_labels,
    label_rows,
)
from .figures_types import (
    COUNTERS,
    DIMENSIONS,
    FLOW_COUNTERS,
    MAX_PERIOD_DAYS,
    STOCK_COUNTERS,
    AgencyFigures,
    Counts,
    Dimension,
    FigureRow,
    Figures,
    Period,
    WorkingDayCounter,
    local_today,
    midnight,
)

__all__ = [
    "COUNTERS",
    "DIMENSIONS",
    "FLOW_COUNTERS",
    "MAX_PERIOD_DAYS",
    "STOCK_COUNTERS",
    "AgencyFigures",
    "Counts",
    "Dimension",
    "FigureRow",
    "Figures",
    "LocalDate",
    "Period",
    "WorkingDayCounter",
    "as_of",
    "by_procedure",
    "counts_by_desk",
    "counts_by_version",
    "default_dimension",
    "desk_labels",
    "dossier_figures",
    "figure_agency_ids",
    "label_rows",
    "local_today",
    "midnight",
]


def figure_agency_ids(
    user: Any, agency: Agency | None = None, dimension: Dimension = "handled"
) -> set[int] | None:
    """The agencies whose figures ``user`` asks for; ``None`` means every agency (a system
    administrator asking for all). Refused for anyone but officials, and outside their scope
    (their own agency and those below it).

    Handled by: ``agency`` and the agencies below it, or everything in the user's scope.
    Received at: the desk of ``agency`` alone (the agencies below it have desks of their
    own), or the desks of every agency in the user's scope: an official of the service
    centre sees what their desk received, not what the departments received elsewhere.
    """
    if not getattr(user, "is_authenticated", False):
        raise PermissionRefused(_("Sign in with an official's account to see the figures."))
    everything = is_system_admin(user)
    scope = None if everything else set(agencies_in_scope(user).values_list("id", flat=True))
    if scope is not None and not scope:
        raise PermissionRefused(_("Only officials of an agency may see the figures."))
    if agency is None:
        return scope
    if scope is not None and agency.pk not in scope:
        raise PermissionRefused(
            _("You may not see the figures of %(agency)s.") % {"agency": agency.name},
            code="agency_out_of_scope",
        )
    if dimension == "received":
        return {agency.pk}
    return descendant_ids([agency.pk])


def default_dimension(user: Any) -> Dimension:
    """What an official sees first: the dossiers received at their desk when their agency is
    a Public Administration Service Centre (it handles none), else those their agency
    handles."""
    profile = getattr(user, "official", None) if getattr(user, "is_authenticated", False) else None
    if profile is not None and profile.agency.kind == Agency.Kind.SERVICE_CENTRE:
        return "received"
    return "handled"


def dossier_figures(
    *,
    period: Period,
    agency_ids: Iterable[int] | None = None,
    procedure_id: int | None = None,
    per_procedure: bool = True,
    now: dt.datetime | None = None,
    dimension: Dimension = "handled",
) -> Figures:
    """The figures of ``period`` computed from the dossiers themselves.

    ``agency_ids`` are the competent agencies to include or, with ``dimension="received"``,
    the desks (``figure_agency_ids`` gives them for a user); ``None`` includes all. ``now``
    fixes the clock (tests, benchmarks).
    """
    cutoff = as_of(period, now)
    ids = None if agency_ids is None else set(agency_ids)
    counts = counts_by_version(
        period=period,
        cutoff=cutoff,
        agency_ids=ids,
        procedure_id=procedure_id,
        per_procedure=per_procedure,
        dimension=dimension,
    )
    return Figures(
        period=period,
        as_of=cutoff,
        source="live",
        rows=label_rows(by_procedure(counts) if per_procedure else counts),
        per_procedure=per_procedure,
        dimension=dimension,
        desks=desk_labels(dimension, ids),
    )
