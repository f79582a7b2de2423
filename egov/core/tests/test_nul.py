"""``egov.core.nul``: a NUL in the path, the query string or a form or JSON body is refused."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.test import RequestFactory

from egov.core.nul import nul_refusal

factory = RequestFactory()
FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    "request_",
    [
        factory.get("/api/v1/x", {"q": "a\x00b"}),
        factory.get("/api/v1/x", {"a\x00": "1"}),
        factory.get("/api/v1/x\x00"),
        factory.post("/api/v1/x", urlencode({"name": "Lan\x00"}), FORM),
        factory.post("/api/v1/x", json.dumps({"a": ["ok", {"b": "x\x00"}]}), "application/json"),
        factory.post("/api/v1/x", json.dumps({"k\x00": 1}), "application/json"),
    ],
    ids=["query value", "query name", "path", "form", "json value", "json key"],
)
def test_a_nul_anywhere_is_refused(request_) -> None:
    refusal = nul_refusal(request_)
    assert refusal is not None
    assert refusal.code == "nul_character"
    assert refusal.http_status == 400


@pytest.mark.parametrize(
    "request_",
    [
        factory.get("/api/v1/x", {"q": "đăng ký khai sinh", "page": "2"}),
        factory.post("/api/v1/x", urlencode({"name": "Lan"}), FORM),
        # The six characters \u0000 as text (an escaped backslash), not a NUL.
        factory.post("/api/v1/x", json.dumps({"a": "\\u0000"}), "application/json"),
        factory.post("/api/v1/x", b'{"broken": "\\u0000', "application/json"),
        factory.get("/"),
    ],
    ids=["query", "form", "escaped text", "not json", "plain get"],
)
def test_ordinary_requests_pass(request_) -> None:
    assert nul_refusal(request_) is None


def test_a_multipart_upload_is_not_read(tmp_path) -> None:
    upload = tmp_path / "scan.pdf"
    upload.write_bytes(b"%PDF-1.7\n\x00\x00binary")
    with upload.open("rb") as handle:
        request = factory.post("/api/v1/x", {"file": handle, "note": "x"})
    assert nul_refusal(request) is None
    assert not hasattr(request, "_post")  # the body was left for the view to parse
