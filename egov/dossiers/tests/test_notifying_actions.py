"""The applicant is told, by email (real SMTP, after the commit, by the background worker)
and through the SMS gateway, of every step that concerns them: the apology with a new date
(form 04), which leaves the status as it is, and the supplement request, the refusals and
the result being ready, which change it."""

from __future__ import annotations

import logging
import time

import pytest
from django.db import transaction
from django.utils import translation

from egov.core.errors import ValidationFailed
from egov.dossiers import services
from egov.dossiers.lifecycle import Status
from egov.notifications.models import Notification

from .conftest import received, submitted_online
from .helpers import clock_fixture, vn

__all__ = ["clock_fixture"]

NEW_DUE = vn(2026, 3, 20, 17)


def rows(**filters) -> list[Notification]:
    return list(Notification.objects.filter(**filters).order_by("id"))


def label(status: Status) -> str:
    with translation.override("vi"):
        return str(status.label)


@pytest.mark.django_db(transaction=True)
def test_a_late_notice_mails_the_apology_and_the_new_date_once_after_commit(
    world, clock, smtp_server, caplog
):
    dossier = received(world)  # received Monday 02/03/2026 09:00, due Wednesday 04/03 09:00
    smtp_server.wait_for(2)  # submitted, received
    mails, before = len(smtp_server.messages), Notification.objects.count()
    caplog.set_level(logging.INFO, logger="egov.sms")
    with transaction.atomic():
        services.late_notice(dossier, actor=world.leader, reason="Chờ xác minh", new_due=NEW_DUE)
        assert Notification.objects.count() == before + 2  # queued in the transaction...
        time.sleep(0.3)
        assert len(smtp_server.messages) == mails  # ...sent only once it commits
        assert not any("20/03/2026" in r.getMessage() for r in caplog.records)
    smtp_server.wait_for(mails + 1)
    time.sleep(0.3)
    assert len(smtp_server.messages) == mails + 1, "exactly one mail"
    mail = smtp_server.messages[-1]
    assert smtp_server.recipients[-1] == ["tuyet@example.vn"]
    assert mail["Subject"].strip() == (
        f"Hồ sơ {dossier.code}: thư xin lỗi và hẹn lại ngày trả kết quả 20/03/2026"
    )
    body = mail.get_content()
    assert "Chúng tôi xin lỗi" in body and "09:00 04/03/2026" in body
    assert "Hẹn lại ngày trả kết quả: 17:00 20/03/2026" in body
    assert "Lý do: Chờ xác minh" in body
    assert f"/tra-cuu/?code={dossier.code}" in body
    [email] = rows(pk__gt=0, channel="email", subject__contains="20/03/2026")
    [sms] = rows(channel="sms", body__contains="20/03/2026")
    assert email.status == sms.status == Notification.Status.SENT
    assert sms.recipient == "0912345678"
    assert "xin lỗi" in sms.body and dossier.code in sms.body
    assert any("20/03/2026" in r.getMessage() for r in caplog.records), "through the gateway"


def test_a_refused_late_notice_tells_nobody(world, clock):
    dossier = received(world)
    services.late_notice(dossier, actor=world.leader, reason="Chờ xác minh", new_due=NEW_DUE)
    before = Notification.objects.count()
    with pytest.raises(ValidationFailed):
        services.late_notice(dossier, actor=world.leader, reason="Lần nữa", new_due=NEW_DUE)
    assert Notification.objects.count() == before


def test_a_rolled_back_late_notice_sends_nothing(world, clock, monkeypatch):
    from egov.dossiers.services import closing

    dossier = received(world)
    before = Notification.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(closing.paperwork, "issue", broken)
    with pytest.raises(RuntimeError):
        services.late_notice(dossier, actor=world.leader, reason="x", new_due=NEW_DUE)
    assert Notification.objects.count() == before


def test_a_supplement_request_tells_the_applicant_what_to_bring(world, clock):
    dossier = received(world)
    services.request_supplement(
        dossier, actor=world.specialist, items=[("Bản sao CCCD", "bản chụp bị mờ")]
    )
    [email] = rows(channel="email", subject__contains=label(Status.WAITING_SUPPLEMENT))
    assert dossier.code in email.subject and "Bản sao CCCD" in email.body
    assert rows(channel="sms", body__contains=label(Status.WAITING_SUPPLEMENT))


def test_a_refusal_after_appraisal_tells_the_applicant_why(world, clock):
    dossier = received(world)
    services.propose_refusal(dossier, actor=world.specialist, reasons=["Sai thẩm quyền"])
    assert not rows(subject__contains=label(Status.REFUSAL_PROPOSED)), "not the applicant's"
    services.approve_refusal(dossier, actor=world.leader)
    [email] = rows(channel="email", subject__contains=label(Status.REFUSED))
    assert dossier.code in email.subject and "Sai thẩm quyền" in email.body
    assert rows(channel="sms", body__contains=label(Status.REFUSED))


def test_a_refused_reception_tells_the_applicant_why(world, clock):
    dossier = submitted_online(world)
    services.refuse_reception(dossier, actor=world.desk, reasons=["Không thuộc thẩm quyền"])
    [email] = rows(channel="email", subject__contains=label(Status.RECEPTION_REFUSED))
    assert "Không thuộc thẩm quyền" in email.body
    assert rows(channel="sms", body__contains=label(Status.RECEPTION_REFUSED))


def test_a_ready_result_tells_the_applicant(world, clock):
    from .test_closing import ready

    dossier = ready(world)
    [email] = rows(channel="email", subject__contains=label(Status.READY))
    assert dossier.code in email.subject
    assert rows(channel="sms", body__contains=label(Status.READY))
