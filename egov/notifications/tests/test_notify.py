"""``notify`` records one outbox row per event, refuses bad input, and sends only after the
caller's transaction commits (a real SMTP server receives the mail)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation

from egov.core.errors import ValidationFailed
from egov.notifications.models import Notification
from egov.notifications.services import normalise_mobile, notify

EMAIL = Notification.Channel.EMAIL
SMS = Notification.Channel.SMS
SUBJECT = "Hồ sơ 000.00.01.H22-260217-0001 đã được tiếp nhận"
BODY = (
    "Kính gửi ông Nguyễn Văn Ấn,\n\n"
    "Bộ phận Một cửa UBND xã An Bình đã tiếp nhận hồ sơ của ông. "
    "Ngày hẹn trả kết quả: 24/02/2026.\n"
)
HTML = "<p>Kính gửi ông <b>Nguyễn Văn Ấn</b>: hồ sơ đã được tiếp nhận.</p>"


class Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing(smtp_server):
    with pytest.raises(Boom), transaction.atomic():
        notify(channel=EMAIL, recipient="an@example.vn", subject=SUBJECT, body=BODY)
        raise Boom
    assert not Notification.objects.exists()
    assert smtp_server.messages == []


@pytest.mark.django_db(transaction=True)
def test_after_commit_the_mail_arrives_with_its_vietnamese_text_intact(smtp_server, settings):
    settings.DEFAULT_FROM_EMAIL = "Cổng dịch vụ công <no-reply@dichvucong.example.vn>"
    with transaction.atomic():
        row = notify(
            channel=EMAIL, recipient=" an@example.vn ", subject=SUBJECT, body=BODY, html=HTML
        )
        assert smtp_server.messages == [], "sent before the change committed"
    [mail] = smtp_server.wait_for(1)
    # Python folds the long encoded subject right after "Subject:", hence the strip.
    assert mail["Subject"].strip() == SUBJECT
    assert mail["To"] == "an@example.vn"
    assert mail["From"].addresses[0].display_name == "Cổng dịch vụ công"
    assert mail["Auto-Submitted"] == "auto-generated"
    plain = mail.get_body(("plain",))
    assert plain.get_content_charset() == "utf-8"
    assert plain.get_content() == BODY
    assert mail.get_body(("html",)).get_content().strip() == HTML
    assert smtp_server.recipients == [["an@example.vn"]]
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert row.attempts == 1 and row.sent_at is not None and row.last_error == ""
    assert row.recipient == "an@example.vn"


@pytest.mark.django_db
def test_a_plain_text_mail_has_no_html_part(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(channel=EMAIL, recipient="an@example.vn", subject=SUBJECT, body=BODY)
    [mail] = smtp_server.wait_for(1)
    assert not mail.is_multipart()
    assert mail.get_content() == BODY


@pytest.mark.django_db
def test_the_dedupe_key_sends_an_event_once(smtp_server, django_capture_on_commit_callbacks):
    key = "dossier:42:accepted:email"
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(
            channel=EMAIL, recipient="an@example.vn", subject=SUBJECT, body=BODY, dedupe_key=key
        )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = notify(
            channel=EMAIL, recipient="an@example.vn", subject="Khác", body="Khác", dedupe_key=key
        )
    assert callbacks == []
    assert again == first and again.subject == SUBJECT
    assert Notification.objects.count() == 1
    assert len(smtp_server.wait_for(1)) == 1


@pytest.mark.django_db
def test_without_a_key_each_call_is_a_new_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        a = notify(channel=EMAIL, recipient="an@example.vn", subject="A", body="Một")
        b = notify(channel=EMAIL, recipient="an@example.vn", subject="A", body="Một")
    assert a.pk != b.pk and a.dedupe_key is None and b.dedupe_key is None
    assert len(callbacks) == 2


@pytest.mark.django_db
def test_a_blank_recipient_records_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert notify(channel=EMAIL, recipient="", subject=SUBJECT, body=BODY) is None
        assert notify(channel=SMS, recipient="   ", subject="", body=BODY) is None
    assert callbacks == [] and not Notification.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("channel", "recipient", "code"),
    [
        (EMAIL, "an.example.vn", "invalid_email"),
        (EMAIL, "an@", "invalid_email"),
        (EMAIL, "0912345678", "invalid_email"),
        (EMAIL, "an@example.vn\nBcc: x@example.vn", "invalid_email"),
        (SMS, "an@example.vn", "invalid_phone"),
        (SMS, "091234567", "invalid_phone"),
        (SMS, "09123456789", "invalid_phone"),
        (SMS, "0212345678", "invalid_phone"),  # a landline cannot receive SMS
        (SMS, "02438123456", "invalid_phone"),
        (SMS, "+15551234567", "invalid_phone"),
        (SMS, "0912abc678", "invalid_phone"),
        ("fax", "0912345678", "invalid_channel"),
    ],
)
def test_a_malformed_recipient_is_refused(channel, recipient, code):
    with pytest.raises(ValidationFailed) as refused:
        notify(channel=channel, recipient=recipient, subject="Thông báo", body="Nội dung")
    assert refused.value.code == code
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "typed", ["0912345678", "+84912345678", "84912345678", "+84 912 345 678", "0912.345.678"]
)
def test_mobile_numbers_are_stored_in_their_domestic_spelling(typed):
    assert normalise_mobile(typed) == "0912345678"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("channel", "subject", "body", "key", "code"),
    [
        (EMAIL, "", "Nội dung", None, "subject_required"),
        (EMAIL, "   ", "Nội dung", None, "subject_required"),
        (EMAIL, "Dòng 1\nBcc: x@example.vn", "Nội dung", None, "invalid_subject"),
        (EMAIL, "Đ" * 256, "Nội dung", None, "invalid_subject"),
        (EMAIL, "Thông báo", " \n ", None, "body_required"),
        (SMS, "", "", None, "body_required"),
        (EMAIL, "Thông báo", "Nội dung", "", "invalid_dedupe_key"),
        (EMAIL, "Thông báo", "Nội dung", "k" * 201, "invalid_dedupe_key"),
    ],
)
def test_a_malformed_message_is_refused(channel, subject, body, key, code):
    recipient = "an@example.vn" if channel == EMAIL else "0912345678"
    with pytest.raises(ValidationFailed) as refused:
        notify(channel=channel, recipient=recipient, subject=subject, body=body, dedupe_key=key)
    assert refused.value.code == code
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_an_sms_needs_no_subject(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        row = notify(channel=SMS, recipient="+84912345678", subject="", body="Hồ sơ đã có kết quả.")
    assert row.recipient == "0912345678" and row.status == Notification.Status.PENDING


@pytest.mark.django_db
def test_refusals_read_in_vietnamese():
    with translation.override("vi"), pytest.raises(ValidationFailed) as refused:
        notify(channel=SMS, recipient="12345", subject="", body="Nội dung")
    assert str(refused.value) == (
        "Tin nhắn SMS cần số điện thoại di động Việt Nam, ví dụ 0912345678 hoặc +84912345678."
    )
