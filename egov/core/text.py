"""Text normalisation for diacritic- and case-insensitive search in Vietnamese.

Search compares a normalised copy of the text with a normalised query, so the same rule
holds on SQLite and PostgreSQL without database extensions.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics and map đ to d: "Đăng ký" -> "dang ky"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.casefold()).strip()
