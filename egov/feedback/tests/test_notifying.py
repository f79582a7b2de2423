"""The reporter hears of their report by email and SMS after the commit. A reporter without an
account (a visitor, a caller registered by the hotline) gets the private follow link with
the first message, so they can rate and reopen; the link opens their report and no other."""

from __future__ import annotations

import logging
import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from egov.core.errors import PermissionRefused
from egov.feedback import services
from egov.feedback.lifecycle import Status
from egov.feedback.models import Channel, Report
from egov.feedback.permissions import key_hash
from egov.notifications.models import Notification

from .conftest import forwarded, report_input

FOLLOW = re.compile(r"/phan-anh/theo-doi/([A-Za-z0-9_-]{20,})/")


def sent(report: Report, channel: str) -> list[Notification]:
    return list(
        Notification.objects.filter(
            dedupe_key__startswith=f"feedback:{report.pk}:", channel=channel
        ).order_by("id")
    )


def key_in(text: str) -> str:
    found = FOLLOW.search(text)
    assert found, text
    return found.group(1)


# --- rules -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_visitor_with_an_email_gets_the_follow_link_by_email(world) -> None:
    done = services.report_submit(data=report_input(world), actor=None)
    [mail] = sent(done.report, "email")
    assert key_in(mail.body) == done.follow_key
    assert mail.body.count(settings.EGOV_SITE_URL + "/phan-anh/theo-doi/") == 1
    assert "không chia sẻ" in mail.body  # Vietnamese, with the warning
    # With an email address, the SMS stays short: no link.
    [sms] = sent(done.report, "sms")
    assert done.follow_key not in sms.body
    assert done.report.code in sms.body


@pytest.mark.django_db
def test_a_visitor_with_only_a_phone_gets_the_link_by_sms(world) -> None:
    done = services.report_submit(data=report_input(world, contact_email=""), actor=None)
    assert sent(done.report, "email") == []
    [sms] = sent(done.report, "sms")
    assert sms.recipient == "0912345678"
    assert key_in(sms.body) == done.follow_key


@pytest.mark.django_db
def test_a_signed_in_citizen_gets_no_link_but_their_page(world) -> None:
    report = services.report_submit(data=report_input(world), actor=world.citizen).report
    [mail] = sent(report, "email")
    assert "/phan-anh/theo-doi/" not in mail.body
    assert reverse("feedback:mine_detail", args=[report.code]) in mail.body
    assert report.follow_key_hash == ""


@pytest.mark.django_db
def test_later_messages_remind_of_the_link_without_carrying_it(world) -> None:
    done = services.report_submit(data=report_input(world), actor=None)
    report = services.report_forward(done.report, actor=world.hotline, agency=world.commune_a)
    services.report_answer(
        report, actor=world.handler_a, answer="Đã thay bóng đèn.", resolution="resolved"
    )
    first, *later = sent(report, "email")
    assert key_in(first.body) == done.follow_key
    assert len(later) == 2  # forwarded, answered
    for mail in later:
        assert "/phan-anh/theo-doi/" not in mail.body
        assert "đường dẫn riêng" in mail.body  # "the private link we sent"
    assert "Đã thay bóng đèn." in later[-1].body


