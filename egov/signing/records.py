"""Verification codes of issued documents: made, typed back, shown and linked.

A code is 12 symbols of Crockford's base32 (60 random bits): digits and capitals without
I, L, O and U, so that what a citizen reads off paper can be typed back. It is stored without
dashes and shown in groups of four ("7KQ2-M9XD-4HTP"); typing it back tolerates dashes,
spaces, lower case and the confusions Crockford allows (O for 0, I and L for 1).
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
GROUP = 4
# The public page of a code; egov.signing.urls routes the same prefix.
PATH_PREFIX = "/xac-thuc/"

_CODE_RE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")
_SEPARATORS = re.compile(r"[\s\-_.]+")
_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_verification_code() -> str:
    """A fresh random code (normalised form); uniqueness is the register's concern."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """The stored form of what someone typed; may still be invalid (see ``is_valid_code``)."""
    return _SEPARATORS.sub("", text).upper().translate(_CONFUSIONS)


def is_valid_code(code: str) -> bool:
    """Whether ``code`` is a well-formed code in normalised form."""
    return bool(_CODE_RE.match(code))


def display_code(code: str) -> str:
    """Groups of four joined by dashes, as printed on the document."""
    code = normalise_code(code)
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def verification_path(code: str) -> str:
    return f"{PATH_PREFIX}{normalise_code(code)}/"


def verification_url(code: str) -> str:
    """The absolute address printed as QR on the document (``EGOV_SITE_URL`` + path)."""
    return f"{settings.EGOV_SITE_URL}{verification_path(code)}"
