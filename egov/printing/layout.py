"""The page of a Vietnamese administrative form (Decree 30/2020 Annex I, scaled to A5).

``FormPDF`` draws the standard parts in order: the two-column header (managing body and
agency on the left, the national name and motto on the right), the number and the place and
date, the title, body text, key/value lines, tables whose headings repeat on every page,
signature blocks and a QR code with its URL printed beneath. Pages after the first carry
their number at the top centre, as Decree 30 asks.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from .fonts import FAMILY, font_files

A5 = (148.0, 210.0)
A4 = (210.0, 297.0)
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SIGN_NOTE = "(Ký, ghi rõ họ tên)"

# fpdf2 subsets fonts with fontTools, which logs some thirty INFO lines per document.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def url_line(url: str) -> str:
    return f"Tra cứu hồ sơ: {url}"


# The verification band at the foot of the last page of an issued document (A5): the QR code
# of its verification page, the code in words, and the boxes its digital signatures fill.
# The boxes sit at fixed places so that whoever signs later knows where, without reading
# the PDF back: ``signature_box`` gives them in PDF points.
BAND_HEIGHT = 24.0
_BAND_QR = 21.0
_BAND_TEXT_WIDTH = 30.0
_BOX_HEIGHT = 20.0
# (left, width) in mm of each signature box on A5; a document signed by a person too keeps
# the right-hand box for the person (where a signer's block stands) and moves the agency's
# to its left, as Decree 30/2020 puts the seal beside the signature.
_BOXES = {
    (False, "agency"): (80.0, 59.0),
    (True, "agency"): (66.0, 35.0),
    (True, "person"): (102.0, 37.0),
}
_PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Verification:
    """What makes a printed document checkable online: ``code`` as printed ("7KQ2-M9XD-4HTP"),
    ``url`` of its verification page (as QR and in words). ``with_person`` keeps a box for a
    person's signature beside the agency's. A box whose signature will not come carries its
    note instead (``agency_note``, ``person_note``), so the paper says why it is unsigned."""

    code: str
    url: str
    with_person: bool = False
    agency_note: str = ""
    person_note: str = ""


def signature_box(slot: str, *, with_person: bool = False) -> tuple[int, int, int, int]:
    """The box (x1, y1, x2, y2 in PDF points, origin bottom left) of ``slot`` ("agency" or
    "person") in the verification band of an A5 page."""
    left, width = _BOXES[(with_person, slot)]
    top = A5[1] - _A5_MARGINS[1] - BAND_HEIGHT + 2.5
    bottom = top + _BOX_HEIGHT
    return (
        round(left * _PT_PER_MM),
        round((A5[1] - bottom) * _PT_PER_MM),
        round((left + width) * _PT_PER_MM),
        round((A5[1] - top) * _PT_PER_MM),
    )


def nfc(text: str) -> str:
    # Fonts map precomposed letters; decomposed input ("e" + U+0301) would lose its marks.
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Signer:
    """One signature block: "NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký, ghi rõ họ tên)", then the name."""

    position: str
    name: str = ""
    note: str = SIGN_NOTE


@dataclass(frozen=True)
class Head:
    """A table heading cell; spans let a heading group several columns."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class _Sizes:
    body: float
    small: float
    header: float
    title: float
    line: float


# Left, top (= bottom) and right margins in mm.
_A5_MARGINS = (13.0, 10.0, 9.0)
_A4_MARGINS = (15.0, 12.0, 12.0)
_A5_SIZES = _Sizes(body=11, small=7, header=9.5, title=12.5, line=5.2)
_A4_SIZES = _Sizes(body=12, small=8, header=11.5, title=14, line=5.8)


