"""Drawing a visible signature with pyHanko's stamp styles (Decree 30/2020, Appendix I):
centred lines of text in an embedded TrueType font (the diacritics), a picture as the
stamp's background. ``appearance`` decides what goes where; this module only draws.

``_BlockStamp`` is pyHanko's ``TextStamp`` with one text box per line, each centred in its
own band (a ``TextBox`` aligns a block, not its lines); everything else is pyHanko's own.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _
from PIL import Image
from pyhanko.pdf_utils.font.api import FontEngine, FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.layout import (
    AxisAlignment,
    BoxConstraints,
    InnerScaling,
    Margins,
    Positioning,
    SimpleBoxLayoutRule,
)
from pyhanko.pdf_utils.text import TextBox, TextBoxStyle
from pyhanko.stamp.base import BaseStampStyle
from pyhanko.stamp.static import StaticStampStyle
from pyhanko.stamp.text import TextStamp, TextStampStyle

from egov.printing.fonts import font_files

from .wording import printed

logger = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PAD = 4
PICTURE_GAP = 64  # height kept for the signature picture, about 22 mm
TITLE_SIZE = 12  # Decree 30: title and name in bold capitals / bold, 13–14 pt on paper
NOTE_SIZE = 8
MIN_SIZE = 5
ATTACHMENT_SIZE = 10  # Decree 30: number, notation and time in 10 pt, upright, black
ORGANISATION_SIZE = 9
SEAL_MM = (20.0, 60.0)  # a seal picture is drawn at its real size, within these bounds
DEFAULT_DPI = 300.0


def vietnam_time(moment: dt.datetime) -> str:
    """ISO 8601 to the second with Vietnam's offset: 2026-11-30T15:04:05+07:00."""
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def picture(data: bytes | None) -> Image.Image | None:
    """A stored PNG ready to embed, or None (text instead) if it cannot be read."""
    if not data:
        return None
    try:
        image = Image.open(BytesIO(data))
        image.load()
    except Exception:  # a damaged file must not stop the signature: fall back to text
        logger.warning("Unreadable signature or seal picture; signing with text", exc_info=True)
        return None
    return image.convert("RGBA")


def real_size_pt(image: Image.Image) -> tuple[float, float]:
    """The picture's size on paper from the resolution it declares, within ``SEAL_MM``."""
    dpi_info: Any = image.info.get("dpi")
    try:
        dpi = float(dpi_info[0])
    except (TypeError, ValueError, IndexError):
        dpi = DEFAULT_DPI
    if not 72 <= dpi <= 2400:
        dpi = DEFAULT_DPI
    width, height = image.width / dpi * 72, image.height / dpi * 72
    low, high = (mm / 25.4 * 72 for mm in SEAL_MM)
    factor = min(1.0, high / max(width, height))
    factor = max(factor, low / max(width, height))
    return width * factor, height * factor


# --- the stamp: centred lines of text, a picture as the background -------------------------


class _SharedFont(FontEngineFactory):
    """One embedded font for every line of a stamp (a new engine per line would embed the
    font once per line and clash on the resource name)."""

    def __init__(self, path: str) -> None:
        self._factory = GlyphAccumulatorFactory(path)
        self._engines: dict[int, FontEngine] = {}

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> FontEngine:
        engine = self._engines.get(id(writer))
        if engine is None:
            engine = self._engines[id(writer)] = self._factory.create_font_engine(
                writer, obj_stream
            )
        return engine


@dataclass(frozen=True)
class Line:
    """One line of a stamp: its text, the band it is centred in (from the box's bottom)."""

    text: str
    bottom: float
    height: float
    size: int
    bold: bool = False
    centred: bool = True


@dataclass(frozen=True)
class BlockStampStyle(TextStampStyle):
    """A text stamp whose lines are each centred (or left-aligned) in their own band, over
    the style's background picture."""

    lines: tuple[Line, ...] = ()
    regular: FontEngineFactory | None = None
    bold: FontEngineFactory | None = None

    def create_stamp(self, writer: Any, box: BoxConstraints, text_params: dict[str, Any]) -> Any:
        return _BlockStamp(writer=writer, style=self, box=box, text_params=text_params)


