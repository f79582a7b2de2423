from django.test import RequestFactory, override_settings

from egov.core.http import client_ip


def _request(xff: str | None = None):
    extra = {"REMOTE_ADDR": "10.0.0.2"}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert client_ip(_request("203.0.113.9")) == "10.0.0.2"


@override_settings(EGOV_TRUSTED_PROXY_COUNT=1)
def test_one_trusted_proxy_takes_the_address_it_saw():
    assert client_ip(_request("203.0.113.9")) == "203.0.113.9"
    # A client forging the header only adds entries on the left.
    assert client_ip(_request("1.2.3.4, 203.0.113.9")) == "203.0.113.9"


@override_settings(EGOV_TRUSTED_PROXY_COUNT=1)
def test_missing_header_falls_back_to_the_peer_address():
    assert client_ip(_request()) == "10.0.0.2"
    assert client_ip(None) == ""
