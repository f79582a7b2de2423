"""Whether a certificate chain leads to one of the configured roots (signatures only; dates
and revocation are judged separately)."""

from __future__ import annotations

from collections.abc import Iterable

from cryptography import x509
from cryptography.exceptions import InvalidSignature

_MAX_DEPTH = 8


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def chains_to(chain: list[x509.Certificate], roots: Iterable[x509.Certificate]) -> bool:
    """Whether ``chain[0]`` reaches a root through certificates of ``chain``."""
    roots = list(roots)
    if not chain or not roots:
        return False
    current = chain[0]
    for _step in range(_MAX_DEPTH):
        if current in roots or any(_issued_by(current, root) for root in roots):
            return True
        issuer = next((c for c in chain if c != current and _issued_by(current, c)), None)
        if issuer is None:
            return False
        current = issuer
    return False
