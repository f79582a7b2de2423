"""The dossier tests' commune (birth registration, one official per role, two citizens),
with fees worth paying, an agency bank account and two accountants."""

from __future__ import annotations

import threading

import pytest

from egov.catalog.models import Fee
from egov.dossiers import services as dossier_services
from egov.dossiers.tests.conftest import (  # noqa: F401
    applicant,
    make_procedure,
    pdf_upload,
    received,
    submitted_online,
    world,
)
from egov.orgs.models import Role
from egov.orgs.tests.conftest import make_official, province, sysadmin  # noqa: F401
from egov.payments import services
from egov.payments.models import Charge
from egov.payments.paysim import Behaviour, PaySim, base_url, make_paysim_server

BANK_BIN = "970415"
ACCOUNT = "113366668888"
GATEWAY_SECRET = "paysim-test-secret"
MERCHANT = "EGOV-TEST"
BANK_SECRET = "bank-test-secret"


@pytest.fixture
def pay(world, make_official):  # noqa: F811
    """``world`` plus: a 50.000 đ charge (phí) beside the 8.000 đ fee (lệ phí), the commune's
    bank account, accountants ``accountant`` and ``accountant2``, and an agency admin."""
    w = world
    w.fee = w.version.fees.get()
    w.extra_fee = Fee.objects.create(
        version=w.version, kind=Fee.Kind.CHARGE, description="Phí cấp bản sao", amount=50000
    )
    w.accountant = make_official(
        agency=w.commune_a, roles=[Role.SPECIALIST], full_name="Đinh Thị Kế"
    )
    w.accountant2 = make_official(
        agency=w.commune_a, roles=[Role.SPECIALIST], full_name="Lý Văn Toán"
    )
    for person in (w.accountant, w.accountant2):
        services.accountant_grant(user=person, agency=w.commune_a, actor=None)
    w.admin = make_official(agency=w.commune_a, roles=[Role.AGENCY_ADMIN])
    w.account = services.bank_account_set(
        agency=w.commune_a,
        bank_bin=BANK_BIN,
        bank_name="VietinBank",
        account_number=ACCOUNT,
        account_name="UBND XA AN BINH",
        actor=None,
    )
    return w


@pytest.fixture
def gateway_settings(settings):
    settings.EGOV_PAYMENT_GATEWAY_MERCHANT = MERCHANT
    settings.EGOV_PAYMENT_GATEWAY_SECRET = GATEWAY_SECRET
    settings.EGOV_PAYMENT_BANK_SECRET = BANK_SECRET
    if not settings.EGOV_PAYMENT_GATEWAY_URL:
        settings.EGOV_PAYMENT_GATEWAY_URL = "http://127.0.0.1:9"
    return settings


def charged(w, exemptions=None):
    """A dossier received by the desk officer, who fixed its charge in the reception form
    (with ``exemptions``: fee id -> legal ground)."""
    dossier = dossier_services.accept(submitted_online(w), actor=w.desk, exemptions=exemptions)
    return dossier, Charge.objects.get(dossier=dossier)


@pytest.fixture
def paysim(settings, live_server):
    """paysim on a free port, egov's settings pointed at it and at the live server."""
    app = PaySim({MERCHANT: GATEWAY_SECRET}, Behaviour())
    server = make_paysim_server(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EGOV_PAYMENT_GATEWAY_URL = base_url(server)
    settings.EGOV_PAYMENT_GATEWAY_MERCHANT = MERCHANT
    settings.EGOV_PAYMENT_GATEWAY_SECRET = GATEWAY_SECRET
    settings.EGOV_SITE_URL = live_server.url
    app.url = base_url(server)
    try:
        yield app
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
