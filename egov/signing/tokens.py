"""Private keys on hardware tokens (PKCS#11): the USB token of a Vietnamese CA, or an HSM.

The vendor's PKCS#11 module comes from ``EGOV_PKCS11_MODULE``; a certificate names its token
and key by label; the user PIN comes from an environment variable named after the token
(``pin_variable``) and is never stored. Each signature opens a session, logs in, signs and
closes, one at a time per token: a USB token does one operation at a time, and PKCS#11 login
state is shared by every session of a process, so two overlapping logins would clash.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.conf import settings
from django.utils.translation import gettext
from pkcs11 import Attribute, ObjectClass
from pkcs11 import exceptions as p11_errors
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign.pkcs11 import open_pkcs11_session, select_pkcs11_signing_params
from pyhanko.sign.signers import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore

from egov.core.errors import ValidationFailed
from egov.core.text import fold

logger = logging.getLogger(__name__)

PIN_PREFIX = "EGOV_PKCS11_PIN_"
# PKCS#11 pads token labels to 32 bytes.
TOKEN_LABEL_MAX = 32
# Room reserved for the signature before it is made (pyHanko's own PKCS#11 signer does so).
_SIGNATURE_ROOM = 512
# Every RSA token offers the raw mechanism (CKM_RSA_PKCS); not all offer the hashing ones
# (CKM_SHA256_RSA_PKCS), so egov hashes and the token only signs. Same for ECDSA.
_RAW_ALGORITHMS = frozenset({"rsassa_pkcs1v15", "ecdsa"})
_PIN_ERRORS = (
    p11_errors.PinIncorrect,
    p11_errors.PinInvalid,
    p11_errors.PinLenRange,
    p11_errors.PinExpired,
    p11_errors.PinLocked,
)

_locks: dict[tuple[str, str], threading.Lock] = {}
_locks_guard = threading.Lock()


def pin_variable(token_label: str) -> str:
    """``EGOV_PKCS11_PIN_`` and the label in capitals, other characters as ``_``:
    "VNPT-CA Nguyễn Văn A" -> EGOV_PKCS11_PIN_VNPT_CA_NGUYEN_VAN_A."""
    name = re.sub(r"[^A-Z0-9]+", "_", fold(token_label).upper()).strip("_")
    return PIN_PREFIX + (name or "TOKEN")


def _module() -> str:
    module = str(getattr(settings, "EGOV_PKCS11_MODULE", "") or "")
    if not module:
        raise ValidationFailed(
            gettext(
                "Signing with a hardware token (PKCS#11) is not configured on this server "
                "(EGOV_PKCS11_MODULE)."
            ),
            code="pkcs11_unavailable",
        )
    return module


def _pin(token_label: str) -> str:
    variable = pin_variable(token_label)
    pin = os.environ.get(variable, "")
    if not pin:
        raise ValidationFailed(
            gettext(
                "The PIN of the token %(token)s is not set on this server "
                "(environment variable %(variable)s)."
            )
            % {"token": token_label, "variable": variable},
            code="pkcs11_pin_missing",
        )
    return pin


def _lock(module: str, token_label: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault((module, token_label), threading.Lock())


@contextmanager
def _session(token_label: str) -> Iterator[Any]:
    """A logged-in session on the token, alone on it until the block ends."""
    module, pin = _module(), _pin(token_label)
    with _lock(module, token_label):
        try:
            session = open_pkcs11_session(
                module, token_criteria=TokenCriteria(label=token_label), user_pin=pin
            )
        except _PIN_ERRORS as exc:
            raise ValidationFailed(
                gettext("The token %(token)s refused the PIN (%(error)s).")
                % {"token": token_label, "error": type(exc).__name__},
                code="pkcs11_pin_refused",
            ) from exc
        except p11_errors.PKCS11Error as exc:  # no module, token not plugged in, device error
            raise ValidationFailed(
                gettext("The token %(token)s cannot be opened: %(error)s")
                % {"token": token_label, "error": str(exc) or type(exc).__name__},
                code="pkcs11_token_unavailable",
            ) from exc
        try:
            yield session
        except p11_errors.PKCS11Error as exc:
            raise ValidationFailed(
                gettext("The token %(token)s failed: %(error)s")
                % {"token": token_label, "error": str(exc) or type(exc).__name__},
                code="pkcs11_failed",
            ) from exc
        finally:
            try:
                session.close()
            except p11_errors.PKCS11Error:  # a token pulled out mid-way; nothing to undo
                logger.warning("Closing the session on token %s failed", token_label)


def _private_key(session: Any, token_label: str, key_label: str) -> Any:
    keys = list(
        session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.LABEL: key_label})
    )
    if len(keys) != 1:
        raise ValidationFailed(
            gettext("The token %(token)s holds %(count)s private keys labelled %(key)s.")
            % {"token": token_label, "count": len(keys), "key": key_label},
            code="pkcs11_key_missing",
        )
    return keys[0]


def _raw_sign(key: Any, signer: Signer, data: bytes, digest_algorithm: str) -> bytes:
    mechanism = signer.get_signature_mechanism_for_digest(digest_algorithm)
    spec = select_pkcs11_signing_params(
        mechanism,
        digest_algorithm,
        use_raw_mechanism=mechanism.signature_algo in _RAW_ALGORITHMS,
        sign_kwargs={},
    )
    if spec.pre_sign_transform is not None:
        data = spec.pre_sign_transform(data)
    signature: bytes = key.sign(data, **spec.sign_kwargs)
    if spec.post_sign_transform is not None:
        signature = spec.post_sign_transform(signature)
    return signature


class TokenSigner(Signer):
    """Signs on the token; the certificates come from egov's database, not from the token."""

    def __init__(
        self, *, token_label: str, key_label: str, chain: list[asn1_x509.Certificate]
    ) -> None:
        super().__init__(
            signing_cert=chain[0],
            cert_registry=SimpleCertificateStore.from_certs(chain[1:]),  # type: ignore[no-untyped-call]
        )
        self.token_label = token_label
        self.key_label = key_label

    def sign_on_token(self, data: bytes, digest_algorithm: str) -> bytes:
        with _session(self.token_label) as session:
            key = _private_key(session, self.token_label, self.key_label)
            return _raw_sign(key, self, data, digest_algorithm)

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:
            return bytes(_SIGNATURE_ROOM)
        return await asyncio.to_thread(self.sign_on_token, data, digest_algorithm.lower())


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def token_signer(*, token_label: str, key_label: str, chain: list[x509.Certificate]) -> TokenSigner:
    """A signer for a key on a token; refuses at once when the module or PIN is missing."""
    _module()
    _pin(token_label)
    return TokenSigner(
        token_label=token_label, key_label=key_label, chain=[_asn1(c) for c in chain]
    )


