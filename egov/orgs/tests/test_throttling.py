"""Login protection through the real login page: Axes locks an identity after 5 failures."""

import pytest
from django.conf import settings
from django.urls import reverse

from egov.orgs.services import citizen_register
from egov.orgs.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/dang-nhap/"


@pytest.fixture
def citizen():
    return citizen_register(phone="0912345678", password=PASSWORD, full_name="Đỗ Lan")


def _post(client, identifier, password):
    return client.post(LOGIN, {"username": identifier, "password": password})


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_the_settings_lock_after_five_failures_by_identity_and_address():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert reverse(settings.LOGIN_URL) == LOGIN


def test_five_wrong_passwords_lock_out_even_the_right_one(client, citizen):
    for _ in range(5):
        response = _post(client, "0912345678", "sai-mat-khau")
        assert not _logged_in(client)
    response = _post(client, "0912345678", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)


def test_alternate_spellings_share_one_counter(client, citizen):
    for identifier in ("0912345678", "+84912345678", "84912345678", "0912 345 678", "+84912345678"):
        _post(client, identifier, "sai-mat-khau")
    response = _post(client, "0912345678", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)


def test_a_success_resets_the_counter(client, citizen):
    for _ in range(4):
        _post(client, "0912345678", "sai-mat-khau")
    assert _post(client, "0912345678", PASSWORD).status_code == 302
    client.post("/dang-xuat/")
    for _ in range(4):
        _post(client, "0912345678", "sai-mat-khau")
    response = _post(client, "0912345678", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_another_identity_from_the_same_address_is_not_locked(client, citizen):
    for _ in range(5):
        _post(client, "0999999999", "sai-mat-khau")
    assert _post(client, "0912345678", PASSWORD).status_code == 302
