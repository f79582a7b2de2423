"""JSON API of citizen feedback, mounted at /api/v1/feedback/.

``GET figures?agency=<agency code>&start=<YYYY-MM-DD>&end=<YYYY-MM-DD>``: officials only,
signed in with their session; the figures of the officials' page (per handling agency:
received, reopened, answered on time and late, overdue now, rated and satisfied). Without
dates, the current month; without an agency, every agency in the caller's scope. 401 when
not signed in, 403 for non-officials and agencies outside the scope.

The Open311 GeoReport v2 interface lives apart, at /open311/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.security import SessionAuth

from egov.core.errors import ApplicationError, NotFound
from egov.orgs.models import Agency

from . import figures


class NotSignedIn(ApplicationError):
    code = "not_authenticated"
    http_status = 401


class OfficialSession(SessionAuth):
    """Django's session; a missing one answers 401 in the API's own error format."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            raise NotSignedIn(_("Sign in with an official's account to see the figures."))
        return request.user


router = Router(tags=["feedback"])


class ErrorOut(Schema):
    code: str
    message: str


class AgencyFiguresOut(Schema):
    agency: str
    agency_name: str
    received: int
    reopened: int
    answered: int
    on_time: int
    late: int
    overdue_open: int
    rated: int
    satisfied: int
    satisfaction: float | None


class FiguresOut(Schema):
    start: dt.date
    end: dt.date
    rows: list[AgencyFiguresOut]
    total: AgencyFiguresOut


@router.get(
    "/figures",
    auth=OfficialSession(),
    response={200: FiguresOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Feedback figures per handling agency and period",
)
def feedback_figures(
    request: HttpRequest,
    agency: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[str, Any]:
    chosen = None
    if agency:
        chosen = Agency.objects.filter(code=agency).first()
        if chosen is None:
            raise NotFound(_("There is no agency with this identifier."))
    period = figures.check_period(start, end, today=timezone.localdate())
    ids = figures.agencies_for(request.user, chosen)
    result = figures.feedback_figures(ids, period)
    return {
        "start": period.start,
        "end": period.end,
        "rows": [row.as_dict() for row in result.rows],
        "total": result.total.as_dict(),
    }
