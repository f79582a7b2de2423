"""Officials' work queues: what is on one person's desk, and the department's overview.

"Mine" is the work the person may take up now: active steps assigned to them, or not yet
assigned and of a role they hold in their agency (their own department for a department
head); for the desk, dossiers to check and results to hand back; for a clerk, results to
hand to the desk; for a leader, refusals to decide. "Department" is everything of the
department (department heads) or of the agencies in scope (leaders). Tabs cut either one
by the dossier's due moment and status. Every queue stays inside ``visible_to_official``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.text import fold
from egov.orgs.models import Role
from egov.orgs.permissions import agencies_in_scope, roles_of
from egov.workcalendar.services import add_working_days

from .lifecycle import CLOSED, Status
from .models import Consultation, Dossier, Event, Step
from .selectors import visible_to_official


class Tab:
    TODO = "todo"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    WAITING = "waiting"
    DONE = "done"

    labels = {
        TODO: _("To do"),
        DUE_SOON: _("Due soon"),
        OVERDUE: _("Overdue"),
        WAITING: _("Waiting for supplement"),
        DONE: _("Done"),
    }


class Scope:
    MINE = "mine"
    DEPARTMENT = "department"


STEP_ROLES = frozenset(
    {Role.DESK_OFFICER, Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER, Role.CLERK}
)
# Statuses in which a step's holder can move the dossier on.
WORKING = (Status.IN_PROGRESS, Status.APPROVED)
WAITING = (Status.INCOMPLETE, Status.WAITING_SUPPLEMENT)
OPEN = (
    Status.SUBMITTED,
    Status.IN_PROGRESS,
    Status.REFUSAL_PROPOSED,
    Status.APPROVED,
    Status.RESULT_ISSUED,
    Status.READY,
)


@dataclass(frozen=True)
class Filters:
    procedure: str = ""
    status: str = ""
    channel: int | None = None
    q: str = ""


def due_soon_limit(now: dt.datetime) -> dt.datetime:
    """The moment ``EGOV_DUE_SOON_DAYS`` working days from ``now``."""
    return add_working_days(now, settings.EGOV_DUE_SOON_DAYS)


def may_see_department(user: Any) -> bool:
    return bool(roles_of(user) & {Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER})


def _department_id(user: Any) -> int | None:
    profile = getattr(user, "official", None)
    return profile.department_id if profile is not None else None


def _my_steps(user: Any, roles: frozenset[Role], scope: Any) -> QuerySet[Step]:
    """Active steps ``user`` may act on as handler or as holder of the step's role."""
    wanted = Q(handler_id=user.pk)
    for role in sorted(roles & STEP_ROLES):
        condition = Q(handler__isnull=True, role=role, agency_id__in=scope)
        if role == Role.DEPARTMENT_HEAD:
            condition &= Q(department__isnull=True) | Q(department_id=_department_id(user))
        wanted |= condition
    return Step.objects.filter(wanted, state=Step.State.ACTIVE)


def _mine(user: Any, tab: str) -> Q:
    roles = roles_of(user)
    scope = agencies_in_scope(user).values("id")
    on_my_step = Q(pk__in=_my_steps(user, roles, scope).values("dossier_id"))
    if tab == Tab.DONE:
        took_part = Event.objects.filter(actor_id=user.pk).values("dossier_id")
        return Q(pk__in=took_part, status__in=CLOSED)
    if tab == Tab.WAITING:
        waiting = on_my_step
        if Role.DESK_OFFICER in roles:
            waiting |= Q(agency_id__in=scope)
        return waiting & Q(status__in=WAITING)
    todo = on_my_step & Q(status__in=WORKING)
    if Role.DESK_OFFICER in roles:
        todo |= Q(agency_id__in=scope, status__in=(Status.SUBMITTED, Status.READY))
    if Role.CLERK in roles:
        todo |= Q(handling_agency_id__in=scope, status=Status.RESULT_ISSUED)
    if Role.AGENCY_LEADER in roles:
        todo |= Q(handling_agency_id__in=scope, status=Status.REFUSAL_PROPOSED)
    if roles & {Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER}:
        asked = Consultation.objects.filter(answered_at__isnull=True, agency_id__in=scope)
        todo |= Q(
            pk__in=asked.values("dossier_id"),
            status__in=(Status.IN_PROGRESS, Status.WAITING_SUPPLEMENT),
        )
    return todo


def _department(user: Any, tab: str) -> Q:
    roles = roles_of(user)
    if Role.AGENCY_LEADER in roles:
        base = Q()
    elif Role.DEPARTMENT_HEAD in roles:
        department = _department_id(user)
        if department is None:
            return Q(pk__in=[])
        ours = Step.objects.filter(department_id=department).values("dossier_id")
        base = Q(pk__in=ours)
    else:
        return Q(pk__in=[])
    if tab == Tab.DONE:
        return base & Q(status__in=CLOSED)
    if tab == Tab.WAITING:
        return base & Q(status__in=WAITING)
    return base & Q(status__in=OPEN)


def _filtered(dossiers: QuerySet[Dossier], filters: Filters) -> QuerySet[Dossier]:
    for word in fold(filters.q).split():
        dossiers = dossiers.filter(search_text__contains=word)
    if filters.procedure:
        dossiers = dossiers.filter(procedure_version__procedure__code=filters.procedure)
    if filters.status:
        dossiers = dossiers.filter(status=filters.status)
    if filters.channel:
        dossiers = dossiers.filter(channel=filters.channel)
    return dossiers


def _order(tab: str) -> list[OrderBy | str]:
    if tab == Tab.DONE:
        return [F("closed_at").desc(nulls_last=True), "-id"]
    if tab == Tab.WAITING:
        return [F("paused_at").asc(nulls_last=True), "submitted_at", "id"]
    return [F("due_at").asc(nulls_last=True), "submitted_at", "id"]


def queue(
    user: Any,
    *,
    tab: str = Tab.TODO,
    scope: str = Scope.MINE,
    filters: Filters | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    """The dossiers of one tab of ``user``'s queue (or of their department's), filtered."""
    now = now or timezone.now()
    if scope == Scope.DEPARTMENT:
        condition = _department(user, tab)
    else:
        condition = _mine(user, Tab.TODO if tab in (Tab.DUE_SOON, Tab.OVERDUE) else tab)
    dossiers = visible_to_official(user).filter(condition)
    if tab == Tab.DUE_SOON:
        dossiers = dossiers.filter(due_at__gte=now, due_at__lte=due_soon_limit(now))
    elif tab == Tab.OVERDUE:
        dossiers = dossiers.filter(due_at__lt=now)
    dossiers = _filtered(dossiers, filters or Filters())
    return dossiers.select_related(
        "procedure_version", "procedure_version__procedure", "agency", "handling_agency"
    ).order_by(*_order(tab))


def tab_counts(user: Any, *, scope: str, filters: Filters | None = None) -> dict[str, int]:
    """How many dossiers each tab holds, for the tab labels."""
    now = timezone.now()
    return {
        tab: queue(user, tab=tab, scope=scope, filters=filters, now=now).count()
        for tab in Tab.labels
    }
