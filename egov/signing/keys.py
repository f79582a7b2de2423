"""Key and certificate material, free of the database: encryption of private keys at rest,
reading PKCS#12 files, and the demo CA. Everything here works on ``cryptography`` objects.

Keys at rest are encrypted with ``EGOV_SIGNING_KEY``; while it is being rotated, the keys in
``EGOV_SIGNING_KEY_PREVIOUS`` (comma-separated) still decrypt, until ``rotate_encrypted``
has re-encrypted every stored key with the current one (``egov signing_rotate_key``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The mark every certificate made by egov's own CA carries in its subject.
DEMO_MARK = "NOT TRUSTED – egov demo CA"
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def _fernet() -> MultiFernet:
    """Encrypts with the current key; decrypts with it or any previous one."""
    key = getattr(settings, "EGOV_SIGNING_KEY", "")
    if not key:
        raise ImproperlyConfigured("EGOV_SIGNING_KEY is not set: private keys cannot be used.")
    previous = str(getattr(settings, "EGOV_SIGNING_KEY_PREVIOUS", "") or "")
    try:
        return MultiFernet(
            [Fernet(k) for k in [key, *(p.strip() for p in previous.split(","))] if k]
        )
    except ValueError as exc:
        raise ImproperlyConfigured(
            "EGOV_SIGNING_KEY and EGOV_SIGNING_KEY_PREVIOUS must be Fernet keys."
        ) from exc


def encrypt_private_key(key: PrivateKey) -> str:
    """The key as an encrypted token (PKCS#8 DER inside Fernet), safe to store in a column."""
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return _fernet().encrypt(der).decode("ascii")


def decrypt_private_key(token: str) -> PrivateKey:
    """Raises ValueError when the token was not made with the configured key."""
    try:
        der = _fernet().decrypt(token.encode("ascii"))
    except InvalidToken as exc:
        raise ValueError("The private key cannot be decrypted with EGOV_SIGNING_KEY.") from exc
    # The key is one egov made or imported and then encrypted with its own key: checking it
    # again on every use (RSA's costly consistency checks) would only slow each signature.
    key = serialization.load_der_private_key(
        der, password=None, unsafe_skip_rsa_key_validation=True
    )
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError("Unsupported private key type.")
    return key


def rotate_encrypted(token: str) -> str:
    """The same key encrypted with the current EGOV_SIGNING_KEY (from a previous one or it).
    Raises ValueError when no configured key can decrypt it."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise ValueError(
            "The private key cannot be decrypted with EGOV_SIGNING_KEY or "
            "EGOV_SIGNING_KEY_PREVIOUS."
        ) from exc


@dataclass(frozen=True)
class CertificateFacts:
    """What egov shows and stores about a certificate."""

    subject: str
    issuer: str
    common_name: str
    organisation: str
    serial_number: str
    not_before: dt.datetime
    not_after: dt.datetime
    fingerprint: str
    is_authority: bool


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def facts(cert: x509.Certificate) -> CertificateFacts:
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
        is_authority = constraints.ca
    except x509.ExtensionNotFound:
        is_authority = False
    return CertificateFacts(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        common_name=_attribute(cert.subject, NameOID.COMMON_NAME),
        organisation=_attribute(cert.subject, NameOID.ORGANIZATION_NAME),
        serial_number=f"{cert.serial_number:x}",
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        fingerprint=hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest(),
        is_authority=is_authority,
    )


def chain_to_pem(chain: list[x509.Certificate]) -> str:
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in chain)


def pem_to_chain(text: str) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(text.encode("ascii"))


@dataclass(frozen=True)
class Pkcs12Content:
    key: PrivateKey
    certificate: x509.Certificate
    extra: list[x509.Certificate]


def read_pkcs12(data: bytes, password: str) -> Pkcs12Content:
    """Raises ValueError for a damaged file, a wrong password or a file without key or cert."""
    loaded = pkcs12.load_pkcs12(data, password.encode("utf-8") or None)
    key = loaded.key
    if loaded.cert is None or key is None:
        raise ValueError("The file holds no certificate with its private key.")
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError("Unsupported private key type.")
    if loaded.cert.certificate.public_key() != key.public_key():
        raise ValueError("The private key does not belong to the certificate.")
    return Pkcs12Content(
        key, loaded.cert.certificate, [c.certificate for c in loaded.additional_certs]
    )


def write_pkcs12(key: PrivateKey, chain: list[x509.Certificate], password: str) -> bytes:
    """A PKCS#12 file (for tests and for handing a demo certificate to a desktop signer)."""
    return pkcs12.serialize_key_and_certificates(
        b"egov",
        key,
        chain[0],
        chain[1:] or None,
        serialization.BestAvailableEncryption(password.encode("utf-8")),
    )


def _new_key() -> rsa.RSAPrivateKey:
    # RSA, not EC: every validator in use in Vietnam (and poppler) accepts it.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_demo_ca(*, now: dt.datetime, days: int = 3650) -> tuple[PrivateKey, x509.Certificate]:
    key = _new_key()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_MARK),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{DEMO_MARK} {now:%Y%m%d%H%M%S}"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def make_demo_certificate(
    ca_key: PrivateKey,
    ca_cert: x509.Certificate,
    *,
    common_name: str,
    organisation: str,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> tuple[PrivateKey, x509.Certificate]:
    """A signing certificate from the demo CA, marked as not trusted in its OU."""
    key = _new_key()
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attributes += [
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_MARK),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert
