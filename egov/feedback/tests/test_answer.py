"""The handling agency answers with an outcome; officials close; attachments are checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.feedback import services
from egov.feedback.lifecycle import ActionNotAllowed, Resolution, Status
from egov.feedback.models import Assignment, ReportFile

from .conftest import answered, forwarded, photo_upload, submitted

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_answer_resolved_on_time(world) -> None:
    report = answered(world)
    assert report.status == Status.ANSWERED
    assert report.resolution == Resolution.RESOLVED
    assert report.answered_at is not None
    turn = Assignment.objects.get(report=report)
    assert turn.outcome == Assignment.Outcome.ANSWERED
    assert turn.on_time is True
    assert report.events.last().data["on_time"] is True


def test_answer_late(world) -> None:
    report = forwarded(world)
    with services.clock_at(report.due_at + dt.timedelta(minutes=1)):
        services.report_answer(
            report, actor=world.handler_a, answer="Đã sửa.", resolution=Resolution.RESOLVED
        )
    assert Assignment.objects.get(report=report).on_time is False


@pytest.mark.parametrize("resolution", [Resolution.NOT_RESOLVED, Resolution.NOT_COMPETENT])
def test_not_resolved_needs_the_reason(world, resolution) -> None:
    report = forwarded(world)
    with pytest.raises(ValidationFailed) as refusal:
        services.report_answer(report, actor=world.handler_a, answer="…", resolution=resolution)
    assert "reason" in refusal.value.extra["errors"]
    report = services.report_answer(
        report, actor=world.handler_a, answer="Chưa thể sửa.", resolution=resolution, reason="Lý do"
    )
    assert report.resolution == resolution
    assert report.resolution_reason == "Lý do"


def test_answer_refusals(world) -> None:
    report = forwarded(world)
    with pytest.raises(ValidationFailed) as refusal:
        services.report_answer(report, actor=world.handler_a, answer="", resolution="maybe")
    assert set(refusal.value.extra["errors"]) == {"answer", "resolution"}
    for stranger in (world.hotline, world.clerk_a, world.handler_b, world.citizen):
        with pytest.raises(PermissionRefused):
            services.report_answer(report, actor=stranger, answer="x", resolution="resolved")
    with pytest.raises(PermissionRefused):  # not handled yet: nobody may answer
        services.report_answer(
            submitted(world), actor=world.handler_a, answer="x", resolution="resolved"
        )
    # Handled by the hotline's own agency: its specialists answer, not its desk officers.
    own = services.report_handle(submitted(world), actor=world.hotline)
    with pytest.raises(PermissionRefused):
        services.report_answer(own, actor=world.hotline, answer="x", resolution="resolved")
    services.report_answer(own, actor=world.province_specialist, answer="x", resolution="resolved")


def test_answer_attachments_are_checked_and_stripped(world) -> None:
    report = forwarded(world)
    report = services.report_answer(
        report,
        actor=world.handler_a,
        answer="Xem văn bản kèm theo.",
        resolution=Resolution.RESOLVED,
        attachments=[
            SimpleUploadedFile("cong-van.pdf", PDF, content_type="application/pdf"),
            photo_upload("anh-sau-khi-sua.jpg"),
        ],
    )
    files = report.files.filter(kind=ReportFile.Kind.ANSWER).order_by("pk")
    assert [f.name for f in files] == ["cong-van.pdf", "anh-sau-khi-sua.jpg"]
    assert all(f.event == report.events.last() for f in files)
    with files[1].file.open("rb") as handle:
        assert b"Exif" not in handle.read()
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 10)
    with pytest.raises(ValidationFailed):
        services.report_answer(
            forwarded(world),
            actor=world.handler_a,
            answer="x",
            resolution="resolved",
            attachments=[bad],
        )


def test_close_an_answered_report(world) -> None:
    report = answered(world)
    with pytest.raises(PermissionRefused):
        services.report_close(report, actor=world.handler_b)
    report = services.report_close(report, actor=world.handler_a)
    assert report.status == Status.CLOSED
    assert report.closed_at is not None
    with pytest.raises(ActionNotAllowed):
        services.report_close(report, actor=world.hotline)
    with pytest.raises(ActionNotAllowed):
        services.report_close(forwarded(world), actor=world.hotline)
