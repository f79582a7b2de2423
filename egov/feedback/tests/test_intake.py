"""Reports come in: from a citizen (signed in or not) or registered by an official."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.feedback import services
from egov.feedback.lifecycle import Status
from egov.feedback.models import Channel, Event, Report, ReportFile
from egov.feedback.permissions import key_hash
from egov.notifications.models import Notification
from egov.workcalendar.deadlines import VN_TZ

from .conftest import photo_upload, report_input, submitted

pytestmark = pytest.mark.django_db


def test_signed_in_citizen_submits_to_the_hotline(world) -> None:
    moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)  # a Monday
    with services.clock_at(moment):
        done = services.report_submit(data=report_input(world), actor=world.citizen)
    report = done.report
    assert done.follow_key == ""  # the account follows it
    assert re.fullmatch(r"PA-260302-0001", report.code)
    assert report.status == Status.RECEIVED
    assert report.receiving_agency == world.committee  # the hotline
    assert report.suggested_agency == world.commune_a  # the streetlight rule for commune A
    assert report.reporter == world.citizen
    assert report.channel == Channel.WEB
    # Classified within 5 working days: Monday 09:00 -> next Monday 09:00.
    assert report.classify_due_at == dt.datetime(2026, 3, 9, 9, 0, tzinfo=VN_TZ)
    event = Event.objects.get(report=report)
    assert (event.action, event.to_status) == ("submit", "received")
    assert AuditEvent.objects.filter(action="feedback.submit", object_id=str(report.pk)).exists()
    # The reporter is told the code by email and SMS.
    sent = Notification.objects.filter(dedupe_key__startswith=f"feedback:{report.pk}:")
    assert {n.channel for n in sent} == {"email", "sms"}
    assert all(report.code in n.subject or report.code in n.body for n in sent)


def test_codes_run_within_a_day_and_restart_the_next(world) -> None:
    day1 = dt.datetime(2026, 3, 2, 23, 30, tzinfo=VN_TZ)
    with services.clock_at(day1):
        first = submitted(world)
        second = submitted(world)
    with services.clock_at(day1 + dt.timedelta(hours=1)):
        third = submitted(world)
    assert [first.code, second.code, third.code] == [
        "PA-260302-0001",
        "PA-260302-0002",
        "PA-260303-0001",
    ]


def test_visitor_without_account_gets_a_follow_key(world) -> None:
    done = services.report_submit(data=report_input(world), actor=None)
    assert len(done.follow_key) >= 32
    assert done.report.reporter is None
    assert done.report.follow_key_hash == key_hash(done.follow_key)
    assert done.follow_key not in done.report.follow_key_hash


def test_anonymous_report_keeps_no_name(world) -> None:
    report = services.report_submit(
        data=report_input(world, is_anonymous=True, contact_phone="", contact_email=""),
        actor=None,
    ).report
    assert report.is_anonymous
    assert report.contact_name == ""
    assert not Notification.objects.filter(dedupe_key__startswith=f"feedback:{report.pk}:").exists()


def test_feedback_on_conduct_needs_no_place(world) -> None:
    report = submitted(
        world,
        category=world.conduct,
        latitude=None,
        longitude=None,
        address="",
        unit=None,
        title="Cán bộ hẹn nhiều lần",
    )
    assert report.suggested_agency == world.justice  # the category's default
    assert report.latitude is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": ""}, "description"),
        ({"latitude": "21.0", "longitude": None}, "latitude"),
        ({"latitude": "91", "longitude": "105"}, "latitude"),
        ({"latitude": "abc", "longitude": "105"}, "latitude"),
        ({"latitude": None, "longitude": None, "address": ""}, "address"),
        ({"contact_name": ""}, "contact_name"),
        ({"contact_phone": "12345"}, "contact_phone"),
        ({"contact_email": "not-an-email"}, "contact_email"),
    ],
)
def test_refusals_name_their_field(world, overrides, field) -> None:
    with pytest.raises(ValidationFailed) as refusal:
        services.report_submit(data=report_input(world, **overrides), actor=None)
    assert field in refusal.value.extra["errors"]
    assert not Report.objects.exists()


def test_a_signed_in_citizen_is_named_after_their_account(world) -> None:
    report = submitted(world, contact_name="", contact_phone="", contact_email="")
    assert report.contact_name == "Ánh"
    assert not report.is_anonymous


def test_named_visitor_must_leave_a_way_to_answer(world) -> None:
    with pytest.raises(ValidationFailed) as refusal:
        services.report_submit(
            data=report_input(world, contact_phone="", contact_email=""), actor=None
        )
    assert "contact_phone" in refusal.value.extra["errors"]


def test_a_commune_that_no_longer_exists_is_refused(world) -> None:
    world.unit_b.valid_until = dt.date(2025, 7, 1)
    world.unit_b.save()
    with pytest.raises(ValidationFailed) as refusal:
        submitted(world, unit=world.unit_b)
    assert "unit" in refusal.value.extra["errors"]
    with pytest.raises(ValidationFailed):
        submitted(world, unit=world.unit)  # a province is not a commune


def test_extra_questions_are_checked(world) -> None:
    world.streetlight.attributes = [
        {"code": "pole", "datatype": "number", "required": True, "description": "Số cột"}
    ]
    world.streetlight.save()
    with pytest.raises(ValidationFailed) as refusal:
        submitted(world, attributes={})
    assert "attribute_pole" in refusal.value.extra["errors"]
    with pytest.raises(ValidationFailed):
        submitted(world, attributes={"pole": "mười hai"})
    report = submitted(world, attributes={"pole": "12", "unknown": "dropped"})
    assert report.attributes == {"pole": "12"}


def test_up_to_five_photos(world) -> None:
    report = submitted(world, photos=[photo_upload(f"anh-{i}.jpg") for i in range(5)])
    assert report.files.filter(kind=ReportFile.Kind.PHOTO).count() == 5
    with pytest.raises(ValidationFailed) as refusal:
        submitted(world, photos=[photo_upload(f"anh-{i}.jpg") for i in range(6)])
    assert "photos" in refusal.value.extra["errors"]


def test_a_bad_photo_leaves_nothing_behind(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("anh.jpg", b"%PDF-1.4\n%%EOF\n", content_type="image/jpeg")
    with pytest.raises(ValidationFailed):
        submitted(world, photos=[photo_upload(), pdf])
    assert not Report.objects.exists()
    assert not ReportFile.objects.exists()


def test_officials_cannot_submit_as_citizens(world) -> None:
    with pytest.raises(PermissionRefused):
        services.report_submit(data=report_input(world), actor=world.hotline)


def test_hotline_operator_registers_a_callers_report(world) -> None:
    report = services.report_register(
        data=report_input(world, may_publish=False), actor=world.hotline
    )
    assert report.channel == Channel.HOTLINE
    assert report.receiving_agency == world.committee
    assert report.created_by == world.hotline
    assert report.reporter is None
    assert report.events.get().action == "register"


def test_commune_desk_registers_for_its_commune(world) -> None:
    report = services.report_register(
        data=report_input(world), actor=world.commune_desk, channel=Channel.IN_PERSON
    )
    assert report.receiving_agency == world.commune_a


def test_register_refusals(world) -> None:
    with pytest.raises(PermissionRefused):
        services.report_register(data=report_input(world), actor=world.clerk_a)  # no role
    with pytest.raises(PermissionRefused):
        services.report_register(data=report_input(world), actor=world.citizen)
    with pytest.raises(PermissionRefused):  # another commune's desk
        services.report_register(
            data=report_input(world), actor=world.handler_b, agency=world.commune_a
        )
    with pytest.raises(ValidationFailed):
        services.report_register(data=report_input(world), actor=world.hotline, channel=Channel.WEB)