def _line_rule(centred: bool) -> SimpleBoxLayoutRule:
    return SimpleBoxLayoutRule(
        x_align=AxisAlignment.ALIGN_MID if centred else AxisAlignment.ALIGN_MIN,
        y_align=AxisAlignment.ALIGN_MID,
        margins=Margins(left=PAD, right=PAD),
        inner_content_scaling=InnerScaling.SHRINK_TO_FIT,  # a long title shrinks to fit
    )


class _BlockStamp(TextStamp):
    def _inner_layout_natural_size(self) -> tuple[list[bytes], tuple[int, int]]:
        style: BlockStampStyle = self.style
        width = self.box.width
        commands: list[bytes] = []
        for line in style.lines:
            if not line.text:
                continue
            font = style.bold if line.bold else style.regular
            assert font is not None  # noqa: S101 (set by the builders below)
            box_style = TextBoxStyle(
                font=font, font_size=line.size, box_layout_rule=_line_rule(line.centred)
            )
            text_box = TextBox(
                box_style,
                writer=self.writer,
                resources=self.resources,
                box=BoxConstraints(width=width, height=line.height),
                font_name="F2" if line.bold else "F1",
            )
            text_box.content = line.text  # shaped now, with this line's size
            shift = Positioning(x_pos=0, y_pos=round(line.bottom), x_scale=1, y_scale=1)
            drawn = text_box.render()  # type: ignore[no-untyped-call]
            commands += [b"q", shift.as_cm(), drawn, b"Q"]  # type: ignore[no-untyped-call]
        return [b" ".join(commands)], (width, self.box.height)


def _fonts() -> dict[str, FontEngineFactory]:
    files = font_files()
    return {"regular": _SharedFont(str(files[""])), "bold": _SharedFont(str(files["B"]))}


def _background(image: Image.Image, rect_in_box: tuple[float, float, float, float]) -> Any:
    """The picture as a stamp background filling ``rect_in_box`` (x, y, width, height)."""
    x, y, width, height = rect_in_box
    content = PdfImage(image, box=BoxConstraints(width=round(width, 2), height=round(height, 2)))
    layout = SimpleBoxLayoutRule(
        x_align=AxisAlignment.ALIGN_MIN,
        y_align=AxisAlignment.ALIGN_MIN,
        margins=Margins(left=round(x, 2), bottom=round(y, 2)),  # type: ignore[arg-type]
        inner_content_scaling=InnerScaling.NO_SCALING,
    )
    return {"background": content, "background_layout": layout, "background_opacity": 1.0}


def _band(size: int) -> int:
    return round(size * 1.3)


def _fitting(size: int, lines: int, height: float) -> int:
    """The largest size up to ``size`` at which ``lines`` lines fit in ``height``."""
    room = (height - 2 * PAD) / max(1, lines)
    while size > MIN_SIZE and _band(size) > room:
        size -= 1
    return size


# --- personal signature -----------------------------------------------------------------


@dataclass(frozen=True)
class Design:
    """A stamp style and the size of the box it was laid out for."""

    style: BaseStampStyle
    width: float
    height: float
    picture: tuple[float, float, float, float] | None = None  # x, y, w, h inside the box


def _title_lines(title: str) -> list[str]:
    return [" ".join(line.split()).upper() for line in title.splitlines() if line.strip()]


def personal_height(title: str, size: int = TITLE_SIZE) -> int:
    lines = len(_title_lines(title))
    return 2 * PAD + (lines + 1) * _band(size) + PICTURE_GAP


