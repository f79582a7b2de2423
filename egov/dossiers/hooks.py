"""What apps above the dossiers add to the dossier flow, registered explicitly.

The dossiers sit below payments (and below any later app that has a say in the flow), so they
cannot ask those apps anything by import. Instead such an app registers plain functions here
from its ``AppConfig.ready()``; the dossiers call them at fixed points. No Django signals: what
runs, and in which order, is the list below (docs/architecture.md, "When a lower app needs
to react to a higher one").

- A **hold** says why an action must wait: ``add_hold(action, check)``, where
  ``check(dossier)`` returns a ``Hold`` (a stable code and a translated message saying what
  is missing and how to settle it) or None. ``require_clear`` (called by the services
  before ``accept`` and ``return_result``) refuses with the holds' messages; ``holds`` lets
  the pages say it before anyone presses the button.
- A **reception hook** runs inside ``accept``'s transaction, before the dossier changes
  state, with the exemptions the desk granted (fee id -> legal ground, already checked):
  ``add_reception_hook(hook)``; ``hook(dossier, actor=..., exemptions=...)``. Refusing
  (raising an ``ApplicationError``) refuses the reception.
- A **panel** adds a section to the applicant's ("citizen") or the officials' ("official")
  dossier page: ``add_panel(place, panel)``; ``panel(dossier, user)`` returns a ``Panel``
  (a template and its context) or None.

Tests swap the lists with ``isolated()``: the dossiers' own tests run without the hooks of
the apps above them, whose tests check their hooks in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from django.template import Template

from egov.core.errors import Conflict

from .lifecycle import Action
from .models import Dossier

Place = Literal["citizen", "official"]


@dataclass(frozen=True)
class Hold:
    """Why an action must wait: ``code`` for programs, ``message`` for people."""

    code: str
    message: str


@dataclass(frozen=True)
class Panel:
    """A section a higher app adds to a dossier page: ``template`` (a name, or a compiled
    template) rendered with the page's context, ``panel.context`` holding its own."""

    template: str | Template
    context: dict[str, Any] = field(default_factory=dict)


Check = Callable[[Dossier], Hold | None]
ReceptionHook = Callable[..., None]
PanelMaker = Callable[[Dossier, Any], Panel | None]


@dataclass
class Registry:
    holds: dict[Action, list[Check]] = field(default_factory=dict)
    reception: list[ReceptionHook] = field(default_factory=list)
    panels: dict[str, list[PanelMaker]] = field(default_factory=dict)


_registry = Registry()


def add_hold(action: Action, check: Check) -> None:
    """Register ``check`` before ``action`` (once: registering it again changes nothing)."""
    checks = _registry.holds.setdefault(Action(action), [])
    if check not in checks:
        checks.append(check)


def add_reception_hook(hook: ReceptionHook) -> None:
    if hook not in _registry.reception:
        _registry.reception.append(hook)


def add_panel(place: Place, maker: PanelMaker) -> None:
    makers = _registry.panels.setdefault(place, [])
    if maker not in makers:
        makers.append(maker)


def registry() -> Registry:
    """What is registered now (to check an app's registration)."""
    return _registry


def holds(dossier: Dossier, action: Action) -> list[Hold]:
    """What stands in the way of ``action`` on ``dossier`` now (empty: nothing)."""
    found = []
    for check in _registry.holds.get(Action(action), []):
        hold = check(dossier)
        if hold is not None:
            found.append(hold)
    return found


def require_clear(dossier: Dossier, action: Action) -> None:
    """Refuse ``action`` while a registered check holds it, with every reason given."""
    found = holds(dossier, action)
    if found:
        raise Conflict(" ".join(h.message for h in found), code=found[0].code)


def received(dossier: Dossier, *, actor: Any, exemptions: Mapping[int, str]) -> None:
    for hook in _registry.reception:
        hook(dossier, actor=actor, exemptions=dict(exemptions))


def panels(place: Place, dossier: Dossier, user: Any) -> list[Panel]:
    shown = []
    for maker in _registry.panels.get(place, []):
        panel = maker(dossier, user)
        if panel is not None:
            shown.append(panel)
    return shown


@contextmanager
def isolated() -> Iterator[Registry]:
    """Run with empty lists (yielded, to register test hooks on), then put back what was
    registered before."""
    global _registry
    saved = _registry
    _registry = Registry()
    try:
        yield _registry
    finally:
        _registry = saved
