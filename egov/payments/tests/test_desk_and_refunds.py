"""Money taken at the desk, recorded by the officer; refunds asked by one accountant and
decided by another person; flagged payments resolved by the accountant."""

from __future__ import annotations

import pytest

from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.payments import services
from egov.payments.models import Charge, Payment, Refund

from .conftest import charged


def test_the_desk_records_cash_for_exactly_what_is_owed(pay):
    dossier, charge = charged(pay)
    with pytest.raises(ValidationFailed) as wrong:
        services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=50000)
    assert wrong.value.code == "amount_differs"
    payment = services.payment_record_at_desk(
        dossier, method="cash", actor=pay.desk, amount=58000, note="Thu tại quầy số 2"
    )
    assert payment.status == Payment.Status.SUCCEEDED
    assert payment.received_amount == 58000 and payment.created_by == pay.desk
    charge.refresh_from_db()
    assert charge.paid_at is not None and charge.paid_online is False
    assert AuditEvent.objects.get(action="payments.payment_succeeded").actor == pay.desk
    with pytest.raises(Conflict):
        services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=58000)


def test_only_the_receiving_desk_records_money(pay):
    dossier, _charge = charged(pay)
    for outsider in (pay.desk_b, pay.specialist, pay.citizen, pay.accountant):
        with pytest.raises(PermissionRefused):
            services.payment_record_at_desk(dossier, method="cash", actor=outsider, amount=58000)
    with pytest.raises(ValidationFailed):
        services.payment_record_at_desk(dossier, method="vietqr", actor=pay.desk, amount=58000)
    assert not Payment.objects.exists()


def test_a_card_slip_number_is_recorded_once(pay):
    first, _charge = charged(pay)
    second, _charge2 = charged(pay)
    services.payment_record_at_desk(
        first, method="card", actor=pay.desk, amount=58000, provider_reference="POS-000123"
    )
    with pytest.raises(ValidationFailed) as twice:
        services.payment_record_at_desk(
            second, method="card", actor=pay.desk, amount=58000, provider_reference="POS-000123"
        )
    assert twice.value.code == "duplicate_slip"


def test_the_desk_needs_the_charge_fixed_first(pay):
    from .conftest import submitted_online

    # Before reception (a procedure paid before the return), no charge is fixed yet.
    dossier = submitted_online(pay)
    with pytest.raises(Conflict) as refused:
        services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=58000)
    assert refused.value.code == "charge_not_fixed"


@pytest.fixture
def paid(pay):
    dossier, _charge = charged(pay)
    return services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=58000)


def test_refund_needs_two_different_people(pay, paid):
    refund = services.refund_request(
        paid, actor=pay.accountant, amount=58000, reason="Hồ sơ bị từ chối giải quyết"
    )
    assert refund.status == Refund.Status.REQUESTED
    with pytest.raises(PermissionRefused) as same:
        services.refund_decide(refund, actor=pay.accountant, approve=True)
    assert same.value.code == "same_person"
    with pytest.raises(PermissionRefused):
        services.refund_decide(refund, actor=pay.desk, approve=True)
    approved = services.refund_decide(refund, actor=pay.accountant2, approve=True, note="Đồng ý")
    assert approved.status == Refund.Status.APPROVED and approved.decided_by == pay.accountant2
    charge = Charge.objects.get()
    assert charge.paid_at is None
    assert services.received_total(charge) == 0
    assert AuditEvent.objects.get(action="payments.refund_approved").data["charge_unpaid"]
    with pytest.raises(Conflict):
        services.refund_decide(refund, actor=pay.leader, approve=False, note="x")


def test_the_leader_may_decide_and_a_rejection_needs_a_reason(pay, paid):
    refund = services.refund_request(paid, actor=pay.accountant, amount=8000, reason="Miễn lệ phí")
    with pytest.raises(ValidationFailed):
        services.refund_decide(refund, actor=pay.leader, approve=False)
    rejected = services.refund_decide(
        refund, actor=pay.leader, approve=False, note="Không thuộc diện miễn"
    )
    assert rejected.status == Refund.Status.REJECTED
    assert Charge.objects.get().paid_at is not None


def test_refund_requests_are_checked(pay, paid):
    with pytest.raises(PermissionRefused):
        services.refund_request(paid, actor=pay.desk, amount=1000, reason="x")
    with pytest.raises(ValidationFailed):
        services.refund_request(paid, actor=pay.accountant, amount=1000, reason=" ")
    with pytest.raises(ValidationFailed):
        services.refund_request(paid, actor=pay.accountant, amount=0, reason="x")
    services.refund_request(paid, actor=pay.accountant, amount=50000, reason="x")
    with pytest.raises(ValidationFailed) as too_much:
        services.refund_request(paid, actor=pay.accountant, amount=8001, reason="y")
    assert too_much.value.code == "amount_too_high"
    assert "8.000" in str(too_much.value)


def test_a_partial_refund_of_an_overpayment_keeps_the_charge_paid(pay, paid):
    refund = services.refund_request(paid, actor=pay.accountant, amount=8000, reason="Miễn")
    services.refund_decide(refund, actor=pay.accountant2, approve=True)
    charge = Charge.objects.get()
    assert charge.paid_at is None  # 50.000 kept of 58.000 owed
    assert services.outstanding(charge) == 8000


def test_flagged_payment_is_resolved_by_an_accountant(pay, gateway_settings):
    dossier, _charge = charged(pay)
    payment, _instruction = services.payment_start(dossier, method="vietqr", actor=pay.citizen)
    from egov.payments.methods.base import Report

    services.payment_observe(
        payment,
        report=Report(outcome="success", amount=5800, provider_reference="FT9"),
        source="statement",
    )
    payment.refresh_from_db()
    assert payment.needs_attention
    with pytest.raises(PermissionRefused):
        services.payment_resolve(payment, actor=pay.desk, note="x")
    with pytest.raises(ValidationFailed):
        services.payment_resolve(payment, actor=pay.accountant, note="")
    resolved = services.payment_resolve(
        payment, actor=pay.accountant, note="Đã liên hệ người nộp, hoàn lại 5.800 đ"
    )
    assert not resolved.needs_attention
    assert resolved.status == Payment.Status.MISMATCH
    with pytest.raises(Conflict):
        services.payment_resolve(resolved, actor=pay.accountant, note="again")
