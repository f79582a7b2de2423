"""Public lookup of a dossier by its code and a 4-digit secret, without login (issue 3).

The secret is the last 4 digits of the applicant's phone or ID number, compared in constant
time. A wrong pair and an unknown code give the same answer after the same single query, and
the failures of one client are counted (``egov.core.failures``, read by that same query),
so codes cannot be guessed in bulk. The answer carries no personal data: no names, numbers,
addresses or officials.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import json
import re
import time
from typing import Any, NamedTuple, cast

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from egov.catalog.models import ProcedureVersion
from egov.core import failures
from egov.core.errors import NotFound

from .lifecycle import Status
from .models import Dossier, Step

SECRET = re.compile(r"[0-9]{4}")  # fullmatch; \d would take any Unicode digit
RATE_SCOPE = "dossier-lookup"
# Failures allowed per client address and window (settings may change them).
FAILURE_LIMIT = 10
FAILURE_WINDOW_SECONDS = 15 * 60
MAX_CODE_LENGTH = 40

# What a citizen is told: a refusal still under the leader's review is not a decision yet,
# so it reads "in progress" until it is approved (then "refused") or rejected.
_PUBLIC_STATUS = {Status.REFUSAL_PROPOSED: Status.IN_PROGRESS}
RESULT_READY = frozenset({Status.READY, Status.RETURNED})
# Compared against when the code is unknown, so both paths do the same work.
_DUMMY = "\x00\x00\x00\x00"


def public_status(status: str) -> Status:
    current = Status(status)
    return _PUBLIC_STATUS.get(current, current)


def not_found() -> NotFound:
    """The one answer for an unknown code and for a wrong secret."""
    return NotFound(
        _(
            "No dossier matches this code and these 4 digits. Check the code on your receipt "
            "and the last 4 digits of the phone or ID number given in the dossier."
        ),
        code="lookup_not_found",
    )


# Named tuples, not frozen dataclasses: as immutable, and several times cheaper to build for
# the dozen steps of every lookup.
class LookupStep(NamedTuple):
    name: str
    state: str
    state_label: str
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class LookupResult(NamedTuple):
    code: str
    procedure_name: str
    status: str
    status_label: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    result_ready: bool
    returned_at: dt.datetime | None
    steps: tuple[LookupStep, ...]


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()[:MAX_CODE_LENGTH]


def _last4(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else _DUMMY


def _secret_matches(secret: str, phone: str, id_number: str) -> bool:
    given = secret.encode()
    # Both comparisons always run: the time does not tell which one matched.
    by_phone = hmac.compare_digest(given, _last4(phone).encode())
    by_id = hmac.compare_digest(given, _last4(id_number).encode())
    return by_phone | by_id


def _aware(value: dt.datetime | str | None) -> dt.datetime | None:
    """A UTC moment from the database, in Vietnam time (the site's zone: the lookup answers
    everyone alike). PostgreSQL gives aware datetimes (or ISO text inside JSON); SQLite naive
    UTC ones (or text, inside JSON)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(timezone.get_default_timezone())


@functools.cache
def _step_label(language: str | None, state: str) -> str:
    """A step state's label in ``language``, translated once per language and state."""
    return str(Step.State(state).label)


# The dossier, its procedure's name and its steps in position order (as one JSON array
# aggregated by the database) in one indexed query: the lookup is the busiest public
# endpoint, and the ORM would need two queries and build them afresh on every request.
_STEPS_SQL = {
    "postgresql": "(SELECT json_agg(json_build_array(s.name, s.state, s.started_at, "
    "s.finished_at) ORDER BY s.position) FROM {step} s WHERE s.dossier_id = d.id)",
    "sqlite": "(SELECT json_group_array(json_array(name, state, started_at, finished_at)) "
    "FROM (SELECT * FROM {step} WHERE dossier_id = d.id ORDER BY position))",
}
_LOOKUP_SQL = (
    "SELECT {failures}d.code, d.status, d.received_at, d.due_at, d.returned_at, d.applicant_phone, "
    "d.applicant_id_number, v.name, {steps} FROM {dossier} d "
    "JOIN {version} v ON v.id = d.procedure_version_id WHERE d.code = %s"
)


