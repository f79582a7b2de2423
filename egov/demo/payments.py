"""Demo fees and payments at UBND phường An Khang, made through the real services, without
network or gateway (``make run`` starts no ``egov paysim``): the ward's bank account for
VietQR (a fictional account at a real bank BIN, so banking apps read the code), an
accountant, and dossiers of Nguyễn Văn An's, Trần Thị Bích Ngọc's and Lê Hoàng Minh's:

- a result ready at the desk, held until its fees are paid, with a VietQR code shown;
- a result handed over after the fees were paid in cash at the desk, with the receipt;
- a dossier received with its fee exempted (the legal ground on form 01 and the charge);
- a dossier waiting for the desk, whose reception form offers to exempt its fee.

Skipped when the ward has a bank account already.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from egov.dossiers import services as dossier_services
from egov.dossiers.models import Delivery, Dossier
from egov.orgs.models import Agency, Role, User
from egov.orgs.services import official_create
from egov.payments import services
from egov.payments.models import BankAccount, Charge

from . import data
from .dossiers import WARD, _accept, _online, _ready, _user

ACCOUNTANT = "ketoan.phuong1"
BANK_BIN = "970415"  # VietinBank's BIN (NAPAS); the account itself is made up
DESK = "motcua.phuong1"


def _accountant(ward: Agency) -> User:
    found = User.objects.filter(username=ACCOUNTANT).first()
    if found is None:
        found = official_create(
            username=ACCOUNTANT,
            full_name="Mai Thị Thanh Tâm",
            email=f"{ACCOUNTANT}@{data.EMAIL_DOMAIN}",
            agency=ward,
            department=ward.departments.filter(code="VP").first(),
            position="Kế toán UBND phường",
            roles=[Role.SPECIALIST],
            password=data.PASSWORD,
            actor=None,
        )
    services.accountant_grant(user=found, agency=ward, actor=None)
    return found


def _days_ago(days: int) -> dt.datetime:
    moment = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    moment -= dt.timedelta(days=days)
    while moment.weekday() >= 5:
        moment -= dt.timedelta(days=1)
    return moment


def _waiting_for_transfer() -> tuple[Dossier, str]:
    """A result at the desk, its 15.000 đ fee unpaid: the applicant opened the VietQR code."""
    with dossier_services.clock_at(_days_ago(4)):
        dossier = _accept(_online("1.004873", 0))
    with dossier_services.clock_at(_days_ago(1)):
        dossier = _ready(dossier)
    owner = dossier.owner
    assert owner is not None  # noqa: S101 - an online dossier has an owner
    payment, _instruction = services.payment_start(dossier, method="vietqr", actor=owner)
    return dossier, reverse("payments:payment", args=[dossier.public_id, payment.public_id])


def _paid_at_the_desk() -> Dossier:
    """A result handed over at the desk once the applicant paid the fee there in cash."""
    with dossier_services.clock_at(_days_ago(6)):
        dossier = _accept(_online("2.000635", 1))
    with dossier_services.clock_at(_days_ago(2)):
        dossier = _ready(dossier)
    charge = Charge.objects.get(dossier=dossier)
    payment = services.payment_record_at_desk(
        dossier,
        method="cash",
        actor=_user(DESK),
        amount=charge.amount_due,
        note="Nộp tiền mặt khi nhận kết quả",
    )
    services.receipt_issue(payment)  # the worker would; the demo shows it at once
    return dossier_services.return_result(dossier, actor=_user(DESK), method=Delivery.DESK)


def _exempted() -> Dossier:
    """Received with its fee waived on a legal ground: form 01 prints 0 đồng."""
    dossier = _online("1.004873", 2)
    fee = dossier.procedure_version.fees.order_by("pk").first()
    ground = "Người khuyết tật (Luật Hộ tịch năm 2014, Điều 11)"
    with dossier_services.clock_at(_days_ago(0)):
        return dossier_services.accept(
            dossier, actor=_user(DESK), exemptions={fee.pk: ground} if fee else {}
        )


@transaction.atomic
def payments_load() -> str:
    """Load the demo payments once; the line to print (where to see the VietQR code)."""
    ward = Agency.objects.get(code=WARD)
    if BankAccount.objects.filter(agency=ward).exists():
        return "Payments: already loaded."
    services.bank_account_set(
        agency=ward,
        bank_bin=BANK_BIN,
        bank_name="Ngân hàng TMCP Công Thương Việt Nam (VietinBank)",
        account_number="113000021001",
        account_name="UBND PHUONG AN KHANG",
        actor=None,
    )
    _accountant(ward)
    waiting, url = _waiting_for_transfer()
    _paid_at_the_desk()
    _exempted()
    with dossier_services.clock_at(_days_ago(0)):
        _online("1.004873", 1)  # for the desk to receive, with or without exemption
    owner = waiting.owner.username if waiting.owner else ""
    return f"Payments: VietQR waiting {url} (log in as {owner}); accountant {ACCOUNTANT}"
