"""Payments in the dossier flow, with its hooks registered as in production (by
``PaymentsConfig.ready``): the charge fixed at reception with the desk's exemptions (form 01
prints what is really owed), the result held until the fees are paid, a procedure paid at
submission received only once paid or exempted; each refusal says what is owed and how to
pay, and changes nothing."""

from __future__ import annotations

import pytest

from egov.core.errors import Conflict
from egov.dossiers import hooks
from egov.dossiers import services as dossier_services
from egov.dossiers.lifecycle import Action, Status
from egov.dossiers.models import DossierFile
from egov.dossiers.tests.helpers import refused
from egov.payments import dossier_hooks, services
from egov.payments.models import Charge, Payment, Timing
from egov.printing.tests.pdfcheck import text

from .conftest import charged, submitted_online


def to_desk(dossier, w):
    """Forward a received dossier to the leader's approval, issue and hand over its result."""
    from egov.dossiers.tests.conftest import pdf_upload

    dossier_services.forward(dossier, actor=w.specialist)
    dossier_services.forward(dossier, actor=w.head)
    dossier_services.approve(dossier, actor=w.leader)
    dossier_services.issue_result(dossier, actor=w.clerk, result=pdf_upload())
    return dossier_services.hand_to_desk(dossier, actor=w.clerk)


def return_it(dossier, w):
    return dossier_services.return_result(dossier, actor=w.desk, method="desk")


def form_01(dossier) -> str:
    stored = dossier.files.get(kind=DossierFile.Kind.FORM, form_code="01")
    with stored.file.open("rb") as handle:
        return " ".join(text(handle.read()).split())


def test_payments_registers_its_hooks_with_the_dossiers():
    registered = hooks.registry()
    assert dossier_hooks.fix_at_reception in registered.reception
    assert dossier_hooks.unpaid_before_return in registered.holds[Action.RETURN_RESULT]
    assert dossier_hooks.unpaid_at_submission in registered.holds[Action.ACCEPT]
    assert dossier_hooks.citizen_panel in registered.panels["citizen"]
    assert dossier_hooks.official_panel in registered.panels["official"]


# --- Reception --------------------------------------------------------------------------------


def test_reception_fixes_the_charge_with_the_desks_exemptions(pay):
    dossier, charge = charged(pay, exemptions={pay.extra_fee.pk: "Hộ nghèo (TT 85/2019)"})
    assert (charge.total, charge.exempted, charge.amount_due) == (58000, 50000, 8000)
    assert charge.fixed_by == pay.desk
    line = charge.lines.get(fee=pay.extra_fee)
    assert line.exempt and line.exemption_reason == "Hộ nghèo (TT 85/2019)"
    assert dossier.fees_owed == 8000  # the dossier keeps the figure…
    assert "Phí, lệ phí: 8.000 đồng" in form_01(dossier)  # …that form 01 prints


def test_a_procedure_without_fees_gets_no_charge(pay):
    pay.version.fees.all().delete()
    dossier = dossier_services.accept(submitted_online(pay), actor=pay.desk)
    assert not Charge.objects.exists()
    assert dossier.fees_owed == 0
    assert return_it(to_desk(dossier, pay), pay).status == Status.RETURNED


def test_changing_an_exemption_later_keeps_the_dossiers_figure(pay):
    dossier, _charge = charged(pay)
    services.charges_fix_for_dossier(dossier, actor=pay.desk, exemptions={pay.fee.pk: "Trẻ em"})
    dossier.refresh_from_db()
    assert dossier.fees_owed == 50000


# --- The result waits for the fees ------------------------------------------------------------


def test_the_result_is_not_returned_while_fees_are_unpaid(pay):
    dossier, _charge = charged(pay)
    dossier = to_desk(dossier, pay)
    error = refused(Conflict, lambda: return_it(dossier, pay), dossier)
    assert error.code == "fees_unpaid"
    message = str(error.message)
    assert "Chưa thể trả kết quả" in message and "58.000 đồng" in message
    assert "Hồ sơ của tôi" in message and "Chuyển khoản bằng mã VietQR" in message
    assert "Phí, lệ phí" in message  # where the desk records money taken at the desk
    for method in ("online", "post"):
        with pytest.raises(Conflict):
            dossier_services.return_result(
                dossier, actor=pay.desk, method=method, tracking_number="EB123"
            )
    services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=58000)
    assert return_it(dossier, pay).status == Status.RETURNED