def _chain_from(leaf: x509.Certificate, others: list[x509.Certificate]) -> list[x509.Certificate]:
    """The leaf, then its issuers found among the token's other certificates."""
    chain = [leaf]
    while len(chain) <= len(others):
        current = chain[-1]
        if current.issuer == current.subject:
            break
        issuer = next((c for c in others if c.subject == current.issuer and c not in chain), None)
        if issuer is None:
            break
        chain.append(issuer)
    return chain


def _proves_possession(cert: x509.Certificate, signature: bytes, challenge: bytes) -> bool:
    public = cert.public_key()
    try:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(signature, challenge, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except InvalidSignature:
        return False
    return True


def read_certificate(*, token_label: str, key_label: str) -> list[x509.Certificate]:
    """The certificate of the key ``key_label`` (same CKA_ID, else same label) with its issuers
    from the token, after the key has signed a challenge the certificate verifies."""
    with _session(token_label) as session:
        key = _private_key(session, token_label, key_label)
        key_id = key[Attribute.ID]
        found = [
            (obj[Attribute.ID], obj[Attribute.LABEL], obj[Attribute.VALUE])
            for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
        ]
        mine = [value for cert_id, _label, value in found if key_id and cert_id == key_id]
        mine = mine or [value for _id, label, value in found if label == key_label]
        if len(mine) != 1:
            raise ValidationFailed(
                gettext("The token %(token)s holds no single certificate for the key %(key)s.")
                % {"token": token_label, "key": key_label},
                code="pkcs11_certificate_missing",
            )
        leaf = x509.load_der_x509_certificate(mine[0])
        others = [x509.load_der_x509_certificate(v) for _i, _l, v in found if v != mine[0]]
        challenge = secrets.token_bytes(32)
        probe = TokenSigner(token_label=token_label, key_label=key_label, chain=[_asn1(leaf)])
        signature = _raw_sign(key, probe, challenge, "sha256")
    if not _proves_possession(leaf, signature, challenge):
        raise ValidationFailed(
            gettext("The key %(key)s on the token does not belong to its certificate.")
            % {"key": key_label},
            code="pkcs11_key_mismatch",
        )
    return _chain_from(leaf, others)