@pytest.mark.django_db
def test_the_hotline_registers_a_caller_who_then_follows_rates_and_reopens(world) -> None:
    report = services.report_register(data=report_input(world), actor=world.hotline)
    [mail] = sent(report, "email")
    key = key_in(mail.body)
    assert report.follow_key_hash == key_hash(key)
    visitor = Client()
    follow = reverse("feedback:follow", args=[key])
    page = visitor.get(follow)
    assert page.status_code == 200 and report.code in page.content.decode()
    report = services.report_forward(report, actor=world.hotline, agency=world.commune_a)
    services.report_answer(
        report, actor=world.handler_a, answer="Đã thay bóng đèn.", resolution="resolved"
    )
    response = visitor.post(follow + "danh-gia/", {"satisfied": "no", "comment": "Vẫn tối"})
    assert response.status_code == 302
    response = visitor.post(follow + "mo-lai/", {"reason": "Cột số 3 vẫn tối."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.HANDLING and report.reopen_count == 1
    assert report.events.filter(action="reopen", actor__isnull=True).exists()


@pytest.mark.django_db
def test_a_caller_with_only_a_phone_gets_the_link_by_sms(world) -> None:
    report = services.report_register(
        data=report_input(world, contact_email=""), actor=world.hotline
    )
    [sms] = sent(report, "sms")
    assert report.follow_key_hash == key_hash(key_in(sms.body))


@pytest.mark.django_db
def test_the_register_page_tells_the_operator_without_showing_the_link(client, world) -> None:
    client.force_login(world.hotline)
    url = reverse("feedback:official_register_form", args=[world.streetlight.code])
    data = {
        "title": "Đèn đường hỏng",
        "description": "Ba cột đèn không sáng.",
        "latitude": "21.028511",
        "longitude": "105.804817",
        "address": "Đường Lê Lợi",
        "unit": world.unit_a.code,
        "contact_name": "Nguyễn Văn Gọi",
        "contact_phone": "0987000111",
        "channel": "hotline",
    }
    page = client.post(url, data, follow=True).content.decode()
    report = Report.objects.get()
    assert report.channel == Channel.HOTLINE
    assert "đường dẫn riêng" in page
    [sms] = sent(report, "sms")
    assert key_in(sms.body) not in page


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_caller_without_contact_gets_no_link(world) -> None:
    report = services.report_register(
        data=report_input(world, is_anonymous=True, contact_phone="", contact_email=""),
        actor=world.hotline,
    )
    assert report.follow_key_hash == ""
    assert sent(report, "email") == sent(report, "sms") == []


@pytest.mark.django_db
def test_a_follow_link_opens_its_own_report_only(client, world) -> None:
    mine = services.report_register(data=report_input(world), actor=world.hotline)
    other = services.report_register(data=report_input(world), actor=world.hotline)
    key = key_in(sent(mine, "email")[0].body)
    other_key = key_in(sent(other, "email")[0].body)
    assert key != other_key
    page = client.get(reverse("feedback:follow", args=[key])).content.decode()
    assert mine.code in page and other.code not in page
    answered_other = services.report_answer(
        services.report_forward(other, actor=world.hotline, agency=world.commune_a),
        actor=world.handler_a,
        answer="Đã sửa.",
        resolution="resolved",
    )
    # Mine's key cannot rate someone else's answer, nor can a key made up.
    with pytest.raises(PermissionRefused):
        services.report_rate(answered_other, actor=None, satisfied=False, key=key)
    with pytest.raises(PermissionRefused):
        services.report_rate(answered_other, actor=None, satisfied=False, key="x" * 32)
    assert client.get(reverse("feedback:follow", args=["x" * 32])).status_code == 404


@pytest.mark.django_db
def test_a_landline_is_skipped_without_blocking_the_registration(world) -> None:
    report = services.report_register(
        data=report_input(world, contact_email="", contact_phone="02838123456"),
        actor=world.hotline,
    )
    assert report.status == Status.RECEIVED
    assert sent(report, "sms") == []  # an SMS needs a mobile number


@pytest.mark.django_db
def test_a_refused_action_sends_nothing(world) -> None:
    report = forwarded(world)
    before = Notification.objects.count()
    with pytest.raises(PermissionRefused):
        services.report_answer(
            report, actor=world.handler_b, answer="Không phải của tôi.", resolution="resolved"
        )
    assert Notification.objects.count() == before


# --- real SMTP, after the commit --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_status_change_reaches_the_web_reporter_through_smtp(world, smtp_server) -> None:
    report = services.report_submit(data=report_input(world), actor=world.citizen).report
    smtp_server.wait_for(1)
    services.report_forward(report, actor=world.hotline, agency=world.commune_a)
    received, forwarded_mail = smtp_server.wait_for(2)
    assert smtp_server.recipients == [["anh@example.vn"], ["anh@example.vn"]]
    assert received["Subject"].strip() == f"Phản ánh {report.code}: Đã tiếp nhận, đang phân loại"
    assert forwarded_mail["Subject"].strip() == f"Phản ánh {report.code}: Đang xử lý"
    body = forwarded_mail.get_body(("plain",)).get_content()
    assert world.commune_a.name in body
    assert reverse("feedback:mine_detail", args=[report.code]) in body
    assert forwarded_mail["Auto-Submitted"] == "auto-generated"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_mails_nothing(world, smtp_server) -> None:
    report = services.report_submit(data=report_input(world), actor=world.citizen).report
    smtp_server.wait_for(1)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        services.report_forward(report, actor=world.hotline, agency=world.commune_a)
        raise Undo
    report.refresh_from_db()
    assert report.status == Status.RECEIVED
    services.report_reject(report, actor=world.hotline, reason="Trùng nội dung.")
    messages = smtp_server.wait_for(2)
    assert len(messages) == 2
    assert "Không tiếp nhận" in messages[1]["Subject"]  # the forward never went out


@pytest.mark.django_db(transaction=True)
def test_a_callers_follow_link_arrives_through_smtp(world, smtp_server, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="egov.sms"):
        report = services.report_register(data=report_input(world), actor=world.hotline)
    [mail] = smtp_server.wait_for(1)
    assert smtp_server.recipients == [["anh@example.vn"]]
    key = key_in(mail.get_body(("plain",)).get_content())
    assert Report.objects.get(pk=report.pk).follow_key_hash == key_hash(key)
    assert Client().get(reverse("feedback:follow", args=[key])).status_code == 200
    # Both contacts given: the SMS went too, without the link.
    [sms] = [r.getMessage() for r in caplog.records if r.name == "egov.sms"]
    assert report.code in sms and key not in sms