def personal_design(
    *,
    width: float,
    height: float,
    title: str,
    name: str,
    signed_at: dt.datetime,
    image: Image.Image | None,
    size: int = TITLE_SIZE,
) -> Design:
    """Title lines at the top, the name at the bottom, the picture (or a note that the
    document was signed digitally, and when) centred in the space between. In a box too
    small for ``size``, the letters shrink so that a third of the height stays for the
    picture."""
    titles = _title_lines(title)
    size = _fitting(size, len(titles) + 1, height * 2 / 3)
    band = _band(size)
    lines: list[Line] = []
    top = height - PAD
    for text in titles:
        top -= band
        lines.append(Line(text, top, band, size, bold=True))
    name_bottom = float(PAD)
    lines.append(Line(name, name_bottom, band, size, bold=True))
    gap_bottom, gap_top = name_bottom + band, top
    gap_height = max(0.0, gap_top - gap_bottom)
    inner_width = width - 2 * PAD
    extra: dict[str, Any] = {}
    if image is not None and gap_height >= 8:
        scale = min(inner_width / image.width, gap_height / image.height)
        pic_w, pic_h = image.width * scale, image.height * scale
        pic = ((width - pic_w) / 2, gap_bottom + (gap_height - pic_h) / 2, pic_w, pic_h)
        extra = _background(image, pic)
    else:
        pic = (PAD, gap_bottom, inner_width, gap_height)
        note_size = _fitting(NOTE_SIZE, 2, gap_height + 2 * PAD)
        note = _band(note_size)
        middle = gap_bottom + gap_height / 2
        lines.append(Line(printed(_("Digitally signed")), middle, note, note_size))
        lines.append(Line(vietnam_time(signed_at), middle - note, note, note_size))
    fonts = _fonts()
    style = BlockStampStyle(
        lines=tuple(lines),
        regular=fonts["regular"],
        bold=fonts["bold"],
        border_width=0,
        **extra,
    )
    return Design(style=style, width=width, height=height, picture=pic)


# --- organisation signature and attachments ---------------------------------------------


def seal_design(image: Image.Image, width: float, height: float) -> Design:
    """The seal alone at its real size (``real_size_pt``), centred in a ``width`` ×
    ``height`` box and shrunk, never stretched, if the box is smaller."""
    real_w, real_h = real_size_pt(image)
    scale = min(1.0, width / real_w, height / real_h)
    pic_w, pic_h = real_w * scale, real_h * scale
    rect = ((width - pic_w) / 2, (height - pic_h) / 2, pic_w, pic_h)
    style = StaticStampStyle(border_width=0, **_background(image, rect))
    return Design(style=style, width=width, height=height, picture=rect)


def text_height(count: int, size: int) -> int:
    return 2 * PAD + _band(size) * count


def _text_design(
    texts: list[str],
    *,
    width: float,
    height: float,
    size: int,
    first_bold: bool,
    centred: bool,
    border: int,
) -> Design:
    size = _fitting(size, len(texts), height)
    band = _band(size)
    lines = []
    top = height - PAD
    for index, text in enumerate(texts):
        top -= band
        lines.append(Line(text, top, band, size, bold=first_bold and index == 0, centred=centred))
    fonts = _fonts()
    style = BlockStampStyle(
        lines=tuple(lines), regular=fonts["regular"], bold=fonts["bold"], border_width=border
    )
    return Design(style=style, width=width, height=height)


def organisation_texts(organisation: str, notation: str, signed_at: dt.datetime) -> list[str]:
    """Without a seal picture: the agency's name, the notation if any, the signing time."""
    return [t for t in (organisation, notation, vietnam_time(signed_at)) if t]


def organisation_text_design(texts: list[str], width: float, height: float) -> Design:
    return _text_design(
        texts,
        width=width,
        height=height,
        size=ORGANISATION_SIZE,
        first_bold=True,
        centred=True,
        border=1,
    )


def attachment_texts(number_notation: str, signed_at: dt.datetime) -> list[str]:
    """Decree 30/2020: number and notation, signing time (ISO 8601, Vietnam); no picture."""
    return [" ".join(number_notation.split()), vietnam_time(signed_at)]


def attachment_design(texts: list[str], width: float, height: float) -> Design:
    return _text_design(
        texts,
        width=width,
        height=height,
        size=ATTACHMENT_SIZE,
        first_bold=False,
        centred=False,
        border=0,
    )
