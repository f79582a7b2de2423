"""What a visible signature looks like: the appearance of Decree 30/2020, Appendix I.

- Personal signature (người có thẩm quyền): the signer's title (chức vụ, capitals), the
  picture of the handwritten signature (blue, transparent PNG) centred between the title
  and the name, then the name.
- Organisation signature (cơ quan, tổ chức): the seal picture (red, transparent PNG, at its
  real size) overlapping about the left third of the personal signature's picture.
- Attachment (văn bản kèm theo): the organisation signature at the top right of the first
  page, without picture: the number and notation of the document and the signing time in
  ISO 8601 with Vietnam's offset (+07:00).

Without a picture the same boxes carry text instead. Everything is drawn by pyHanko's stamp
styles (text boxes with an embedded TrueType font for the diacritics, pictures as stamp
backgrounds); ``_BlockStamp`` only stacks several centred text boxes in one stamp.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext
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
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBox, TextBoxStyle
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.stamp.base import BaseStampStyle
from pyhanko.stamp.static import StaticStampStyle
from pyhanko.stamp.text import TextStamp, TextStampStyle

from egov.orgs.selectors import seal_image_of, signature_image_of
from egov.printing.fonts import font_files

from .models import Certificate

logger = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
Rect = tuple[int, int, int, int]  # x1, y1, x2, y2 in PDF points (1/72 inch), origin bottom left

MARGIN = 20  # from the page edges
_PAD = 4
PERSONAL_WIDTH = 200
PICTURE_GAP = 64  # height kept for the signature picture, about 22 mm
TITLE_SIZE = 12  # Decree 30: title and name in bold capitals / bold, 13–14 pt on paper
NOTE_SIZE = 8
ATTACHMENT_SIZE = 10  # Decree 30: number, notation and time in 10 pt, upright, black
ORGANISATION_SIZE = 9
ORGANISATION_TEXT_WIDTH = 170
ATTACHMENT_WIDTH = 190
ATTACHMENT_MARGIN = 14
LEGACY_SIZES = {"bottom_right": (190, 70), "top_right": (200, 58)}
SEAL_MM = (20.0, 60.0)  # a seal picture is drawn at its real size, within these bounds
DEFAULT_DPI = 300.0
_GAP_BEFORE_TEXT = 4


class Kind:
    TEXT = "text"
    PERSONAL = "personal"
    ORGANISATION = "organisation"
    ATTACHMENT = "attachment"


@dataclass(frozen=True)
class Placement:
    """Where a personal signature went: its page, its box and the rectangle of its picture
    (or of the space kept for it), which the organisation's seal overlaps."""

    page: int
    box: Rect
    picture: Rect


@dataclass(frozen=True)
class Appearance:
    """Where a visible signature goes and what it shows. Build it with ``personal``,
    ``organisation`` or ``attachment``; ``Appearance()`` is the plain text box of earlier
    versions.

    ``corner`` places the box on the page whatever its size: "bottom_right" or "top_right";
    ``box`` in PDF points overrides it. ``page`` counts from 0; -1 is the last page.
    ``title`` is the signing mark and position above the name ("KT. CHỦ TỊCH\\nPHÓ CHỦ
    TỊCH"); ``name`` the name line (the certificate holder's by default); ``notation`` the
    number and notation ("15/QĐ-UBND"); ``over`` the personal signature a seal overlaps.
    """

    corner: str = "bottom_right"
    box: Rect | None = None
    page: int = 0
    title: str = ""
    notation: str = ""
    font_size: int = 7
    kind: str = Kind.TEXT
    name: str | None = None
    over: Placement | None = None

    @classmethod
    def personal(
        cls, *, title: str = "", name: str | None = None, page: int = -1, box: Rect | None = None
    ) -> Appearance:
        """The signer's signature block: title, signature picture, name."""
        return cls(
            kind=Kind.PERSONAL,
            corner="bottom_right",
            page=page,
            box=box,
            title=title,
            name=name,
            font_size=TITLE_SIZE,
        )

    @classmethod
    def organisation(
        cls,
        *,
        page: int = -1,
        notation: str = "",
        box: Rect | None = None,
        over: Placement | None = None,
    ) -> Appearance:
        """The agency's seal over the left third of ``over``'s picture (the bottom right
        corner when alone); ``notation`` is shown only when there is no seal picture."""
        return cls(
            kind=Kind.ORGANISATION,
            corner="bottom_right",
            page=over.page if over is not None else page,
            box=box,
            notation=notation,
            over=over,
            font_size=ORGANISATION_SIZE,
        )

    @classmethod
    def attachment(
        cls, *, number_notation: str, page: int = 0, box: Rect | None = None
    ) -> Appearance:
        """The organisation signature of an attachment: top right of the first page."""
        return cls(
            kind=Kind.ATTACHMENT,
            corner="top_right",
            page=page,
            box=box,
            notation=number_notation,
            font_size=ATTACHMENT_SIZE,
        )

    def box_on(self, media_box: tuple[float, float, float, float]) -> Rect:
        """The box of a plain text appearance on a page (kept for earlier callers)."""
        width, height = LEGACY_SIZES.get(self.corner, LEGACY_SIZES["bottom_right"])
        return self.box or corner_box(media_box, self.corner, width, height)


