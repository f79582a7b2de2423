"""The back-office screens open for a superuser (smoke test of the admin configuration)."""

import pytest

from egov.orgs.models import Role
from egov.orgs.tests.factories import BusinessFactory, CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_screens_open(client, province, make_official):
    official = make_official(agency=province.commune_a, roles=[Role.CLERK])
    citizen = CitizenFactory()
    business = BusinessFactory()
    root = UserFactory(username="root", kind="official", is_staff=True, is_superuser=True)
    client.force_login(root)
    pages = [
        "/quan-tri/orgs/administrativeunit/",
        f"/quan-tri/orgs/administrativeunit/{province.unit_a.pk}/change/",
        "/quan-tri/orgs/agency/",
        f"/quan-tri/orgs/agency/{province.commune_a.pk}/change/",
        "/quan-tri/orgs/department/",
        "/quan-tri/orgs/officialprofile/",
        f"/quan-tri/orgs/officialprofile/{official.official.pk}/change/",
        "/quan-tri/orgs/user/",
        "/quan-tri/orgs/user/add/",
        f"/quan-tri/orgs/user/{official.pk}/change/",
        f"/quan-tri/orgs/user/{citizen.user.pk}/change/",
        f"/quan-tri/orgs/user/{business.user.pk}/change/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
    assert "Bộ phận Một cửa" in client.get(pages[3]).text, "departments inline"
    assert "Văn thư" in client.get(pages[9]).text, "roles shown on the account"
