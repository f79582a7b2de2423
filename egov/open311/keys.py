"""API keys of partner applications: random, shown once, stored as a SHA-256 hash.

A key carries 256 random bits, so a plain hash is enough to keep it safe at rest (no salt
or slow hash is needed against guessing), and it lets a request find its client by an
indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets

KEY_BYTES = 32


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
