"""The load benchmark's two baselines, served by the same gunicorn as the real lookup.

- ``hello``: a trivial JSON view, through Django's URL resolver and every middleware: what
  any request costs before it does anything.
- ``bare_lookup``: the same answer as ``GET /api/v1/dossiers/lookup`` from one raw SQL query
  (dossier, procedure name and steps aggregated by the database), with no middleware, no
  ORM, no rate limiter and no schema validation: ``bench.wsgi`` serves it through Django's
  handler with an empty middleware list (the baseline the real lookup is measured against)
  and, as a lower floor, straight from the WSGI callable.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation

from egov.dossiers.lifecycle import Status
from egov.dossiers.lookup import RESULT_READY, public_status
from egov.dossiers.models import Step

VN = dt.timezone(dt.timedelta(hours=7))
_STEPS = {
    "postgresql": "(SELECT json_agg(json_build_array(s.name, s.state, s.started_at, "
    "s.finished_at) ORDER BY s.position) FROM dossiers_step s WHERE s.dossier_id = d.id)",
    "sqlite": "(SELECT json_group_array(json_array(name, state, started_at, finished_at)) "
    "FROM (SELECT * FROM dossiers_step WHERE dossier_id = d.id ORDER BY position))",
}
_QUERY = (
    "SELECT d.code, d.status, d.received_at, d.due_at, d.returned_at, d.applicant_phone, "
    "d.applicant_id_number, v.name, {steps} FROM dossiers_dossier d "
    "JOIN catalog_procedureversion v ON v.id = d.procedure_version_id WHERE d.code = %s"
)
# Labels are fixed per language: computed once, in Vietnamese as the site serves them.
with translation.override("vi"):
    _STATUS = {
        s.value: (public_status(s.value).value, str(public_status(s.value).label)) for s in Status
    }
    _STEP_STATE = {s.value: str(s.label) for s in Step.State}
_NOT_FOUND = json.dumps({"code": "lookup_not_found", "message": "No dossier matches."}).encode()


def hello(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


def _last4(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else "\x00" * 4


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(VN).isoformat() if moment is not None else None


def _response(body: bytes, status: int) -> HttpResponse:
    response = HttpResponse(body, content_type="application/json", status=status)
    response["Content-Length"] = str(len(body))
    response["Cache-Control"] = "no-store"
    return response


def bare_lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip().upper()
    secret = request.GET.get("secret", "").strip().encode()
    with connection.cursor() as cursor:
        cursor.execute(_QUERY.format(steps=_STEPS[connection.vendor]), [code])
        row = cursor.fetchone()
    if row is None:
        return _response(_NOT_FOUND, 404)
    code, status, received, due, returned, phone, id_number, name, steps = row
    by_phone = hmac.compare_digest(secret, _last4(phone).encode())
    by_id = hmac.compare_digest(secret, _last4(id_number).encode())
    if not (by_phone | by_id) or len(secret) != 4:
        return _response(_NOT_FOUND, 404)
    if isinstance(steps, str):  # SQLite returns the JSON as text
        steps = json.loads(steps)
    public, label = _STATUS[status]
    answer: dict[str, Any] = {
        "code": code,
        "procedure_name": name,
        "status": {"code": public, "label": label},
        "received_at": _iso(_aware(received)),
        "due_at": _iso(_aware(due)),
        "result_ready": status in RESULT_READY,
        "returned_at": _iso(_aware(returned)),
        "steps": [
            {
                "name": step_name,
                "state": state,
                "state_label": _STEP_STATE[state],
                "started_at": _iso(_aware(started)),
                "finished_at": _iso(_aware(finished)),
            }
            for step_name, state, started, finished in steps or []
        ],
    }
    return _response(json.dumps(answer, ensure_ascii=False).encode(), 200)


def _aware(value: Any) -> dt.datetime | None:
    """PostgreSQL gives aware datetimes; SQLite naive UTC ones (or text, inside JSON)."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