@functools.cache
def lookup_sql(vendor: str, *, counted: bool = False) -> str:
    """The lookup query for a database vendor (SQLite or PostgreSQL, the two egov runs on);
    ``counted``: with the client's failures (``egov.core.failures``) as first column."""
    tables = {
        "dossier": Dossier._meta.db_table,
        "step": Step._meta.db_table,
        "version": ProcedureVersion._meta.db_table,
    }
    return _LOOKUP_SQL.format(
        failures=f"{failures.count_sql()}, " if counted else "",
        steps=_STEPS_SQL[vendor].format(**tables),
        **tables,
    )


LookupRow = tuple[str, str, Any, Any, Any, str, str, str, Any]


def fetch_row(code: str) -> LookupRow | None:
    """The raw row for ``code``: code, status, received, due, returned, phone, ID number,
    procedure name, steps (a JSON array of [name, state, started, finished], or its text)."""
    with connection.cursor() as cursor:
        cursor.execute(lookup_sql(connection.vendor), [code])
        row = cursor.fetchone()
    return cast(LookupRow | None, row)


def fetch_counted(code: str, client: str, *, now: float) -> tuple[int | None, LookupRow | None]:
    """``fetch_row(code)`` and, with it, the client's failures in its open window (None when
    it has none, or when no dossier has the code), in one query."""
    params: list[str | int] = [*failures.count_params(RATE_SCOPE, client, now=now), code]
    with connection.cursor() as cursor:
        cursor.execute(lookup_sql(connection.vendor, counted=True), params)
        found = cursor.fetchone()
    if found is None:
        return None, None
    return found[0], cast(LookupRow, tuple(found[1:]))


def step_rows(steps: Any) -> list[list[Any]]:
    if isinstance(steps, str | bytes):  # SQLite returns the JSON as text
        steps = json.loads(steps)
    return list(steps or [])


def lookup(code: str, secret: str) -> LookupResult | None:
    """The public view of the dossier ``code`` if ``secret`` matches, else None (one query
    whether it matches or not)."""
    code = normalise_code(code)
    return public_view(fetch_row(code) if code else None, secret)


def public_view(row: LookupRow | None, secret: str) -> LookupResult | None:
    """The public view of a fetched row if ``secret`` matches it, else None; the secret is
    compared as long when there is no row."""
    secret = secret.strip()
    if row is None:
        _secret_matches(secret, "", "")
        return None
    code, status_value, received, due, returned, phone, id_number, procedure_name, steps = row
    matched = _secret_matches(secret, phone, id_number)
    # The format check matters: an applicant without digits is compared with _DUMMY.
    if not (SECRET.fullmatch(secret) and matched):
        return None
    status = public_status(status_value)
    language = get_language()
    return LookupResult(
        code=str(code),
        procedure_name=procedure_name,
        status=str(status.value),
        status_label=str(status.label),
        received_at=_aware(received),
        due_at=_aware(due),
        result_ready=Status(status_value) in RESULT_READY,
        returned_at=_aware(returned),
        steps=tuple(
            LookupStep(
                name=name,
                state=state,
                state_label=_step_label(language, state),
                started_at=_aware(started),
                finished_at=_aware(finished),
            )
            for name, state, started, finished in step_rows(steps)
        ),
    )


def _limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "EGOV_LOOKUP_FAILURE_LIMIT", FAILURE_LIMIT)),
        int(getattr(settings, "EGOV_LOOKUP_FAILURE_WINDOW_SECONDS", FAILURE_WINDOW_SECONDS)),
    )


def guarded_lookup(code: str, secret: str, *, client: str) -> LookupResult:
    """``lookup`` for one client, in one query when it succeeds: refuses (RateLimited) a
    client that failed too often, whatever it asked, and counts a failure for an unknown code
    or a wrong secret (NotFound, the same for both)."""
    limit, window = _limits()
    now = time.time()
    code = normalise_code(code)
    counted, row = fetch_counted(code, client, now=now) if code else (None, None)
    if row is None or (counted or 0) >= limit:
        # An unknown code says nothing of the client, and one at its limit needs the
        # window's end for Retry-After: both read the counter itself (rare paths).
        failures.check(RATE_SCOPE, client, limit=limit, now=now)
    found = public_view(row, secret)
    if found is None:
        failures.hit(RATE_SCOPE, client, limit=limit, window_seconds=window, now=now)
        raise not_found()
    return found
