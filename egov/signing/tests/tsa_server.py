"""A real RFC 3161 timestamp server over HTTP for the tests: ``http.server`` in a thread,
answering ``application/timestamp-query`` with tokens made by pyHanko's own test
timestamper, signed by a TSA certificate that egov's local CA issues."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from egov.signing import keys
from egov.signing.models import Certificate


def issue_tsa_certificate(ca: Certificate) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A time-stamping certificate (critical EKU timeStamping) from a demo CA."""
    ca_key = keys.decrypt_private_key(ca.private_key_encrypted)
    [ca_cert] = keys.pem_to_chain(ca.chain_pem)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                    x509.NameAttribute(NameOID.COMMON_NAME, "egov test TSA"),
                ]
            )
        )
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    return key, cert


@dataclass
class TsaServer:
    url: str
    content_types: list[str] = field(default_factory=list)
    granted: int = 0


def _timestamper(key: rsa.RSAPrivateKey, cert: x509.Certificate) -> DummyTimeStamper:
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(der_key),
    )


@contextmanager
def running_tsa(key: rsa.RSAPrivateKey, cert: x509.Certificate) -> Iterator[TsaServer]:
    """Serve timestamps on 127.0.0.1 (a free port) until the block ends."""
    timestamper = _timestamper(key, cert)
    lock = threading.Lock()
    state = TsaServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            content_type = self.headers.get("Content-Type", "")
            with lock:
                state.content_types.append(content_type)
            if content_type != "application/timestamp-query":
                self.send_error(415, "Expected application/timestamp-query")
                return
            try:
                request = tsp.TimeStampReq.load(body)
                reply = timestamper.request_tsa_response(request).dump()
            except ValueError:
                self.send_error(400, "Not a timestamp request")
                return
            with lock:
                state.granted += 1
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/tsa"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