def corner_box(
    media_box: tuple[float, float, float, float],
    corner: str,
    width: float,
    height: float,
    *,
    margin: int = MARGIN,
) -> Rect:
    _left, bottom, right, top = media_box
    x2 = int(right) - margin
    if corner == "top_right":
        y2 = int(top) - margin
        return (round(x2 - width), round(y2 - height), x2, y2)
    y1 = int(bottom) + margin
    return (round(x2 - width), y1, x2, round(y1 + height))


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
        margins=Margins(left=_PAD, right=_PAD),
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
    return 2 * _PAD + (lines + 1) * _band(size) + PICTURE_GAP


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
    document was signed digitally, and when) centred in the space between."""
    band = _band(size)
    titles = _title_lines(title)
    lines: list[Line] = []
    top = height - _PAD
    for text in titles:
        top -= band
        lines.append(Line(text, top, band, size, bold=True))
    name_bottom = float(_PAD)
    lines.append(Line(name, name_bottom, band, size, bold=True))
    gap_bottom, gap_top = name_bottom + band, top
    gap_height = max(0.0, gap_top - gap_bottom)
    inner_width = width - 2 * _PAD
    extra: dict[str, Any] = {}
    if image is not None and gap_height >= 8:
        scale = min(inner_width / image.width, gap_height / image.height)
        pic_w, pic_h = image.width * scale, image.height * scale
        pic = ((width - pic_w) / 2, gap_bottom + (gap_height - pic_h) / 2, pic_w, pic_h)
        extra = _background(image, pic)
    else:
        pic = (_PAD, gap_bottom, inner_width, gap_height)
        note = _band(NOTE_SIZE)
        middle = gap_bottom + gap_height / 2
        lines.append(Line(gettext("Digitally signed"), middle, note, NOTE_SIZE))
        lines.append(Line(vietnam_time(signed_at), middle - note, note, NOTE_SIZE))
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
    return 2 * _PAD + _band(size) * count


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
    band = _band(size)
    lines = []
    top = height - _PAD
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


def seal_box(over: Placement, width: float, height: float) -> Rect:
    """The seal's box: its right edge a third of the way into the picture, centred on the
    picture's height."""
    x1, y1, x2, y2 = over.picture
    right = x1 + (x2 - x1) / 3
    middle = (y1 + y2) / 2
    return (
        round(right - width),
        round(middle - height / 2),
        round(right),
        round(middle - height / 2 + height),
    )


def beside_box(over: Placement, width: float, height: float) -> Rect:
    """A text box just left of the personal signature, centred on its picture."""
    x1 = over.box[0]
    p_y1, p_y2 = over.picture[1], over.picture[3]
    middle = (p_y1 + p_y2) / 2
    right = x1 - _GAP_BEFORE_TEXT
    return (
        max(0, round(right - width)),
        round(middle - height / 2),
        round(right),
        round(middle - height / 2 + height),
    )


# --- choosing the design for a certificate and a page -------------------------------------

_A4 = (0.0, 0.0, 595.0, 842.0)


def media_box(writer: Any, page: int) -> tuple[float, float, float, float]:
    """The page's MediaBox (inherited from the page tree if need be; A4 if absent)."""
    page_ref, _resources = writer.find_page_for_modification(page)
    node = page_ref.get_object()
    box = None
    for _level in range(32):
        box = node.get("/MediaBox")
        if box is not None or "/Parent" not in node:
            break
        node = node["/Parent"].get_object()
    if box is None or len(box) != 4:
        return _A4
    left, bottom, right, top = (float(v) for v in box)
    return (left, bottom, right, top)


@dataclass(frozen=True)
class Visible:
    """A signature field's box on its page, the stamp style drawing it, and for a personal
    signature where it went (for the seal that follows)."""

    box: Rect
    style: BaseStampStyle
    placement: Placement | None = None


def _size(box: Rect) -> tuple[float, float]:
    return float(box[2] - box[0]), float(box[3] - box[1])


def _legacy(certificate: Certificate, appearance: Appearance, signed_at: dt.datetime) -> str:
    lines: list[str] = []
    if certificate.is_personal:
        lines += [line for line in appearance.title.splitlines() if line.strip()]
        lines.append(gettext("Signed by: %(name)s") % {"name": certificate.common_name})
        if certificate.organisation:
            lines.append(gettext("Agency: %(name)s") % {"name": certificate.organisation})
    else:
        lines.append(certificate.organisation or certificate.common_name)
        if appearance.notation:
            lines.append(appearance.notation)
    lines.append(gettext("Signing time: %(time)s") % {"time": vietnam_time(signed_at)})
    return "\n".join(lines).replace("%", "%%")  # the style interpolates; nothing to fill in


def _personal(
    certificate: Certificate, appearance: Appearance, page_box: Any, signed_at: dt.datetime
) -> Visible:
    owner = certificate.owner_user
    image = picture(signature_image_of(owner)) if owner is not None else None
    box = appearance.box or corner_box(
        page_box,
        "bottom_right",
        PERSONAL_WIDTH,
        personal_height(appearance.title, appearance.font_size),
    )
    width, height = _size(box)
    design = personal_design(
        width=width,
        height=height,
        title=appearance.title,
        name=appearance.name or certificate.common_name,
        signed_at=signed_at,
        image=image,
        size=appearance.font_size,
    )
    assert design.picture is not None  # noqa: S101 (personal designs always keep one)
    x, y, w, h = design.picture
    rect = (round(box[0] + x), round(box[1] + y), round(box[0] + x + w), round(box[1] + y + h))
    return Visible(box, design.style, Placement(page=appearance.page, box=box, picture=rect))


def _organisation(
    certificate: Certificate, appearance: Appearance, page_box: Any, signed_at: dt.datetime
) -> Visible:
    agency = certificate.owner_agency
    image = picture(seal_image_of(agency)) if agency is not None else None
    over = appearance.over
    if image is not None:
        width, height = _size(appearance.box) if appearance.box else real_size_pt(image)
        if appearance.box:
            box = appearance.box
        elif over is not None:
            box = seal_box(over, width, height)
        else:
            box = corner_box(page_box, "bottom_right", width, height)
        return Visible(box, seal_design(image, *_size(box)).style)
    name = certificate.organisation or certificate.common_name
    texts = organisation_texts(name, appearance.notation, signed_at)
    width, height = ORGANISATION_TEXT_WIDTH, text_height(len(texts), ORGANISATION_SIZE)
    if appearance.box:
        box = appearance.box
        width, height = _size(box)
    elif over is not None:
        box = beside_box(over, width, height)
    else:
        box = corner_box(page_box, "bottom_right", width, height)
    return Visible(box, organisation_text_design(texts, width, height).style)


