"""RFC 3161 timestamps from a real HTTP timestamp server (EGOV_TSA_URL): the signature
carries the token, verification reports the server's time, and a server that cannot be
reached, times out or answers nonsense is a clear refusal."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from egov.core.errors import ValidationFailed
from egov.core.models import AuditEvent
from egov.signing import services
from egov.signing.pdf import Appearance, sign_pdf
from egov.signing.tests.tsa_server import TsaServer, issue_tsa_certificate, running_tsa
from egov.signing.verify import verify_pdf


@pytest.fixture
def tsa(demo_ca, settings) -> Iterator[TsaServer]:
    """A timestamp server whose certificate the (trusted) demo CA issued."""
    key, cert = issue_tsa_certificate(demo_ca)
    with running_tsa(key, cert) as server:
        settings.EGOV_TSA_URL = server.url
        yield server


def sign(pdf: bytes, certificate, actor) -> bytes:
    return sign_pdf(
        pdf,
        certificate=certificate,
        actor=actor,
        reason="Phê duyệt",
        location="Xã Tân Phú",
        field_name="ChuKy",
        appearance=Appearance.personal(),
    )


def signature_timestamp_tokens(pdf: bytes) -> list[object]:
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    tokens = []
    for embedded in reader.embedded_regular_signatures:
        unsigned = embedded.signer_info["unsigned_attrs"].native or []
        tokens += [a for a in unsigned if a["type"] == "signature_time_stamp_token"]
    return tokens


def test_a_signature_carries_the_servers_timestamp(
    tsa, unsigned_pdf, leader, personal_cert
) -> None:
    before = timezone.now() - dt.timedelta(seconds=1)
    signed = sign(unsigned_pdf, personal_cert, leader)
    after = timezone.now() + dt.timedelta(seconds=1)

    assert len(signature_timestamp_tokens(signed)) == 1
    assert tsa.granted >= 1
    assert set(tsa.content_types) == {"application/timestamp-query"}
    report = verify_pdf(signed)
    [only] = report.signatures
    assert report.valid
    assert only.timestamped
    assert only.timestamped_at is not None
    assert before <= only.timestamped_at <= after
    public = report.as_dict()
    item = public["signatures"][0]
    assert {"signer", "organisation", "signed_at", "intact", "trusted", "revoked"} <= set(item)
    assert item["timestamped_at"] == timezone.localtime(only.timestamped_at).isoformat(
        timespec="seconds"
    )
    assert item["timestamped_at"].endswith("+07:00")


def test_without_a_server_there_is_no_timestamp(db, settings, unsigned_pdf, leader, personal_cert):
    settings.EGOV_TSA_URL = ""
    signed = sign(unsigned_pdf, personal_cert, leader)
    assert signature_timestamp_tokens(signed) == []
    [only] = verify_pdf(signed).signatures
    assert not only.timestamped
    assert only.timestamped_at is None
    assert verify_pdf(signed).as_dict()["signatures"][0]["timestamped_at"] is None


def test_a_timestamp_from_an_untrusted_server_gives_no_time(
    settings, unsigned_pdf, leader, personal_cert
) -> None:
    stranger = services.local_ca_create(actor=None, trust=False)
    key, cert = issue_tsa_certificate(stranger)
    with running_tsa(key, cert) as server:
        settings.EGOV_TSA_URL = server.url
        signed = sign(unsigned_pdf, personal_cert, leader)
    assert len(signature_timestamp_tokens(signed)) == 1
    [only] = verify_pdf(signed).signatures
    assert only.timestamped
    assert only.timestamped_at is None
    assert only.intact and only.trusted


def refusal(settings, url: str, pdf: bytes, certificate, actor) -> ValidationFailed:
    settings.EGOV_TSA_URL = url
    with pytest.raises(ValidationFailed) as refused:
        sign(pdf, certificate, actor)
    assert not AuditEvent.objects.filter(action="signing_certificate_used").exists()
    return refused.value


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_server_is_a_clear_refusal(settings, unsigned_pdf, leader, personal_cert):
    url = f"http://127.0.0.1:{free_port()}/tsa"
    refused = refusal(settings, url, unsigned_pdf, personal_cert, leader)
    assert refused.code == "signing_failed"
    assert refused.http_status == 400
    assert url in str(refused.message)


@pytest.fixture
def odd_server() -> Iterator[dict[str, object]]:
    """An HTTP server answering as ``behaviour`` says: an error, HTML, or nothing."""
    behaviour: dict[str, object] = {"mode": "error"}
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if behaviour["mode"] == "silent":
                release.wait(30)
                return
            if behaviour["mode"] == "error":
                self.send_error(503, "Down for maintenance")
                return
            body = b"<html>not a timestamp</html>"
            self.send_response(200)
            self.send_header("Content-Type", str(behaviour["mode"]))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    behaviour["url"] = f"http://127.0.0.1:{server.server_address[1]}/tsa"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield behaviour
    release.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.mark.parametrize(
    ("mode", "says"),
    [
        ("error", "503"),
        ("text/html", ""),
        ("application/timestamp-reply", ""),  # the right type, but not DER
    ],
)
def test_a_server_answering_nonsense_is_a_clear_refusal(
    settings, odd_server, mode, says, unsigned_pdf, leader, personal_cert
) -> None:
    odd_server["mode"] = mode
    url = str(odd_server["url"])
    refused = refusal(settings, url, unsigned_pdf, personal_cert, leader)
    assert refused.code == "signing_failed"
    assert url in str(refused.message)
    assert says in str(refused.message)


def test_a_silent_server_times_out_into_a_refusal(
    settings, odd_server, unsigned_pdf, leader, personal_cert
) -> None:
    odd_server["mode"] = "silent"
    settings.EGOV_TSA_TIMEOUT = 0.5
    refused = refusal(settings, str(odd_server["url"]), unsigned_pdf, personal_cert, leader)
    assert refused.code == "signing_failed"
    assert str(odd_server["url"]) in str(refused.message)
