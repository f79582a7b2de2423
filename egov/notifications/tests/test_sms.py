"""SMS go to the gateway named by ``EGOV_SMS_GATEWAY``: the logging one by default, or a
province's own; a gateway's error is recorded on the message."""

from __future__ import annotations

import logging

import pytest

from egov.notifications.models import Notification
from egov.notifications.services import notify

TEXT = "UBND xã An Bình: hồ sơ 000.01.00.H99-260217-0003 đã có kết quả, mời ông/bà đến nhận."
HERE = "egov.notifications.tests.test_sms"


class RecordingGateway:
    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        RecordingGateway.sent.append((phone, text))


class DownGateway:
    def send(self, phone: str, text: str) -> None:
        raise ConnectionError("Nhà mạng không phản hồi")


class NotAGateway:
    pass


def sms():
    return notify(
        channel=Notification.Channel.SMS, recipient="+84 912 345 678", subject="", body=TEXT
    )


@pytest.mark.django_db
def test_by_default_an_sms_is_written_to_the_log(caplog, django_capture_on_commit_callbacks):
    with (
        caplog.at_level(logging.INFO, logger="egov.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        row = sms()
    [record] = [r for r in caplog.records if r.name == "egov.sms"]
    assert record.getMessage() == f"SMS to 0912345678: {TEXT}"
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT and row.attempts == 1


@pytest.mark.django_db
def test_the_gateway_named_in_the_settings_sends(settings, django_capture_on_commit_callbacks):
    settings.EGOV_SMS_GATEWAY = f"{HERE}.RecordingGateway"
    RecordingGateway.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        row = sms()
    assert RecordingGateway.sent == [("0912345678", TEXT)]
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("gateway", "error"),
    [
        ("DownGateway", "ConnectionError: Nhà mạng không phản hồi"),
        ("NotAGateway", "TypeError: "),
        ("NoSuchGateway", "ImportError: "),
    ],
)
def test_a_gateway_error_is_recorded(settings, django_capture_on_commit_callbacks, gateway, error):
    settings.EGOV_SMS_GATEWAY = f"{HERE}.{gateway}"
    with django_capture_on_commit_callbacks(execute=True):
        row = sms()
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert row.last_error.startswith(error)
