"""The admin saves setup through the services (audit line, permission check) and shows
payments read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from egov.core.errors import PermissionRefused
from egov.core.models import AuditEvent
from egov.payments import services
from egov.payments.models import BankAccount


def test_bank_account_saved_through_the_service_and_payments_read_only(client, pay):
    root = get_user_model().objects.create_superuser(
        username="root", email="root@example.vn", password="matkhau-Demo-2026", kind="official"
    )
    client.force_login(root)
    answer = client.post(
        "/quan-tri/payments/bankaccount/add/",
        {
            "agency": pay.commune_b.pk,
            "bank_bin": "970436",
            "bank_name": "Vietcombank",
            "account_number": "0011001234567",
            "account_name": "UBND PHUONG BINH MINH",
            "active": "on",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    account = BankAccount.objects.get(agency=pay.commune_b)
    assert account.bank_bin == "970436"
    audit = AuditEvent.objects.filter(action="payments.bank_account_set").latest("id")
    assert audit.actor == root
    assert client.get("/quan-tri/payments/payment/").status_code == 200
    assert client.get("/quan-tri/payments/payment/add/").status_code == 403


def test_an_agency_admin_of_another_agency_is_refused(client, pay):
    with pytest.raises(PermissionRefused):
        services.bank_account_set(
            agency=pay.commune_b,
            bank_bin="970436",
            bank_name="x",
            account_number="1",
            account_name="x",
            actor=pay.admin,
        )
    with pytest.raises(PermissionRefused):
        services.accountant_grant(user=pay.desk_b, agency=pay.commune_b, actor=pay.admin)
    services.accountant_grant(user=pay.desk, agency=pay.commune_a, actor=pay.admin)
