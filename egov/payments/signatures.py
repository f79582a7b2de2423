"""HMAC-SHA256 signatures over named fields, as the payment gateway protocol documents them
(``methods.gateway``). Standard library only: the gateway simulator (``paysim``) signs and
checks with the same code, without Django.

The signed text is every listed field as ``name=value``, sorted by name, joined by ``&``,
values as sent (UTF-8, not URL-encoded); the signature is the lowercase hex digest.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping


def canonical(fields: Mapping[str, object], names: Iterable[str]) -> str:
    """The text that is signed: ``a=1&b=2`` over ``names`` (missing fields count as empty)."""
    return "&".join(f"{name}={_text(fields.get(name))}" for name in sorted(names))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def sign(secret: str, fields: Mapping[str, object], names: Iterable[str]) -> str:
    message = canonical(fields, names).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify(secret: str, fields: Mapping[str, object], names: Iterable[str]) -> bool:
    """Whether ``fields["signature"]`` signs ``names`` with ``secret`` (constant time)."""
    given = _text(fields.get("signature")).strip().lower()
    if not secret or not given:
        return False
    return hmac.compare_digest(given, sign(secret, fields, names))


def sign_body(secret: str, body: bytes) -> str:
    """The signature of a raw request body (the bank's notification)."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_body(secret: str, body: bytes, signature: str) -> bool:
    if not secret or not signature:
        return False
    return hmac.compare_digest(signature.strip().lower(), sign_body(secret, body))
