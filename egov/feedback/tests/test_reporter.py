"""The reporter rates the answer and reopens within the window; nobody else may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.feedback import services
from egov.feedback.lifecycle import ActionNotAllowed, Status
from egov.feedback.models import Assignment, Rating

from .conftest import answered, forwarded, report_input

pytestmark = pytest.mark.django_db


def test_satisfied_closes_the_report(world) -> None:
    report = services.report_rate(answered(world), actor=world.citizen, satisfied=True)
    assert report.status == Status.CLOSED
    rating = Rating.objects.get(report=report)
    assert (rating.satisfied, rating.agency) == (True, world.commune_a)
    assert [e.action for e in report.events.order_by("id")][-2:] == ["rate", "close"]
    # Satisfied: no reopening.
    assert not services.can_reopen(report)
    with pytest.raises(Conflict):
        services.report_reopen(report, actor=world.citizen, reason="Lại hỏng")


def test_rate_once_per_answer(world) -> None:
    report = services.report_rate(
        answered(world), actor=world.citizen, satisfied=False, comment="Vẫn tối"
    )
    assert report.status == Status.ANSWERED
    with pytest.raises(Conflict):
        services.report_rate(report, actor=world.citizen, satisfied=True)


def test_rating_refusals(world) -> None:
    report = answered(world)
    for stranger in (world.other_citizen, world.handler_a, None):
        with pytest.raises(PermissionRefused):
            services.report_rate(report, actor=stranger, satisfied=True)
    with pytest.raises(ActionNotAllowed):
        services.report_rate(forwarded(world), actor=world.citizen, satisfied=True)


def test_reopen_within_thirty_days_gives_a_new_turn(world) -> None:
    report = answered(world)
    at = report.answered_at + dt.timedelta(days=30)
    with services.clock_at(at):
        report = services.report_reopen(report, actor=world.citizen, reason="Đèn lại tắt")
    assert report.status == Status.HANDLING
    assert report.handling_agency == world.commune_a
    assert report.reopen_count == 1
    assert report.answer == "" and report.resolution == ""
    turns = list(Assignment.objects.filter(report=report).order_by("id"))
    assert [t.reopened for t in turns] == [False, True]
    assert turns[1].assigned_at == at
    assert turns[1].due_at > at
    # Reopening without a rating records "not satisfied" with the reason.
    rating = Rating.objects.get(report=report)
    assert (rating.satisfied, rating.comment) == (False, "Đèn lại tắt")
    # The agency answers again, and the reporter may rate that answer.
    report = services.report_answer(
        report, actor=world.handler_a, answer="Đã thay dây điện.", resolution="resolved"
    )
    services.report_rate(report, actor=world.citizen, satisfied=True)
    assert Rating.objects.filter(report=report).count() == 2


def test_reopen_after_the_window_is_refused(world) -> None:
    report = answered(world)
    with services.clock_at(report.answered_at + dt.timedelta(days=30, seconds=1)):
        assert not services.can_reopen(report)
        with pytest.raises(Conflict) as refusal:
            services.report_reopen(report, actor=world.citizen, reason="Lại hỏng")
    assert refusal.value.code == "reopen_window_over"


@override_settings(EGOV_FEEDBACK_REOPEN_DAYS=7)
def test_the_window_is_a_setting(world) -> None:
    report = answered(world)
    with services.clock_at(report.answered_at + dt.timedelta(days=8)), pytest.raises(Conflict):
        services.report_reopen(report, actor=world.citizen, reason="Lại hỏng")


def test_reopen_a_closed_report(world) -> None:
    report = services.report_close(answered(world), actor=world.handler_a)
    report = services.report_reopen(report, actor=world.citizen, reason="Chưa sửa")
    assert report.status == Status.HANDLING
    assert report.closed_at is None


def test_reopen_refusals(world) -> None:
    report = answered(world)
    with pytest.raises(PermissionRefused):
        services.report_reopen(report, actor=world.other_citizen, reason="x")
    with pytest.raises(ValidationFailed):
        services.report_reopen(report, actor=world.citizen, reason=" ")
    with pytest.raises(ActionNotAllowed):
        services.report_reopen(forwarded(world), actor=world.citizen, reason="x")


def test_follow_key_holder_rates_and_reopens(world) -> None:
    done = services.report_submit(data=report_input(world), actor=None)
    report = services.report_forward(done.report, actor=world.hotline, agency=world.commune_a)
    report = services.report_answer(
        report, actor=world.handler_a, answer="Đã sửa", resolution="resolved"
    )
    with pytest.raises(PermissionRefused):
        services.report_rate(report, actor=None, key="wrong-key", satisfied=False)
    with pytest.raises(PermissionRefused):  # a signed-in stranger without the key
        services.report_rate(report, actor=world.citizen, satisfied=False)
    services.report_rate(report, actor=None, key=done.follow_key, satisfied=False)
    report = services.report_reopen(report, actor=None, key=done.follow_key, reason="Chưa")
    assert report.status == Status.HANDLING
