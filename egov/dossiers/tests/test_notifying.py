"""The applicant hears of each status that concerns them, by real SMTP, after the commit."""

from __future__ import annotations

import pytest

from egov.core.errors import PermissionRefused
from egov.dossiers import services
from egov.notifications.models import Notification

from .conftest import received, submitted_online


@pytest.mark.django_db(transaction=True)
def test_reception_mails_the_applicant_through_smtp(world, smtp_server):
    dossier = received(world)
    smtp_server.wait_for(2)
    subjects = [m["Subject"].strip() for m in smtp_server.messages]
    assert any(dossier.code in s and "Đang giải quyết" in s for s in subjects), subjects
    accepted = next(m for m in smtp_server.messages if dossier.code in m["Subject"])
    body = accepted.get_content()
    assert "Thủ tục đăng ký khai sinh" in body
    assert f"/tra-cuu/?code={dossier.code}" in body
    assert smtp_server.recipients == [["tuyet@example.vn"], ["tuyet@example.vn"]]


def test_an_sms_goes_to_the_applicant_phone(world):
    dossier = received(world)
    sms = Notification.objects.filter(channel="sms").order_by("id").last()
    assert sms.recipient == "0912345678"
    assert dossier.code in sms.body


def test_assigning_a_handler_tells_the_applicant_nothing(world):
    dossier = received(world)
    before = Notification.objects.count()
    step = dossier.steps.get(state="active")
    services.assign(dossier, actor=world.head, step=step, handler=world.specialist)
    assert Notification.objects.count() == before


def test_a_refused_action_sends_nothing(world):
    dossier = submitted_online(world)
    before = Notification.objects.count()
    with pytest.raises(PermissionRefused):
        services.accept(dossier, actor=world.desk_b)
    assert Notification.objects.count() == before
