"""Fixing what a dossier owes: the schedule of its version, exemptions with reasons, who may
do it and when, and fixing again while nothing is paid."""

from __future__ import annotations

import pytest

from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.dossiers import services as dossier_services
from egov.payments import services
from egov.payments.models import Charge, Payment, Timing

from .conftest import charged, received, submitted_online


def test_charge_copies_the_schedule_of_the_dossier_version(pay):
    dossier, charge = charged(pay)
    assert dossier.fees_owed == 58000
    assert charge.total == 58000
    assert charge.exempted == 0
    assert charge.amount_due == 58000
    assert charge.agency == dossier.agency
    assert charge.timing == Timing.BEFORE_RETURN
    assert charge.fixed_by == pay.desk
    lines = list(charge.lines.values_list("description", "amount", "exempt"))
    assert lines == [("Lệ phí", 8000, False), ("Phí cấp bản sao", 50000, False)]
    audit = AuditEvent.objects.get(action="payments.charge_fixed")
    assert audit.actor == pay.desk
    assert audit.data["amount_due"] == 58000


def test_exemption_needs_a_reason_and_lowers_the_amount_due(pay):
    dossier, charge = charged(pay)
    charge = services.charges_fix_for_dossier(
        dossier, actor=pay.desk, exemptions={pay.fee.pk: "Trẻ em dưới 6 tuổi (Điều 3 TT 85/2019)"}
    )
    assert charge.exempted == 8000
    assert charge.amount_due == 50000
    line = charge.lines.get(fee=pay.fee)
    assert line.exempt and line.exemption_reason.startswith("Trẻ em")
    assert line.owed == 0
    assert Charge.objects.count() == 1


def test_an_exemption_without_reason_or_for_another_fee_is_refused(pay):
    dossier = received(pay)  # its charge fixed at reception, without exemption
    with pytest.raises(ValidationFailed) as blank:
        services.charges_fix_for_dossier(dossier, actor=pay.desk, exemptions={pay.fee.pk: "  "})
    assert blank.value.code == "exemption_reason_required"
    with pytest.raises(ValidationFailed) as unknown:
        services.charges_fix_for_dossier(dossier, actor=pay.desk, exemptions={999999: "x"})
    assert unknown.value.code == "unknown_fee"
    charge = Charge.objects.get()
    assert (charge.amount_due, charge.exempted) == (58000, 0)
    assert AuditEvent.objects.filter(action="payments.charge_fixed").count() == 1


def test_only_the_receiving_desk_fixes_the_charge(pay):
    dossier = received(pay)
    for outsider in (pay.specialist, pay.desk_b, pay.citizen, pay.other_citizen):
        with pytest.raises(PermissionRefused):
            services.charges_fix_for_dossier(dossier, actor=outsider)
    assert services.charges_fix_for_dossier(dossier, actor=pay.leader).fixed_by == pay.leader
    assert services.charges_fix_for_dossier(dossier, actor=None).fixed_by is None


def test_drafts_and_closed_dossiers_have_no_charge(pay):
    draft = dossier_services.draft_create(
        owner=pay.citizen,
        version=pay.version,
        handling_agency=pay.commune_a,
        applicant=dossier_services.Applicant(name="A", id_number="001190012345"),
    )
    with pytest.raises(Conflict):
        services.charges_fix_for_dossier(draft, actor=pay.desk)
    refused = dossier_services.refuse_reception(
        submitted_online(pay), actor=pay.desk, reasons=["Không thuộc thẩm quyền"]
    )
    with pytest.raises(Conflict):
        services.charges_fix_for_dossier(refused, actor=pay.desk)


def test_the_citizen_fixes_the_charge_only_when_paying_at_submission(pay):
    dossier = submitted_online(pay)
    with pytest.raises(PermissionRefused):
        services.charges_fix_for_dossier(dossier, actor=pay.citizen)
    services.procedure_payment_set(
        procedure=pay.version.procedure, timing=Timing.AT_SUBMISSION, actor=None
    )
    with pytest.raises(PermissionRefused) as exemption:
        services.charges_fix_for_dossier(dossier, actor=pay.citizen, exemptions={pay.fee.pk: "x"})
    assert exemption.value.code == "exemption_by_desk"
    charge = services.charges_fix_for_dossier(dossier, actor=pay.citizen)
    assert charge.timing == Timing.AT_SUBMISSION
    assert charge.amount_due == 58000
    dossier.refresh_from_db()
    assert dossier.fees_owed == 58000
    # Once the desk has received the dossier (after the payment), only the desk changes it.
    services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=58000)
    dossier_services.accept(dossier, actor=pay.desk)
    with pytest.raises(PermissionRefused):
        services.charges_fix_for_dossier(dossier, actor=pay.citizen)


def test_fixing_again_withdraws_an_unpaid_qr_code_but_not_money_under_way(pay, gateway_settings):
    dossier, charge = charged(pay)
    qr, _instruction = services.payment_start(dossier, method="vietqr", actor=pay.citizen)
    charge = services.charges_fix_for_dossier(
        dossier, actor=pay.desk, exemptions={pay.extra_fee.pk: "Hộ nghèo"}
    )
    qr.refresh_from_db()
    assert qr.status == Payment.Status.CANCELLED
    assert charge.amount_due == 8000
    services.payment_start(dossier, method="gateway", actor=pay.citizen)
    with pytest.raises(Conflict) as busy:
        services.charges_fix_for_dossier(dossier, actor=pay.desk)
    assert busy.value.code == "charge_in_payment"
    assert Charge.objects.get().amount_due == 8000


def test_a_paid_charge_cannot_be_fixed_again(pay):
    dossier, _charge = charged(pay)
    services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=58000)
    with pytest.raises(Conflict):
        services.charges_fix_for_dossier(dossier, actor=pay.desk, exemptions={pay.fee.pk: "x"})
