"""Public lookup of a dossier by its code and a 4-digit secret, without login (issue 3).

The secret is the last 4 digits of the applicant's phone or ID number, compared in constant
time. A wrong pair and an unknown code give the same answer after the same single query, and
the failures of one client are counted (``egov.core.ratelimit``), so codes cannot be guessed
in bulk. The answer carries no personal data: no names, numbers, addresses or officials.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core import ratelimit
from egov.core.errors import NotFound

from .lifecycle import Status
from .models import Dossier, Step

SECRET = re.compile(r"^\d{4}$")
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


@dataclass(frozen=True)
class LookupStep:
    name: str
    state: str
    state_label: str
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


@dataclass(frozen=True)
class LookupResult:
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


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment) if moment is not None else None


def lookup(code: str, secret: str) -> LookupResult | None:
    """The public view of the dossier ``code`` if ``secret`` matches, else None.

    One query finds the dossier (with its procedure's name), a second reads its steps only
    once the secret matched.
    """
    code = normalise_code(code)
    secret = secret.strip()
    row = (
        Dossier.objects.filter(code=code)
        .values(
            "pk",
            "code",
            "status",
            "received_at",
            "due_at",
            "returned_at",
            "applicant_phone",
            "applicant_id_number",
            "procedure_version__name",
        )
        .first()
        if code
        else None
    )
    if row is None:
        _secret_matches(secret, "", "")
        return None
    matched = _secret_matches(secret, row["applicant_phone"], row["applicant_id_number"])
    # The format check matters: an applicant without digits is compared with _DUMMY.
    if not (SECRET.match(secret) and matched):
        return None
    steps = tuple(
        LookupStep(
            name=name,
            state=state,
            state_label=str(Step.State(state).label),
            started_at=_local(started),
            finished_at=_local(finished),
        )
        for name, state, started, finished in Step.objects.filter(dossier_id=row["pk"])
        .order_by("position")
        .values_list("name", "state", "started_at", "finished_at")
    )
    status = public_status(row["status"])
    return LookupResult(
        code=str(row["code"]),
        procedure_name=row["procedure_version__name"],
        status=str(status.value),
        status_label=str(status.label),
        received_at=_local(row["received_at"]),
        due_at=_local(row["due_at"]),
        result_ready=Status(row["status"]) in RESULT_READY,
        returned_at=_local(row["returned_at"]),
        steps=steps,
    )


def _limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "EGOV_LOOKUP_FAILURE_LIMIT", FAILURE_LIMIT)),
        int(getattr(settings, "EGOV_LOOKUP_FAILURE_WINDOW_SECONDS", FAILURE_WINDOW_SECONDS)),
    )


def guarded_lookup(code: str, secret: str, *, client: str) -> LookupResult:
    """``lookup`` for one client: refuses (RateLimited) a client that failed too often, and
    counts a failure for an unknown code or a wrong secret (NotFound, the same for both)."""
    limit, window = _limits()
    ratelimit.check(RATE_SCOPE, client, limit=limit, window_seconds=window)
    found = lookup(code, secret)
    if found is None:
        ratelimit.hit(RATE_SCOPE, client, limit=limit, window_seconds=window)
        raise not_found()
    return found
