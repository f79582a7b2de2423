"""The operators' actions on certificates: revoke with a reason, issue a demo certificate,
recompute trust. Each goes through a service, so refusals and audit lines are the services'."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from egov.core.errors import PermissionRefused
from egov.core.models import AuditEvent
from egov.orgs.models import Role
from egov.orgs.tests.factories import AgencyFactory, OfficialFactory, UserFactory
from egov.signing import services
from egov.signing.models import Certificate, TrustedRoot

CHANGELIST = "/quan-tri/signing/certificate/"
ISSUE = CHANGELIST + "cap-chung-thu-thu-nghiem/"
REFRESH = CHANGELIST + "cap-nhat-tin-cay/"


@pytest.fixture
def root(client, db):
    user = UserFactory(username="root", kind="official", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _revoke(client, certificates, **extra):
    data = {"action": "revoke_selected", "_selected_action": [c.pk for c in certificates]}
    return client.post(CHANGELIST, {**data, **extra}, follow=True)


def test_revoking_asks_for_a_reason_first(client, root, personal_cert, agency_cert):
    page = _revoke(client, [personal_cert, agency_cert])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="reason"' in html and "Lê Thị Hồng" in html
    empty = _revoke(client, [personal_cert], apply="1", reason="  ")
    assert 'name="reason"' in empty.content.decode()
    personal_cert.refresh_from_db()
    assert not personal_cert.revoked


def test_revoking_goes_through_the_service(client, root, personal_cert, agency_cert):
    done = _revoke(client, [personal_cert, agency_cert], apply="1", reason="Mất thiết bị ký")
    assert done.redirect_chain and done.status_code == 200
    for certificate in (personal_cert, agency_cert):
        certificate.refresh_from_db()
        assert certificate.revoked and certificate.revocation_reason == "Mất thiết bị ký"
    events = AuditEvent.objects.filter(action="signing_certificate_revoked")
    assert events.count() == 2 and {e.actor_id for e in events} == {root.pk}
    again = _revoke(client, [personal_cert], apply="1", reason="Lần nữa")
    assert "Chứng thư số này đã bị thu hồi." in again.content.decode()


def test_an_administrator_of_another_agency_cannot_revoke(client, personal_cert):
    stranger = OfficialFactory(agency=AgencyFactory(), roles=[Role.AGENCY_ADMIN]).user
    stranger.is_staff = True
    stranger.save()
    stranger.user_permissions.add(Permission.objects.get(codename="view_certificate"))
    client.force_login(stranger)
    refused = _revoke(client, [personal_cert], apply="1", reason="Thử")
    assert refused.status_code == 200
    assert "UBND Xã Tân Phú" in refused.content.decode(), "no refusal message"
    personal_cert.refresh_from_db()
    assert not personal_cert.revoked
    assert not AuditEvent.objects.filter(action="signing_certificate_revoked").exists()


def test_issuing_a_demo_certificate(client, root, agency, leader):
    assert client.get(ISSUE).status_code == 200
    both = client.post(ISSUE, {"owner_agency": agency.pk, "owner_official": leader.pk})
    assert both.status_code == 200 and not Certificate.objects.exists()
    without_ca = client.post(ISSUE, {"owner_agency": agency.pk, "valid_days": "30"})
    assert without_ca.status_code == 200 and not Certificate.objects.exists()
    issued = client.post(ISSUE, {"owner_agency": agency.pk, "valid_days": "30", "create_ca": "on"})
    assert issued.status_code == 302
    certificate = Certificate.objects.get(owner_agency=agency)
    assert (certificate.not_after - certificate.not_before).days == 30
    assert Certificate.objects.filter(is_authority=True, trusted=False).count() == 1
    client.post(ISSUE, {"owner_official": leader.pk, "valid_days": "365"})
    assert Certificate.objects.get(owner_user=leader).common_name == "Lê Thị Hồng"
    issued_events = AuditEvent.objects.filter(action="signing_certificate_issued")
    assert issued_events.count() == 2 and {e.actor_id for e in issued_events} == {root.pk}


def test_refreshing_trust(client, root, demo_ca, personal_cert):
    assert client.get(REFRESH).status_code == 405
    TrustedRoot.objects.all().delete()  # a root removed outside egov's services
    response = client.post(REFRESH)
    assert response.status_code == 302
    personal_cert.refresh_from_db()
    assert not personal_cert.trusted
    event = AuditEvent.objects.get(action="signing_trust_refreshed")
    assert event.actor_id == root.pk and event.data["changed"] == 2


def test_only_a_system_administrator_refreshes_trust(admin, demo_ca):
    with pytest.raises(PermissionRefused):
        services.certificates_trust_refresh(actor=admin)
    assert services.certificates_trust_refresh(actor=None) == 0
    assert AuditEvent.objects.filter(action="signing_trust_refreshed").count() == 1
