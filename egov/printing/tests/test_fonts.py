"""The embedded font has every Vietnamese letter, and the letters survive the PDF."""

from __future__ import annotations

import unicodedata

import pytest
from fontTools.ttLib import TTFont

from egov.printing.fonts import font_files
from egov.printing.layout import FormPDF

from . import pdfcheck

BASES = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang huyền sắc hỏi ngã nặng


def vietnamese_letters() -> list[str]:
    letters = [
        unicodedata.normalize("NFC", base + tone)
        for base in BASES + BASES.upper()
        for tone in TONES
    ]
    return [*letters, "đ", "Đ"]


def test_there_are_146_precomposed_letters() -> None:
    letters = vietnamese_letters()
    assert len(set(letters)) == 146
    assert all(len(letter) == 1 for letter in letters)


@pytest.mark.parametrize("style", ["", "B", "I"])
def test_every_letter_with_every_tone_has_a_glyph(style: str) -> None:
    cmap = TTFont(font_files()[style]).getBestCmap()
    missing = [letter for letter in vietnamese_letters() if ord(letter) not in cmap]
    assert missing == []


@pytest.mark.parametrize("style", ["", "B", "I"])
def test_every_letter_comes_back_out_of_the_pdf(style: str) -> None:
    words = " ".join("".join(vietnamese_letters()[i : i + 6]) for i in range(0, 146, 6))
    pdf = FormPDF(title="Kiểm tra phông chữ")
    pdf.paragraph(words, style=style, align="L")
    rendered = pdf.render()
    assert b"/FontFile2" in rendered  # the TrueType program is embedded, not referenced
    assert pdfcheck.text(rendered) == words


def test_decomposed_input_is_printed_with_its_marks() -> None:
    name = "Nguyễn Thị Ánh Tuyết"
    pdf = FormPDF(title="NFD")
    pdf.paragraph(unicodedata.normalize("NFD", name))
    assert name in pdfcheck.text(pdf.render())
