"""The receiving unit classifies: reject, handle, forward, transfer; merge and moderation;
the handling agency sends back. Each with its refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.feedback import services
from egov.feedback.lifecycle import ActionNotAllowed, Status
from egov.feedback.models import Assignment, ReportFile
from egov.notifications.models import Notification
from egov.workcalendar.deadlines import VN_TZ

from .conftest import forwarded, photo_upload, submitted

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


def test_forward_gives_the_category_deadline_in_working_days(world) -> None:
    report = submitted(world)
    with services.clock_at(MONDAY):
        report = services.report_forward(report, actor=world.hotline, agency=world.commune_a)
    assert report.status == Status.HANDLING
    assert report.handling_agency == world.commune_a
    # Streetlights: 5 working days from Monday 09:00 -> next Monday 09:00.
    assert report.due_at == dt.datetime(2026, 3, 9, 9, 0, tzinfo=VN_TZ)
    turn = Assignment.objects.get(report=report)
    assert (turn.agency, turn.due_at, turn.ended_at) == (world.commune_a, report.due_at, None)
    event = report.events.get(action="forward")
    assert event.data["suggestion_followed"] is True
    assert event.data["agency"] == world.commune_a.code
    # The reporter hears who handles it and by when.
    mail = Notification.objects.get(dedupe_key=f"feedback:{report.pk}:event:{event.pk}:email")
    assert world.commune_a.name in mail.body
    assert "09/03/2026" in mail.body


def test_deadline_skips_holidays(world) -> None:
    report = submitted(world)
    # Thursday 23/04/2026 + 5: Monday 27/04 (Giỗ Tổ made up), 30/04 and 01/05 are days off.
    with services.clock_at(dt.datetime(2026, 4, 23, 9, 0, tzinfo=VN_TZ)):
        report = services.report_forward(report, actor=world.hotline, agency=world.commune_a)
    assert report.due_at == dt.datetime(2026, 5, 5, 9, 0, tzinfo=VN_TZ)


def test_forward_to_another_agency_than_proposed(world) -> None:
    report = services.report_forward(
        submitted(world), actor=world.hotline, agency=world.commune_b, note="Thuộc phường B"
    )
    assert report.handling_agency == world.commune_b
    assert report.events.get(action="forward").data["suggestion_followed"] is False


def test_forward_refusals(world) -> None:
    report = submitted(world)
    for stranger in (world.handler_a, world.citizen, world.clerk_a, world.handler_b):
        with pytest.raises(PermissionRefused):
            services.report_forward(report, actor=stranger, agency=world.commune_a)
    world.commune_b.is_active = False
    world.commune_b.save()
    with pytest.raises(ValidationFailed):
        services.report_forward(report, actor=world.hotline, agency=world.commune_b)
    services.report_forward(report, actor=world.hotline, agency=world.commune_a)
    with pytest.raises(ActionNotAllowed):
        services.report_forward(report, actor=world.hotline, agency=world.commune_a)


def test_stale_version_is_refused(world) -> None:
    report = submitted(world)
    seen = report.version
    services.report_handle(report, actor=world.hotline)
    with pytest.raises(services.StaleReport):
        services.report_send_back(report, actor=world.hotline, reason="x", expected_version=seen)


def test_handle_in_the_receiving_unit(world) -> None:
    report = services.report_handle(submitted(world), actor=world.hotline)
    assert report.handling_agency == world.committee
    assert report.status == Status.HANDLING


def test_reject_needs_a_reason(world) -> None:
    report = submitted(world)
    with pytest.raises(ValidationFailed) as refusal:
        services.report_reject(report, actor=world.hotline, reason=" ")
    assert "reason" in refusal.value.extra["errors"]
    report = services.report_reject(report, actor=world.hotline, reason="Nội dung quảng cáo")
    assert report.status == Status.REJECTED
    assert report.reject_reason == "Nội dung quảng cáo"
    assert report.closed_at is not None
    with pytest.raises(ActionNotAllowed):
        services.report_handle(report, actor=world.hotline)


def test_transfer_outside_competence(world) -> None:
    report = submitted(world)
    with services.clock_at(report.received_at + dt.timedelta(days=1)):
        report = services.report_transfer(
            report, actor=world.hotline, recipient="Công ty Điện lực tỉnh"
        )
    assert report.status == Status.TRANSFERRED
    assert report.transferred_to == "Công ty Điện lực tỉnh"
    assert report.events.get(action="transfer").data["in_time"] is True
    with pytest.raises(ValidationFailed):
        services.report_transfer(submitted(world), actor=world.hotline, recipient="")


def test_transfer_after_five_working_days_is_recorded_as_late(world) -> None:
    with services.clock_at(MONDAY):
        report = submitted(world)
    with services.clock_at(MONDAY + dt.timedelta(days=8)):
        report = services.report_transfer(report, actor=world.hotline, recipient="Tòa án")
    assert report.events.get(action="transfer").data["in_time"] is False


def test_send_back_reopens_classification(world) -> None:
    report = forwarded(world)
    with pytest.raises(PermissionRefused):  # only the handling agency
        services.report_send_back(report, actor=world.hotline, reason="x")
    with pytest.raises(ValidationFailed):
        services.report_send_back(report, actor=world.handler_a, reason="")
    report = services.report_send_back(
        report, actor=world.handler_a, reason="Đường do Sở Xây dựng quản lý"
    )
    assert report.status == Status.RECEIVED
    assert report.handling_agency is None
    assert report.due_at is None
    turn = Assignment.objects.get(report=report)
    assert turn.outcome == Assignment.Outcome.SENT_BACK
    assert turn.ended_at is not None
    # And it can be forwarded again.
    report = services.report_forward(report, actor=world.hotline, agency=world.commune_b)
    assert report.assignments.count() == 2


def test_merge_a_duplicate(world) -> None:
    first = forwarded(world)
    duplicate = services.report_forward(
        submitted(world), actor=world.hotline, agency=world.commune_a
    )
    merged = services.report_merge(duplicate, actor=world.hotline, into=first)
    assert merged.status == Status.MERGED
    assert merged.merged_into == first
    assert duplicate.assignments.get().outcome == Assignment.Outcome.MERGED
    mail = (
        Notification.objects.filter(
            dedupe_key__startswith=f"feedback:{merged.pk}:", channel="email"
        )
        .order_by("pk")
        .last()
    )
    assert first.code in mail.body


def test_merge_refusals(world) -> None:
    report = submitted(world)
    with pytest.raises(ValidationFailed):
        services.report_merge(report, actor=world.hotline, into=report)
    closed = services.report_reject(submitted(world), actor=world.hotline, reason="Trùng")
    with pytest.raises(ValidationFailed):
        services.report_merge(report, actor=world.hotline, into=closed)
    with pytest.raises(PermissionRefused):
        services.report_merge(report, actor=world.handler_b, into=submitted(world))
    # A commune desk cannot merge into a report it cannot see.
    own = services.report_register(
        data=__import__("egov.feedback.tests.conftest", fromlist=["x"]).report_input(world),
        actor=world.commune_desk,
    )
    with pytest.raises(PermissionRefused):
        services.report_merge(own, actor=world.commune_desk, into=report)


def test_moderation_publishes_a_checked_version(world) -> None:
    report = submitted(world, photos=[photo_upload("a.jpg"), photo_upload("b.jpg")])
    _photo_a, photo_b = report.files.filter(kind=ReportFile.Kind.PHOTO).order_by("pk")
    report = services.report_moderate(
        report,
        actor=world.hotline,
        publish=True,
        public_description="Ba cột đèn không sáng.",
        location_hidden=True,
        hidden_photos=[photo_b.pk],
    )
    assert report.is_published
    assert report.shown_description == "Ba cột đèn không sáng."
    assert report.shown_title == report.title
    assert "le loi" not in report.public_search_text  # the hidden address is not searchable
    assert "le loi" in report.search_text
    photo_b.refresh_from_db()
    assert photo_b.hidden
    # Withdrawn again.
    report = services.report_moderate(report, actor=world.hotline, publish=False)
    assert not report.is_published


def test_moderation_refusals(world) -> None:
    private = submitted(world, may_publish=False)
    with pytest.raises(ValidationFailed):
        services.report_moderate(private, actor=world.hotline, publish=True)
    report = submitted(world)
    for stranger in (world.citizen, world.handler_b):
        with pytest.raises(PermissionRefused):
            services.report_moderate(report, actor=stranger, publish=True)
    # The handling agency may moderate once it handles the report.
    report = services.report_forward(report, actor=world.hotline, agency=world.commune_a)
    services.report_moderate(report, actor=world.handler_a, publish=True)
