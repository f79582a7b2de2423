"""HTTP API of the dossier figures (mounted at /api/v1/dossier-figures/): officials only,
signed in with their session; the same figures as the officials' page.

``GET /api/v1/dossier-figures/?agency=<agency code>&procedure=<national code>&start=<YYYY-MM-DD>
&end=<YYYY-MM-DD>&by=<procedure|agency>&dimension=<handled|received>``: without dates, the
current month; one row per handling agency and procedure, or per handling agency with
``by=agency``. 401 when not signed in, 403 for non-officials and agencies outside the scope.

``dimension=handled``: the dossiers handled by ``agency`` and the agencies below it (without
an agency, every agency in the caller's scope). ``dimension=received``: the dossiers received
at ``agency``'s one-stop desk (without an agency, the desks in the caller's scope), whoever
handles them: the Public Administration Service Centre receives the departments' dossiers.
Without ``dimension``, what the officials' page shows first: ``received`` for the service
centre's officials, ``handled`` for everyone else. The answer says which it used.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.security import SessionAuth

from egov.catalog.models import Procedure
from egov.core.errors import ApplicationError, NotFound, ValidationFailed
from egov.orgs.models import Agency

from .figures import (
    DIMENSIONS,
    Counts,
    Dimension,
    Figures,
    Period,
    default_dimension,
    figure_agency_ids,
    local_today,
)
from .figures_daily import read_figures


class NotSignedIn(ApplicationError):
    code = "not_authenticated"
    http_status = 401


class OfficialSession(SessionAuth):
    """Django's session; a missing one answers 401 in the API's own error format."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            raise NotSignedIn(_("Sign in with an official's account to see the figures."))
        return request.user


router = Router(tags=["dossier figures"], auth=OfficialSession())


class ErrorOut(Schema):
    code: str
    message: str


class ReceivedOut(Schema):
    total: int
    in_person: int
    online: int
    postal: int
    digitised: int


class ResolvedOut(Schema):
    total: int
    before_time: int
    on_time: int
    after_time: int


class InProcessOut(Schema):
    total: int
    on_time: int
    overdue: int
    waiting_supplement: int


class RefusedOut(Schema):
    total: int
    at_reception: int
    after_appraisal: int


class CountsOut(Schema):
    received: ReceivedOut
    resolved: ResolvedOut
    in_process: InProcessOut
    refused: RefusedOut
    stopped: int
    online_share: float | None
    digitised_share: float | None
    on_time_share: float | None
    average_processing_days: float | None
    average_rating: float | None
    rating_count: int


class RowOut(Schema):
    agency_code: str
    agency_name: str
    procedure_code: str | None
    procedure_name: str | None
    figures: CountsOut


class DeskOut(Schema):
    code: str
    name: str


class FiguresOut(Schema):
    start: dt.date
    end: dt.date
    as_of: dt.datetime
    source: str
    dimension: str
    received_at: list[DeskOut] | None
    rows: list[RowOut]
    total: CountsOut


def _counts(c: Counts) -> dict[str, Any]:
    return {
        "received": {
            "total": c.received,
            "in_person": c.received_in_person,
            "online": c.received_online,
            "postal": c.received_postal,
            "digitised": c.digitised,
        },
        "resolved": {
            "total": c.resolved,
            "before_time": c.resolved_early,
            "on_time": c.resolved_on_time,
            "after_time": c.resolved_late,
        },
        "in_process": {
            "total": c.in_process,
            "on_time": c.in_process_on_time,
            "overdue": c.in_process_overdue,
            "waiting_supplement": c.waiting_supplement,
        },
        "refused": {
            "total": c.refused,
            "at_reception": c.refused_reception,
            "after_appraisal": c.refused_after_appraisal,
        },
        "stopped": c.stopped,
        "online_share": c.online_share,
        "digitised_share": c.digitised_share,
        "on_time_share": c.on_time_share,
        "average_processing_days": c.average_processing_days,
        "average_rating": c.average_rating,
        "rating_count": c.rating_count,
    }


def _output(figures: Figures) -> dict[str, Any]:
    return {
        "start": figures.period.start,
        "end": figures.period.end,
        "as_of": figures.as_of,
        "source": figures.source,
        "dimension": figures.dimension,
        # The desks of a "received at" answer; none: every desk, or "handled by".
        "received_at": [{"code": code, "name": name} for code, name in figures.desks]
        if figures.dimension == "received" and figures.desks
        else None,
        "rows": [
            {
                "agency_code": r.agency_code,
                "agency_name": r.agency_name,
                "procedure_code": r.procedure_code if figures.per_procedure else None,
                "procedure_name": r.procedure_name if figures.per_procedure else None,
                "figures": _counts(r.counts),
            }
            for r in figures.rows
        ],
        "total": _counts(figures.total),
    }


def _date(text: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed(
            _("“%(name)s” must be a date written YYYY-MM-DD.") % {"name": name}, code="invalid_date"
        ) from None


def _period(start: str | None, end: str | None) -> Period:
    if not start and not end:
        today = local_today()
        return Period.month(today.year, today.month)
    if not (start and end):
        raise ValidationFailed(_("Give both “start” and “end”, or neither."), code="period_half")
    return Period(_date(start, "start"), _date(end, "end"))


@router.get(
    "",
    response={200: FiguresOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="dossier_figures",
    summary="Figures of the one-stop desk for a period",
)
def dossier_figures(
    request: HttpRequest,
    agency: str | None = None,
    procedure: str | None = None,
    start: str | None = None,
    end: str | None = None,
    by: str = "procedure",
    dimension: str | None = None,
) -> dict[str, Any]:
    figure_agency_ids(request.user)  # officials only, before telling anything about codes
    period = _period(start, end)
    if by not in ("procedure", "agency"):
        raise ValidationFailed(_("“by” must be “procedure” or “agency”."), code="invalid_by")
    if dimension is not None and dimension not in DIMENSIONS:
        raise ValidationFailed(
            _("“dimension” must be “handled” or “received”."), code="invalid_dimension"
        )
    counted: Dimension = dimension if dimension else default_dimension(request.user)
    chosen = None
    if agency:
        chosen = Agency.objects.filter(code=agency.strip()).first()
        if chosen is None:
            raise NotFound(_("There is no agency with this code."), code="unknown_agency")
    procedure_id = None
    if procedure:
        procedure_id = (
            Procedure.objects.filter(code=procedure.strip()).values_list("pk", flat=True).first()
        )
        if procedure_id is None:
            raise NotFound(_("There is no procedure with this code."), code="unknown_procedure")
    figures = read_figures(
        period=period,
        agency_ids=figure_agency_ids(request.user, chosen, counted),
        procedure_id=procedure_id,
        per_procedure=by == "procedure",
        dimension=counted,
    )
    return _output(figures)