class FormPDF(FPDF):
    """An A5 portrait form (forms 01–06) or, with ``a4_landscape``, the A4 tracking book."""

    def __init__(self, *, title: str, a4_landscape: bool = False) -> None:
        super().__init__(
            orientation="L" if a4_landscape else "P", unit="mm", format=A4 if a4_landscape else A5
        )
        self.sizes = _A4_SIZES if a4_landscape else _A5_SIZES
        left, top, right = _A4_MARGINS if a4_landscape else _A5_MARGINS
        self.set_margins(left, top, right)
        self.set_auto_page_break(True, margin=top)
        for style, path in font_files().items():
            self.add_font(FAMILY, style, str(path))
        self.set_font(FAMILY, size=self.sizes.body)
        self.set_line_width(0.25)
        self.set_title(nfc(title))
        self.set_lang("vi")
        self.set_creator("egov")
        self.add_page()

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FAMILY, size=self.sizes.small + 1)
            self.set_xy(self.l_margin, self.t_margin / 2 - 1)
            self.cell(self.epw, 3, str(self.page_no()), align="C")
            self.set_y(self.t_margin)

    # Blocks -----------------------------------------------------------------------------

    def agency_header(
        self, *, managing_body: str, agency: str, number: str = "", place_date: str = ""
    ) -> None:
        """Header columns, then "Số: …" under the agency and the place and date on the right."""
        size = self.sizes.header
        self.set_font(FAMILY, "B", size)
        right_w = max(self.get_string_width(NATION) + 4, self.epw * 0.55)
        left_w = self.epw - right_w
        x_left, x_right, top = self.l_margin, self.l_margin + left_w, self.y
        line_h = size * 0.45

        self.set_xy(x_left, top)
        if managing_body:
            self.set_font(FAMILY, "", size)
            self._centred(nfc(managing_body.upper()), left_w, line_h)
        self.set_font(FAMILY, "B", size)
        self._centred(nfc(agency.upper()), left_w, line_h)
        rule = min(left_w * 0.4, 30.0)
        self._rule(x_left + (left_w - rule) / 2, rule)
        left_bottom = self.y

        self.set_xy(x_right, top)
        self._centred(NATION, right_w, line_h)
        self.set_x(x_right)
        self.set_font(FAMILY, "B", size + 0.5)
        self._centred(MOTTO, right_w, line_h)
        motto_w = self.get_string_width(MOTTO)
        self._rule(x_right + (right_w - motto_w) / 2, motto_w)
        bottom = max(left_bottom, self.y) + 1.5

        if number or place_date:
            self.set_xy(x_left, bottom)
            self.set_font(FAMILY, "", size + 0.5)
            if number:
                self._centred(nfc(f"Số: {number}"), left_w, line_h + 0.5)
            self.set_xy(x_right, bottom)
            self.set_font(FAMILY, "I", size + 0.5)
            if place_date:
                self._centred(nfc(place_date), right_w, line_h + 0.5)
            bottom = self.y
        self.set_xy(self.l_margin, max(bottom, self.y) + 2)
        self.set_font(FAMILY, "", self.sizes.body)

    def heading(self, text: str, *, subtitle: str = "") -> None:
        self.ln(1.5)
        self.set_font(FAMILY, "B", self.sizes.title)
        self._lines(0, self.sizes.title * 0.45, nfc(text.upper()), align="C")
        if subtitle:
            self.set_font(FAMILY, "B", self.sizes.body)
            self._lines(0, self.sizes.line, nfc(subtitle), align="C")
        self.ln(2)
        self.set_font(FAMILY, "", self.sizes.body)

    def paragraph(self, text: str, *, style: str = "", align: str = "J", indent: float = 0) -> None:
        self.set_font(FAMILY, style, self.sizes.body)
        self.set_x(self.l_margin + indent)
        self._lines(self.epw - indent, self.sizes.line, nfc(text), align=align)
        self.set_font(FAMILY, "", self.sizes.body)

    def field(self, label: str, value: str, *, bold: bool = True, indent: float = 0) -> None:
        """One "Label: value" line; the value wraps under the label when long."""
        self.set_x(self.l_margin + indent)
        self.set_font(FAMILY, "", self.sizes.body)
        self.write(self.sizes.line, nfc(f"{label}: "))
        self.set_font(FAMILY, "B" if bold else "", self.sizes.body)
        self.write(self.sizes.line, nfc(value))
        self.ln(self.sizes.line)
        self.set_font(FAMILY, "", self.sizes.body)

    def grid(
        self,
        *,
        headings: Sequence[Sequence[Head]],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        align: Sequence[str],
        size: float | None = None,
    ) -> None:
        """A ruled table; text wraps inside cells and the heading rows repeat on each page."""
        size = size or self.sizes.body - 2
        self.set_font(FAMILY, "", size)
        heading_style = FontFace(family=FAMILY, emphasis="BOLD", size_pt=size)
        with self.table(
            col_widths=tuple(widths),
            width=self.epw,
            headings_style=heading_style,
            num_heading_rows=len(headings),
            line_height=size * 0.42,
            padding=(0.8, 1.0),
            text_align=tuple(align),
            v_align="TOP",
        ) as table:
            for heading in headings:
                cells = table.row()
                for head in heading:
                    cells.cell(
                        nfc(head.text),
                        align="C",
                        v_align="MIDDLE",
                        colspan=head.colspan,
                        rowspan=head.rowspan,
                    )
            for values in rows:
                cells = table.row()
                for value in values:
                    cells.cell(nfc(value))
        self.ln(1.5)
        self.set_font(FAMILY, "", self.sizes.body)

    def signatures(
        self, signers: Sequence[Signer], *, qr_url: str = "", qr_caption: str = ""
    ) -> None:
        """Signature blocks side by side; a QR code, when given, takes a column on the left."""
        qr_w = 34.0 if qr_url else 0.0
        if self.will_page_break(48):
            self.add_page()
        self.ln(2)
        top = self.y
        width = self.epw - qr_w
        slots = max(len(signers), 2 if not qr_url else 1)
        slot_w = width / slots
        first = slots - len(signers)  # one signer sits in the right half
        bottom = top
        for index, signer in enumerate(signers):
            x = self.l_margin + qr_w + (first + index) * slot_w
            self.set_xy(x, top)
            self.set_font(FAMILY, "B", self.sizes.body - 0.5)
            self._centred(nfc(signer.position.upper()), slot_w, self.sizes.line)
            self.set_x(x)
            self.set_font(FAMILY, "I", self.sizes.body - 1)
            self._centred(nfc(signer.note), slot_w, self.sizes.line)
            self.set_xy(x, self.y + 18)
            self.set_font(FAMILY, "B", self.sizes.body)
            self._centred(nfc(signer.name), slot_w, self.sizes.line)
            bottom = max(bottom, self.y)
        if qr_url:
            bottom = max(
                bottom, self.qr(qr_url, x=self.l_margin, y=top, width=qr_w, caption=qr_caption)
            )
            # The URL goes on its own full-width line so that it rarely has to break.
            self.set_xy(self.l_margin, bottom + 0.5)
            self.set_font(FAMILY, "", self.sizes.small)
            self._lines(0, self.sizes.small * 0.42, url_line(qr_url), align="L")
            bottom = self.y
        self.set_xy(self.l_margin, bottom + 2)
        self.set_font(FAMILY, "", self.sizes.body)

    def qr(self, url: str, *, x: float, y: float, width: float, caption: str = "") -> float:
        """Draw the QR code of ``url`` as vector squares with ``caption`` beneath it.

        Returns the bottom of the block. The quiet zone (4 modules) is kept inside ``width``.
        """
        code = segno.make(url, error="m", micro=False)
        matrix = code.matrix
        modules = len(matrix)
        module = width / (modules + 8)
        origin_x, origin_y = x + 4 * module, y + 4 * module
        self.set_fill_color(0)
        for row_index, row in enumerate(matrix):
            column = 0
            while column < modules:
                if row[column]:
                    start = column
                    while column < modules and row[column]:
                        column += 1
                    self.rect(
                        origin_x + start * module,
                        origin_y + row_index * module,
                        (column - start) * module,
                        module,
                        style="F",
                    )
                else:
                    column += 1
        self.set_xy(x, y + width - 2.5 * module)
        if caption:
            self.set_font(FAMILY, "B", self.sizes.small)
            self._lines(width, self.sizes.small * 0.42, nfc(caption), align="C")
        return self.y

    def verification_band(self, verification: Verification) -> None:
        """The band at the foot of the page (of a new page if the text reaches it): QR code
        of the verification page, the code and the address in words, and the signature
        boxes (empty, or holding their note when no signature will come)."""
        top = self.h - self.b_margin - BAND_HEIGHT
        if self.y > top - 1:
            self.add_page()
        auto_break = self.auto_page_break
        self.set_auto_page_break(False)  # the band ends exactly at the break line
        self.set_draw_color(150)
        self.line(self.l_margin, top, self.w - self.r_margin, top)
        self.set_draw_color(0)
        self.qr(verification.url, x=self.l_margin, y=top + 1.5, width=_BAND_QR)
        x = self.l_margin + _BAND_QR + 1
        small = self.sizes.small
        self.set_xy(x, top + 3)
        self.set_font(FAMILY, "B", small)
        self._lines(_BAND_TEXT_WIDTH, small * 0.45, "MÃ XÁC THỰC", align="L")
        self.set_x(x)
        self.set_font(FAMILY, "B", small + 1.5)
        self._lines(_BAND_TEXT_WIDTH, small * 0.6, nfc(verification.code), align="L")
        self.set_x(x)
        self.set_font(FAMILY, "", small - 0.5)
        self._lines(
            _BAND_TEXT_WIDTH,
            small * 0.42,
            nfc(f"Kiểm tra tại: {verification.url}"),
            align="L",
        )
        notes = {"agency": verification.agency_note}
        if verification.with_person:
            notes["person"] = verification.person_note
        for slot, note in notes.items():
            if not note:
                continue  # left free for the signature's appearance
            left, width = _BOXES[(verification.with_person, slot)]
            self.set_draw_color(150)
            self.rect(left, top + 2.5, width, _BOX_HEIGHT)
            self.set_draw_color(0)
            self.set_xy(left + 1, top + 4)
            self.set_font(FAMILY, "I", small)
            self._lines(width - 2, small * 0.45, nfc(note), align="C")
        self.set_auto_page_break(auto_break, margin=self.b_margin)
        self.set_font(FAMILY, "", self.sizes.body)

    def render(self) -> bytes:
        return bytes(self.output())

    # Helpers ----------------------------------------------------------------------------

    def _lines(self, width: float, height: float, text: str, *, align: str) -> None:
        """Wrapped text, then the next line at the left margin."""
        self.multi_cell(width, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _centred(self, text: str, width: float, height: float) -> None:
        x = self.x
        self._lines(width, height, text, align="C")
        self.set_x(x)

    def _rule(self, x: float, width: float) -> None:
        y = self.y + 0.9
        self.line(x, y, x + width, y)
        self.set_y(y + 0.6)
