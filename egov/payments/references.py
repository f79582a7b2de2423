"""Finding a payment reference ("EG" + ten Crockford symbols) in a bank transfer's
description, which banks upper-case, cut, prefix and punctuate as they like."""

from __future__ import annotations

import re

_SYMBOLS = "0-9A-HJKMNP-TV-Z"
_EXACT = re.compile(rf"(?<![0-9A-Z])EG[{_SYMBOLS}]{{10}}(?![0-9A-Z])")
_LOOSE = re.compile(rf"EG[{_SYMBOLS}]{{10}}")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def candidates(description: str) -> list[str]:
    """References the description may carry, the likeliest first: standing alone, then
    inside longer words, then with separators removed ("EG12-34 56…")."""
    text = description.upper()
    found: list[str] = []
    squeezed = _NOT_ALNUM.sub("", text)
    for match in [*_EXACT.findall(text), *_LOOSE.findall(text), *_LOOSE.findall(squeezed)]:
        if match not in found:
            found.append(match)
    return found
