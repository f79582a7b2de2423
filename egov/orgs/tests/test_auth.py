import logging

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from egov.core.models import AuditEvent
from egov.orgs.auth import axes_username
from egov.orgs.login_methods import login_methods
from egov.orgs.services import citizen_register
from egov.orgs.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    return citizen_register(
        email="minh@example.vn", phone="0912345678", password=PASSWORD, full_name="Võ Minh"
    )


def _login(identifier, password=PASSWORD):
    request = RequestFactory().post("/dang-nhap/")
    return authenticate(request, username=identifier, password=password)


@pytest.mark.parametrize(
    "identifier",
    ["minh@example.vn", "MINH@Example.vn", "0912345678", "+84912345678", "+84 912 345 678"],
)
def test_login_by_email_or_phone(citizen, identifier):
    assert _login(identifier) == citizen


def test_login_by_username(make_official):
    official = make_official(username="canbo.xa")
    assert _login("canbo.xa") == official


def test_wrong_password_unknown_login_and_disabled_accounts_are_refused(citizen):
    assert _login("minh@example.vn", "sai-mat-khau") is None
    assert _login("nobody@example.vn") is None
    citizen.is_active = False
    citizen.save(update_fields=["is_active"])
    assert _login("minh@example.vn") is None


def test_a_failed_login_is_logged_and_audited(citizen, caplog):
    with caplog.at_level(logging.WARNING, logger="egov.orgs.login"):
        assert _login("+84912345678", "sai-mat-khau") is None
    event = AuditEvent.objects.get(action="login_failed")
    assert event.data["identifier"] == "0912345678"
    assert event.actor is None
    assert "login_failed" in caplog.text and "0912345678" in caplog.text
    assert "sai-mat-khau" not in caplog.text + str(event.data)


def test_axes_counts_one_identity_however_it_is_spelled():
    request = RequestFactory().post("/dang-nhap/", {"username": "+84 912 345 678"})
    assert axes_username(request, None) == "0912345678"
    assert axes_username(request, {"username": "Minh@Example.VN"}) == "minh@example.vn"


def test_password_login_is_always_offered_first(db):
    methods = login_methods()
    assert [m.name for m in methods] == ["password"]
    assert methods[0].url == "/dang-nhap/"


@override_settings(
    EGOV_LOGIN_METHODS=[
        {"name": "vneid", "label": "VNeID", "url": "https://sso.example.vn/auth"},
        {"name": "password", "label": "again", "url": "/x/"},
        {"name": "local-oidc", "label": "OIDC", "url": "accounts:profile"},
    ]
)
def test_configured_login_methods_follow_the_password_form(db):
    methods = login_methods()
    assert [(m.name, m.url) for m in methods] == [
        ("password", "/dang-nhap/"),
        ("vneid", "https://sso.example.vn/auth"),
        ("local-oidc", "/tai-khoan/"),
    ]


@pytest.mark.parametrize("entry", [{"name": "x"}, {"name": "x", "label": "X", "url": "no:such"}])
def test_a_misconfigured_login_method_is_reported(entry):
    with override_settings(EGOV_LOGIN_METHODS=[entry]), pytest.raises(ImproperlyConfigured):
        login_methods()
