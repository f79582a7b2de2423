"""HTTP API of the dossiers (mounted at /api/v1/dossiers/): the public lookup by code."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from egov.core.errors import ApplicationError
from egov.core.fastpath import error_response
from egov.core.nul import nul_refusal
from egov.core.ratelimit import client_key

from .lookup import MAX_CODE_LENGTH, LookupResult, guarded_lookup

router = Router(tags=["dossiers"])


class LookupIn(Schema):
    code: str = Field(min_length=1, max_length=MAX_CODE_LENGTH, description="Dossier code.")
    secret: str = Field(
        pattern=r"^\d{4}$",
        description="Last 4 digits of the applicant's phone or ID number.",
    )


class StatusOut(Schema):
    code: str
    label: str


class StepOut(Schema):
    name: str
    state: str
    state_label: str
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class LookupOut(Schema):
    code: str
    procedure_name: str
    status: StatusOut
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    result_ready: bool
    returned_at: dt.datetime | None
    steps: list[StepOut]


class ErrorOut(Schema):
    code: str
    message: str


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _payload(found: LookupResult) -> dict[str, Any]:
    """The LookupOut document as plain JSON data. The view serialises it itself: building
    pydantic objects for an answer made from trusted data, then validating them again, cost
    as much as the query (bench/: lookup under load); a test checks it against LookupOut."""
    return {
        "code": found.code,
        "procedure_name": found.procedure_name,
        "status": {"code": found.status, "label": found.status_label},
        "received_at": _iso(found.received_at),
        "due_at": _iso(found.due_at),
        "result_ready": found.result_ready,
        "returned_at": _iso(found.returned_at),
        "steps": [
            {
                "name": step.name,
                "state": step.state,
                "state_label": step.state_label,
                "started_at": _iso(step.started_at),
                "finished_at": _iso(step.finished_at),
            }
            for step in found.steps
        ],
    }


def _answer(found: LookupResult) -> HttpResponse:
    body = json.dumps(_payload(found), ensure_ascii=False).encode()
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/lookup",
    response={200: LookupOut, 404: ErrorOut, 429: ErrorOut},
    url_name="dossiers_lookup",
    summary="Look a dossier up by its code",
)
def lookup(request: HttpRequest, params: Query[LookupIn]) -> HttpResponse:
    """Status, steps and dates of a received dossier, without personal data. An unknown code
    and a wrong secret get the same 404; repeated failures from one address get 429."""
    found = guarded_lookup(params.code, params.secret, client=client_key(request))
    return _answer(found)


_PLAIN_SECRET = re.compile(r"[0-9]{4}")


def _invalid(exc: PydanticValidationError) -> JsonResponse:
    """A 400 as django-ninja words it for query parameters."""
    errors = [
        {"type": e["type"], "loc": ["query", *e["loc"]], "msg": e["msg"]}
        for e in exc.errors(include_url=False, include_input=False, include_context=False)
    ]
    return JsonResponse(
        {"code": "invalid", "message": "Invalid input.", "errors": errors}, status=400
    )


def lookup_fast(request: HttpRequest) -> HttpResponse:
    """``lookup`` without django-ninja, served by ``egov.core.fastpath`` ahead of the page
    middleware (the lookup is the busiest public endpoint; see that module). It validates
    with the same schema and answers exactly as the routed view does."""
    if request.method != "GET":
        response = error_response(
            ApplicationError(_("Only GET is allowed here."), code="method_not_allowed")
        )
        response.status_code = 405
        response["Allow"] = "GET"
        return response
    refusal = nul_refusal(request)
    if refusal is not None:
        return error_response(refusal)
    code, secret = request.GET.get("code", ""), request.GET.get("secret", "")
    # Plainly valid parameters skip pydantic; anything else gets its verdict and error list.
    if not (0 < len(code) <= MAX_CODE_LENGTH and _PLAIN_SECRET.fullmatch(secret)):
        given = {key: request.GET[key] for key in ("code", "secret") if key in request.GET}
        try:
            params = LookupIn.model_validate(given)
        except PydanticValidationError as exc:
            return _invalid(exc)
        code, secret = params.code, params.secret
    try:
        found = guarded_lookup(code, secret, client=client_key(request))
    except ApplicationError as error:
        return error_response(error)
    return _answer(found)
