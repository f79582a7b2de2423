"""People, agencies and certificates from egov's demo CA, made through the real services."""

from __future__ import annotations

import pytest

from egov.orgs.models import Role
from egov.orgs.tests.factories import AgencyFactory, OfficialFactory
from egov.printing.onestop import receipt_pdf
from egov.printing.tests.samples import receipt
from egov.signing import services


@pytest.fixture
def agency(db):
    return AgencyFactory(name="UBND Xã Tân Phú")


@pytest.fixture
def leader(agency):
    return OfficialFactory(
        agency=agency,
        roles=[Role.AGENCY_LEADER],
        user__first_name="Lê Thị Hồng",
        user__last_name="",
        position="Chủ tịch",
    ).user


@pytest.fixture
def clerk(agency):
    return OfficialFactory(agency=agency, roles=[Role.CLERK]).user


@pytest.fixture
def admin(agency):
    return OfficialFactory(agency=agency, roles=[Role.AGENCY_ADMIN]).user


@pytest.fixture
def demo_ca(db):
    return services.local_ca_create(actor=None, trust=True)


@pytest.fixture
def personal_cert(demo_ca, leader):
    return services.certificate_issue(owner_user=leader, actor=None)


@pytest.fixture
def agency_cert(demo_ca, agency):
    return services.certificate_issue(owner_agency=agency, actor=None)


@pytest.fixture(scope="session")
def unsigned_pdf() -> bytes:
    return receipt_pdf(receipt())
