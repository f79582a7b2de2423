"""The typeface every printed form embeds: Crimson Text, from the PyPI package
``fontpkg-crimson-text`` (OFL-1.1, the Google Fonts files redistributed unmodified).

Why this one:

- Vietnamese forms are set in Times New Roman (Decree 30/2020 Annex I), which is proprietary
  and may not be on the server; Crimson Text is a free serif of the same book-face kind.
- Its Google Fonts build covers the ``vietnamese`` subset: every letter of
  ``a ă â e ê i o ô ơ u ư y`` in both cases with all five tone marks, and ``đ Đ``
  (``tests/test_fonts.py`` checks each code point in the regular, bold and italic files).
- It ships *static* regular, bold and italic TTFs. Variable fonts (Noto Serif, Source
  Serif 4, Lora from the same packager) must be instanced by fontTools before fpdf2 can
  embed them, which took 2 to 15 seconds per document here; static files take milliseconds.
- It is the smallest candidate: a 350 kB wheel, against about 1 MB for Be Vietnam Pro (a
  sans serif, less usual on official paper), 2.5 MB for Noto Serif, and matplotlib (which
  bundles DejaVu) pulls in numpy. ``ttf-opensans`` and ``font-roboto`` have had no release
  since 2020 and 2019.

The files are read from the installed package, so nothing is downloaded at run time and no
font is committed to this repository. fpdf2 embeds only the glyphs a document uses.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FAMILY = "CrimsonText"
PACKAGE = "fontpkg_crimson_text"
_FILES = {"": "CrimsonText-Regular.ttf", "B": "CrimsonText-Bold.ttf", "I": "CrimsonText-Italic.ttf"}


def font_files() -> dict[str, Path]:
    """fpdf2 style ("", "B", "I") -> path of the TTF inside the installed package."""
    root = resources.files(PACKAGE).joinpath("files")
    return {style: Path(str(root.joinpath(name))) for style, name in _FILES.items()}
