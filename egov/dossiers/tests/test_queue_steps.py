"""Work queues follow the due moment of the work itself: in one's own queue and a department
head's view, the due moment of the current steps that are theirs (a step is often due well
before the dossier); where the work is the whole dossier (the desk, a leader's view of the
agency), the dossier's. "Due soon" means within EGOV_DUE_SOON_DAYS working days: 1 unless
configured."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings as django_settings

from egov.dossiers import queues, services
from egov.dossiers.models import Step
from egov.dossiers.queues import Scope, Tab
from egov.orgs.models import Role

from .conftest import make_procedure, received
from .helpers import clock_fixture, vn
from .official import text

__all__ = ["clock_fixture"]


def listed(user, dossier, *, tab, scope=Scope.MINE, now) -> bool:
    return queues.queue(user, tab=tab, scope=scope, now=now).filter(pk=dossier.pk).exists()


@pytest.fixture
def dossier(world, clock):
    """Received Monday 02/03/2026 09:00: due Wednesday 04/03 09:00 (2 working days); the
    specialist's appraisal step (1 working day) is due Tuesday 03/03 09:00."""
    received_dossier = received(world)
    step = received_dossier.steps.get(state=Step.State.ACTIVE)
    assert (received_dossier.due_at, step.due_at) == (vn(2026, 3, 4, 9), vn(2026, 3, 3, 9))
    return received_dossier


@pytest.mark.django_db  # the calendar reads the official schedules (empty cache: a query)
def test_due_soon_is_one_working_day_unless_configured():
    # The test settings leave the base setting alone: this is the shipped default.
    assert django_settings.EGOV_DUE_SOON_DAYS == 1
    assert queues.due_soon_limit(vn(2026, 3, 2, 10)) == vn(2026, 3, 3, 10)
    assert queues.due_soon_limit(vn(2026, 3, 6, 10)) == vn(2026, 3, 9, 10), "over a weekend"


def test_a_step_due_within_one_working_day_is_due_soon_though_the_dossier_is_not(world, dossier):
    monday = vn(2026, 3, 2, 10)
    assert listed(world.specialist, dossier, tab=Tab.DUE_SOON, now=monday)
    assert not listed(world.specialist, dossier, tab=Tab.OVERDUE, now=monday)
    head = world.head
    assert listed(head, dossier, tab=Tab.DUE_SOON, scope=Scope.DEPARTMENT, now=monday)
    # The leader's view of the agency is dossier-wide: the dossier is due on Wednesday.
    assert not listed(world.leader, dossier, tab=Tab.DUE_SOON, scope=Scope.DEPARTMENT, now=monday)


def test_a_step_due_in_two_working_days_is_not_due_soon_by_default(world, clock):
    world.version = make_procedure(
        world.commune_a,
        code="1.000894",
        days="3",
        steps=[
            ("Tiếp nhận hồ sơ", Role.DESK_OFFICER, "MC", "0"),
            ("Thẩm định hồ sơ", Role.SPECIALIST, "VP", "2"),
            ("Chủ tịch UBND ký", Role.AGENCY_LEADER, "", "1"),
            ("Trả kết quả", Role.DESK_OFFICER, "MC", "0"),
        ],
    )
    dossier = received(world)
    step = dossier.steps.get(state=Step.State.ACTIVE)
    assert step.days == Decimal(2) and step.due_at == vn(2026, 3, 4, 9)
    monday = vn(2026, 3, 2, 10)
    assert not listed(world.specialist, dossier, tab=Tab.DUE_SOON, now=monday)
    tuesday = vn(2026, 3, 3, 10)
    assert listed(world.specialist, dossier, tab=Tab.DUE_SOON, now=tuesday)


def test_a_step_overdue_while_the_dossier_is_not(world, dossier, client):
    tuesday = vn(2026, 3, 3, 10)  # the step was due at 09:00, the dossier is due tomorrow
    assert not dossier.due_at < tuesday
    assert listed(world.specialist, dossier, tab=Tab.OVERDUE, now=tuesday)
    assert not listed(world.specialist, dossier, tab=Tab.DUE_SOON, now=tuesday)
    assert listed(world.head, dossier, tab=Tab.OVERDUE, scope=Scope.DEPARTMENT, now=tuesday)
    # Someone else's step is not overdue for another specialist who cannot take it...
    services.assign(
        dossier, actor=world.head, step=dossier.steps.get(position=2), handler=world.specialist
    )
    assert not listed(world.specialist2, dossier, tab=Tab.OVERDUE, now=tuesday)
    assert listed(world.specialist, dossier, tab=Tab.OVERDUE, now=tuesday)
    # ...and the agency-wide view of the leader keeps the dossier's own date.
    assert not listed(world.leader, dossier, tab=Tab.OVERDUE, scope=Scope.DEPARTMENT, now=tuesday)


def test_the_queue_page_says_which_step_is_overdue(world, dossier, client, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: vn(2026, 3, 3, 10))
    client.force_login(world.specialist)
    page = client.get("/can-bo/ho-so/", {"tab": "overdue"})
    assert dossier.code in text(page)
    assert "Bước của bạn: 03/03/2026 09:00" in text(page)
    assert '<strong class="badge badge--late">Bước đã quá hạn</strong>' in page.content.decode()
    assert 'class="is-late"' in page.content.decode()


def test_a_dossier_overdue_while_my_new_step_is_not(world, dossier, clock):
    wednesday = vn(2026, 3, 4, 10)  # the dossier was due at 09:00
    clock.set(wednesday)
    services.forward(dossier, actor=world.specialist)  # the head's step starts now
    head_step = dossier.steps.get(state=Step.State.ACTIVE)
    assert head_step.due_at > wednesday
    now = vn(2026, 3, 4, 11)
    assert not listed(world.head, dossier, tab=Tab.OVERDUE, now=now)
    assert listed(world.head, dossier, tab=Tab.DUE_SOON, now=now)
    assert listed(world.leader, dossier, tab=Tab.OVERDUE, scope=Scope.DEPARTMENT, now=now)


def test_the_desk_queue_keeps_the_dossiers_due_date(world, clock):
    from .test_closing import ready

    dossier = ready(world)  # handed to the desk: its return step (0 days) is due at once
    final = dossier.steps.get(state=Step.State.ACTIVE)
    assert final.role == Role.DESK_OFFICER and final.due_at <= vn(2026, 3, 2, 10)
    monday = vn(2026, 3, 2, 10)
    assert listed(world.desk, dossier, tab=Tab.TODO, now=monday)
    assert not listed(world.desk, dossier, tab=Tab.OVERDUE, now=monday)
    assert listed(world.desk, dossier, tab=Tab.OVERDUE, now=vn(2026, 3, 4, 10))


def test_a_consultation_is_due_when_its_answer_is(world, dossier, clock, make_official):
    justice_specialist = make_official(agency=world.justice, roles=[Role.SPECIALIST])
    services.consult(dossier, actor=world.specialist, agency=world.justice, question="?", days=3)
    consultation = dossier.consultations.get()
    assert consultation.due_at == vn(2026, 3, 5, 9)  # a day after the dossier
    tuesday, wednesday = vn(2026, 3, 3, 10), vn(2026, 3, 4, 10)
    assert not listed(justice_specialist, dossier, tab=Tab.DUE_SOON, now=tuesday)
    assert listed(justice_specialist, dossier, tab=Tab.DUE_SOON, now=wednesday)
    assert not listed(justice_specialist, dossier, tab=Tab.OVERDUE, now=wednesday)
    assert listed(justice_specialist, dossier, tab=Tab.OVERDUE, now=vn(2026, 3, 5, 10))