def visible_signature(
    writer: Any, *, certificate: Certificate, appearance: Appearance, signed_at: dt.datetime
) -> Visible:
    """The box and stamp style of ``appearance`` for ``certificate`` on the writer's page;
    the pictures come from orgs (the official's signature, the agency's seal)."""
    page_box = media_box(writer, appearance.page)
    if appearance.kind == Kind.PERSONAL:
        return _personal(certificate, appearance, page_box, signed_at)
    if appearance.kind == Kind.ORGANISATION:
        return _organisation(certificate, appearance, page_box, signed_at)
    if appearance.kind == Kind.ATTACHMENT:
        texts = attachment_texts(appearance.notation, signed_at)
        size = (ATTACHMENT_WIDTH, text_height(len(texts), ATTACHMENT_SIZE))
        # Within the top margin of an official document (20–25 mm), above its first line.
        box = appearance.box or corner_box(page_box, "top_right", *size, margin=ATTACHMENT_MARGIN)
        return Visible(box, attachment_design(texts, *_size(box)).style)
    font = GlyphAccumulatorFactory(str(font_files()[""]), font_size=appearance.font_size)
    style = TextStampStyle(
        stamp_text=_legacy(certificate, appearance, signed_at),
        text_box_style=TextBoxStyle(font=font, font_size=appearance.font_size),
        border_width=1,
    )
    return Visible(appearance.box_on(page_box), style)


# --- reading a personal signature back, for a seal added later ---------------------------

# How pyHanko 0.38 draws a stamp's background picture: the background's position, then the
# picture's size (see pyhanko.stamp.base.BaseStamp._render_background and PdfImage.render).
_NUMBER = rb"(-?[\d.]+)"
_BACKGROUND = re.compile(
    rb"/BackgroundGS gs 1 0 0 1 "
    + _NUMBER
    + rb" "
    + _NUMBER
    + rb" cm q\s+(?:/\S+ gs\s+)?"
    + _NUMBER
    + rb" 0 0 "
    + _NUMBER
    + rb" 0 0 cm /Img"
)


def _page_index(reader: Any, page_ref: Any) -> int | None:
    count = int(reader.root["/Pages"]["/Count"])
    for index in range(count):
        found, _resources = reader.find_page_for_modification(index)
        if found.idnum == page_ref.idnum:
            return index
    return None


def placement_of(pdf_bytes: bytes, field_name: str) -> Placement | None:
    """Where the personal signature in ``field_name`` stands, read from the signed document,
    so that the agency can add its seal over it later (``Appearance.organisation(over=...)``).
    None if there is no such visible signature. Without a picture, the middle of the box
    stands for it."""
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        for name, _value, ref in enumerate_sig_fields(reader):
            if name != field_name:
                continue
            widget = ref.get_object()
            if "/Rect" not in widget and "/Kids" in widget:
                widget = widget["/Kids"][0].get_object()
            x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
            x1, x2, y1, y2 = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
            if x2 - x1 < 1 or y2 - y1 < 1 or "/P" not in widget:
                return None
            page = _page_index(reader, widget.raw_get("/P"))
            if page is None:
                return None
            box = (round(x1), round(y1), round(x2), round(y2))
            drawn = _BACKGROUND.search(widget["/AP"]["/N"].data)
            if drawn is not None:
                left, bottom, width, height = (float(v) for v in drawn.groups())
                rect = (
                    round(x1 + left),
                    round(y1 + bottom),
                    round(x1 + left + width),
                    round(y1 + bottom + height),
                )
            else:
                third = (y2 - y1) / 3
                rect = (round(x1 + _PAD), round(y1 + third), round(x2 - _PAD), round(y2 - third))
            return Placement(page=page, box=box, picture=rect)
    except (PdfError, KeyError, TypeError, ValueError, IndexError):
        logger.info("No readable signature field %s", field_name, exc_info=True)
    return None
