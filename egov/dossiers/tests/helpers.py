"""Helpers of the service tests: a settable clock for the services, Vietnam-time moments,
and checks that an action wrote (or a refusal did not write) its history and audit lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from egov.core.models import AuditEvent
from egov.dossiers.models import Dossier, Event
from egov.dossiers.services import _core, closing, processing, reception, submission

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Every module of the services that reads the time of an action.
_CLOCK_MODULES = (_core, reception, processing, closing, submission)


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment in Vietnam time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


class Clock:
    """The services' ``now``, fixed until moved: ``clock.set(vn(...))``, ``clock.advance(...)``."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def set(self, moment: dt.datetime) -> None:
        self.moment = moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


@pytest.fixture(name="clock")
def clock_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """The services' clock, fixed at Monday 02/03/2026 09:00 Vietnam time (an ordinary
    working day). Import ``clock_fixture`` into a test module to use ``clock``."""
    fixed = Clock(vn(2026, 3, 2))
    for module in _CLOCK_MODULES:
        monkeypatch.setattr(module, "now", fixed)
    yield fixed


def history(dossier: Dossier) -> list[tuple[str, str, str]]:
    """The dossier's history as (action, from, to) lines, oldest first."""
    return list(
        Event.objects.filter(dossier=dossier)
        .order_by("at", "id")
        .values_list("action", "from_status", "to_status")
    )


def last_event(dossier: Dossier) -> Event:
    event = Event.objects.filter(dossier=dossier).order_by("-at", "-id").first()
    assert event is not None
    return event


def audit_actions(dossier: Dossier) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="dossiers.dossier", object_id=str(dossier.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def refused(
    error: type[Exception], call: Callable[[], Any], dossier: Dossier | None = None
) -> Exception:
    """Run ``call``, expect ``error``; the dossier (if given) keeps its version, history and
    audit trail exactly as they were."""
    before = None
    if dossier is not None:
        dossier.refresh_from_db()
        before = (dossier.version, dossier.status, history(dossier), audit_actions(dossier))
    with pytest.raises(error) as raised:
        call()
    if dossier is not None:
        dossier.refresh_from_db()
        after = (dossier.version, dossier.status, history(dossier), audit_actions(dossier))
        assert after == before, "a refused action changed the dossier"
    return raised.value


def fresh(dossier: Dossier) -> Dossier:
    dossier.refresh_from_db()
    return dossier
