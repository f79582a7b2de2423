"""Officials' work queues: what is on one person's desk, and the department's overview.

"Mine" is the work the person may take up now: active steps assigned to them, or not yet
assigned and of a role they hold in their agency (their own department for a department
head); for the desk, dossiers to check and results to hand back; for a clerk, results to
hand to the desk; for a leader, refusals to decide. "Department" is everything of the
department (department heads) or of the agencies in scope (leaders). Tabs cut either one
by status and due moment. Every queue stays inside ``visible_to_official``.

"Due soon" and "overdue" follow the due moment of the work itself: in one's own queue, the
due moment of one's current steps (a step is often due well before the dossier) and of the
consultations one's agency must answer; in a department head's view, the due moment of the
department's current steps. Where the work is the whole dossier (the desk checking or
returning it, the clerk handing the result over, the leader deciding a refusal, and a
leader's view of the agency) it is the dossier's due moment.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.conf import settings
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce
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


def _due_in(tab: str, now: dt.datetime, field: str = "due_at") -> Q:
    """The rows whose ``field`` falls in the due tab ``tab`` (everything for other tabs)."""
    if tab == Tab.DUE_SOON:
        return Q(**{f"{field}__gte": now, f"{field}__lte": due_soon_limit(now)})
    if tab == Tab.OVERDUE:
        return Q(**{f"{field}__lt": now})
    return Q()


def _mine(user: Any, tab: str, now: dt.datetime) -> Q:
    roles = roles_of(user)
    scope = agencies_in_scope(user).values("id")
    my_steps = _my_steps(user, roles, scope)
    on_my_step = Q(pk__in=my_steps.values("dossier_id"))
    if tab == Tab.DONE:
        took_part = Event.objects.filter(actor_id=user.pk).values("dossier_id")
        return Q(pk__in=took_part, status__in=CLOSED)
    if tab == Tab.WAITING:
        waiting = on_my_step
        if Role.DESK_OFFICER in roles:
            waiting |= Q(agency_id__in=scope)
        return waiting & Q(status__in=WAITING)
    # Work on one's own steps: due when the step is.
    due_steps = my_steps.filter(_due_in(tab, now))
    todo = [Q(pk__in=due_steps.values("dossier_id"), status__in=WORKING)]
    # Work on the whole dossier: due when the dossier is.
    whole: list[Q] = []
    if Role.DESK_OFFICER in roles:
        whole.append(Q(agency_id__in=scope, status__in=(Status.SUBMITTED, Status.READY)))
    if Role.CLERK in roles:
        whole.append(Q(handling_agency_id__in=scope, status=Status.RESULT_ISSUED))
    if Role.AGENCY_LEADER in roles:
        whole.append(Q(handling_agency_id__in=scope, status=Status.REFUSAL_PROPOSED))
    if whole:
        todo.append(reduce(operator.or_, whole) & _due_in(tab, now))
    # Questions to answer: due when the answer is.
    if roles & {Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER}:
        asked = Consultation.objects.filter(answered_at__isnull=True, agency_id__in=scope)
        todo.append(
            Q(
                pk__in=asked.filter(_due_in(tab, now)).values("dossier_id"),
                status__in=(Status.IN_PROGRESS, Status.WAITING_SUPPLEMENT),
            )
        )
    return reduce(operator.or_, todo)


def _department_current_steps(department: int) -> QuerySet[Step]:
    return Step.objects.filter(department_id=department, state=Step.State.ACTIVE)


def _department(user: Any, tab: str, now: dt.datetime) -> Q:
    roles = roles_of(user)
    department = None
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
    if tab in (Tab.DUE_SOON, Tab.OVERDUE):
        if department is None:  # a leader's view of the agency: the dossier's due moment
            return base & Q(status__in=OPEN) & _due_in(tab, now)
        due = _department_current_steps(department).filter(_due_in(tab, now)).values("dossier_id")
        return Q(pk__in=due, status__in=OPEN)
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


def _order(tab: str, *, by_step: bool = False) -> list[OrderBy | str]:
    if tab == Tab.DONE:
        return [F("closed_at").desc(nulls_last=True), "-id"]
    if tab == Tab.WAITING:
        return [F("paused_at").asc(nulls_last=True), "submitted_at", "id"]
    if by_step:
        due = Coalesce("step_due_at", "due_at")
        return [due.asc(nulls_last=True), "submitted_at", "id"]
    return [F("due_at").asc(nulls_last=True), "submitted_at", "id"]


def _current_steps(user: Any, scope: str) -> QuerySet[Step] | None:
    """The current steps whose due moment the queue shows beside the dossier's: one's own
    steps, or the department's for a department head (none for a leader's agency view)."""
    roles = roles_of(user)
    if scope != Scope.DEPARTMENT:
        return _my_steps(user, roles, agencies_in_scope(user).values("id"))
    department = _department_id(user)
    if Role.AGENCY_LEADER in roles or Role.DEPARTMENT_HEAD not in roles or department is None:
        return None
    return _department_current_steps(department)


def queue(
    user: Any,
    *,
    tab: str = Tab.TODO,
    scope: str = Scope.MINE,
    filters: Filters | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    """The dossiers of one tab of ``user``'s queue (or of their department's), filtered;
    each with ``step_due_at``, the earliest due moment of its current steps that are the
    user's (or the department's), when the queue follows steps."""
    now = now or timezone.now()
    pick = _department if scope == Scope.DEPARTMENT else _mine
    condition = pick(user, tab, now)
    dossiers = visible_to_official(user).filter(condition)
    dossiers = _filtered(dossiers, filters or Filters())
    steps = _current_steps(user, scope)
    if steps is not None:
        first = steps.filter(dossier_id=OuterRef("pk")).order_by("due_at").values("due_at")[:1]
        dossiers = dossiers.annotate(step_due_at=Subquery(first))
    return dossiers.select_related(
        "procedure_version", "procedure_version__procedure", "agency", "handling_agency"
    ).order_by(*_order(tab, by_step=steps is not None))


def tab_counts(user: Any, *, scope: str, filters: Filters | None = None) -> dict[str, int]:
    """How many dossiers each tab holds, for the tab labels."""
    now = timezone.now()
    return {
        tab: queue(user, tab=tab, scope=scope, filters=filters, now=now).count()
        for tab in Tab.labels
    }
