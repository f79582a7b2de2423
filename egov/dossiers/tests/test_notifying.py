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
    assert "Phí, lệ phí: 8.000 đồng" in body
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


def test_a_ready_result_held_by_a_higher_app_says_what_to_settle(world):
    from egov.dossiers import hooks
    from egov.dossiers.hooks import Hold
    from egov.dossiers.lifecycle import Action

    from .test_closing import ready

    hooks.add_hold(Action.RETURN_RESULT, lambda d: Hold("fees_unpaid", "Còn phải nộp 8.000 đồng."))
    dossier = ready(world)
    mail = Notification.objects.filter(channel="email").order_by("id").last()
    assert "Kết quả sẵn sàng" in mail.subject and dossier.code in mail.subject
    assert "Còn phải nộp 8.000 đồng." in mail.body
    with hooks.isolated():
        again = ready(world)
    mail = Notification.objects.filter(channel="email").order_by("id").last()
    assert again.code in mail.subject and "Còn phải nộp" not in mail.body
