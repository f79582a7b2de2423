"""A partner's user without an account on the portal follows, rates and reopens through the
follow link that the POST's email (or, without one, phone) receives after the commit; the
partner itself never sees the link."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from egov.feedback import services as feedback
from egov.feedback.lifecycle import Status
from egov.feedback.models import Rating, Report
from egov.feedback.permissions import key_hash
from egov.notifications.models import Notification

from .conftest import call, post_data

FOLLOW = re.compile(r"/phan-anh/theo-doi/([A-Za-z0-9_-]{20,})/")


def posted(api, world, partner, fmt: str = "json", **overrides) -> tuple[Report, str]:
    response, body = call(
        api, "POST", "v2/requests", fmt, post_data(world, partner.key, **overrides)
    )
    assert response.status_code == 200, body
    row = body[0] if fmt == "json" else {c.tag: c.text for c in body[0]}
    return Report.objects.get(code=row["service_request_id"]), response.content.decode()


def answer(world, report: Report) -> Report:
    report = feedback.report_forward(report, actor=world.hotline, agency=world.commune_a)
    return feedback.report_answer(
        report, actor=world.handler_a, answer="Đã thay bóng đèn.", resolution="resolved"
    )


@pytest.mark.django_db(transaction=True)
def test_the_email_of_a_post_receives_the_link_through_smtp(api, world, partner, smtp_server):
    report, answer_text = posted(api, world, partner)
    [mail] = smtp_server.wait_for(1)
    assert smtp_server.recipients == [["anh@example.vn"]]
    assert mail["Subject"].strip().startswith(f"Phản ánh {report.code}:")
    text = mail.get_body(("plain",)).get_content()
    key = FOLLOW.search(text).group(1)
    assert Report.objects.get(pk=report.pk).follow_key_hash == key_hash(key)
    # The partner's answer tells that a link was sent, never the link itself.
    assert "đường dẫn riêng" in answer_text
    assert key not in answer_text

    # The reporter rates the answer "not satisfied" and reopens, from the link alone.
    answer(world, report)
    visitor = Client()
    follow = reverse("feedback:follow", args=[key])
    assert visitor.post(follow + "danh-gia/", {"satisfied": "no"}).status_code == 302
    assert visitor.post(follow + "mo-lai/", {"reason": "Cột số 3 vẫn tối."}).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.HANDLING and report.reopen_count == 1
    assert Rating.objects.get(report=report).satisfied is False
    # Forwarded, answered, reopened: each mailed, none carrying the link again.
    later = smtp_server.wait_for(4)[1:]
    assert all(key not in m.get_body(("plain",)).get_content() for m in later)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_only_a_phone_receives_the_link_by_sms(api, world, partner, fmt, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="egov.sms"):
        report, answer_text = posted(api, world, partner, fmt, email=None)
    assert not Notification.objects.filter(
        dedupe_key__startswith=f"feedback:{report.pk}:", channel="email"
    ).exists()
    sms = Notification.objects.get(dedupe_key__startswith=f"feedback:{report.pk}:", channel="sms")
    assert sms.recipient == "0912345678"
    key = FOLLOW.search(sms.body).group(1)
    assert report.follow_key_hash == key_hash(key)
    assert key not in answer_text
    assert Client().get(reverse("feedback:follow", args=[key])).status_code == 200


@pytest.mark.django_db
def test_without_contact_no_link_and_no_promise(api, world, partner) -> None:
    report, answer_text = posted(
        api, world, partner, first_name=None, last_name=None, phone=None, email=None
    )
    assert report.is_anonymous
    assert not Notification.objects.filter(dedupe_key__startswith=f"feedback:{report.pk}:").exists()
    assert "đường dẫn riêng" not in answer_text


@pytest.mark.django_db
def test_the_partner_cannot_rate_or_reopen_with_what_it_holds(api, world, partner) -> None:
    """The token and the code a partner receives are not follow keys."""
    report, _text = posted(api, world, partner)
    answer(world, report)
    visitor = Client()
    for guess in (str(report.token), report.code, partner.key):
        follow = reverse("feedback:follow", args=[guess])
        assert visitor.get(follow).status_code == 404
        assert visitor.post(follow + "danh-gia/", {"satisfied": "yes"}).status_code == 404
        assert visitor.post(follow + "mo-lai/", {"reason": "x"}).status_code == 404
    report.refresh_from_db()
    assert report.status == Status.ANSWERED
    assert not Rating.objects.filter(report=report).exists()