def test_the_applicant_is_told_what_to_pay_when_the_result_is_ready(pay):
    from egov.notifications.models import Notification

    dossier, _charge = charged(pay, exemptions={pay.fee.pk: "Trẻ em"})
    received = Notification.objects.filter(channel="email").order_by("id").last()
    assert "Phí, lệ phí: 50.000 đồng" in received.body
    to_desk(dossier, pay)
    ready = Notification.objects.filter(channel="email").order_by("id").last()
    assert "Kết quả sẵn sàng" in ready.subject
    assert "còn phải nộp 50.000 đồng" in ready.body and "Hồ sơ của tôi" in ready.body


def test_a_started_payment_is_named_and_does_not_count_until_confirmed(pay):
    dossier, _charge = charged(pay)
    dossier = to_desk(dossier, pay)
    payment, _instruction = services.payment_start(dossier, method="vietqr", actor=pay.citizen)
    error = refused(Conflict, lambda: return_it(dossier, pay), dossier)
    assert payment.reference in str(error.message)


def test_fully_exempted_fees_hold_nothing(pay):
    everything = {pay.fee.pk: "Hộ nghèo", pay.extra_fee.pk: "Hộ nghèo"}
    dossier, charge = charged(pay, exemptions=everything)
    assert charge.amount_due == 0 and charge.is_paid
    assert return_it(to_desk(dossier, pay), pay).status == Status.RETURNED


def test_a_dossier_received_before_payments_is_held_by_its_figure(pay):
    with hooks.isolated():  # as if received before payments was installed
        dossier = dossier_services.accept(submitted_online(pay), actor=pay.desk)
    assert not Charge.objects.exists() and dossier.fees_owed == 58000
    dossier = to_desk(dossier, pay)
    error = refused(Conflict, lambda: return_it(dossier, pay), dossier)
    assert "58.000 đồng" in str(error.message)
    services.charges_fix_for_dossier(dossier, actor=pay.desk)
    services.payment_record_at_desk(dossier, method="card", actor=pay.desk, amount=58000)
    assert return_it(dossier, pay).status == Status.RETURNED


def test_without_a_bank_account_the_message_sends_the_applicant_to_the_desk(pay):
    pay.account.delete()
    dossier, _charge = charged(pay)
    dossier = to_desk(dossier, pay)
    error = refused(Conflict, lambda: return_it(dossier, pay), dossier)
    assert "chưa hỗ trợ thanh toán trực tuyến" in str(error.message)


# --- Procedures paid at submission ------------------------------------------------------------


@pytest.fixture
def at_submission(pay):
    services.procedure_payment_set(
        procedure=pay.version.procedure, timing=Timing.AT_SUBMISSION, actor=None
    )
    return pay


def test_paid_at_submission_is_received_only_once_paid(at_submission):
    w = at_submission
    dossier = submitted_online(w)
    error = refused(Conflict, lambda: dossier_services.accept(dossier, actor=w.desk), dossier)
    assert error.code == "fees_unpaid_at_submission"
    assert "58.000 đồng" in str(error.message) and "nộp hồ sơ" in str(error.message)
    assert not Charge.objects.exists()  # the charge fixed on the way was rolled back
    services.payment_start(dossier, method="vietqr", actor=w.citizen)
    refused(Conflict, lambda: dossier_services.accept(dossier, actor=w.desk), dossier)
    services.payment_record_at_desk(dossier, method="cash", actor=w.desk, amount=58000)
    accepted = dossier_services.accept(dossier, actor=w.desk)
    assert accepted.status == Status.IN_PROGRESS and accepted.fees_owed == 58000
    assert Charge.objects.get().is_paid


def test_paid_at_submission_fully_exempted_at_reception_is_received(at_submission):
    w = at_submission
    everything = {w.fee.pk: "Người khuyết tật", w.extra_fee.pk: "Người khuyết tật"}
    accepted = dossier_services.accept(submitted_online(w), actor=w.desk, exemptions=everything)
    assert accepted.status == Status.IN_PROGRESS and accepted.fees_owed == 0
    assert Charge.objects.get().amount_due == 0


def test_an_exemption_after_the_applicant_paid_is_refused_at_reception(at_submission):
    w = at_submission
    dossier = submitted_online(w)
    services.charges_fix_for_dossier(dossier, actor=w.citizen)
    services.payment_record_at_desk(dossier, method="cash", actor=w.desk, amount=58000)
    error = refused(
        Conflict,
        lambda: dossier_services.accept(dossier, actor=w.desk, exemptions={w.fee.pk: "Hộ nghèo"}),
        dossier,
    )
    assert error.code == "charge_in_payment"
    assert dossier_services.accept(dossier, actor=w.desk).status == Status.IN_PROGRESS
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
