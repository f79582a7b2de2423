"""Where a visible signature goes and what it shows: the appearance of Decree 30/2020,
Appendix I. ``layout`` draws it.

- Personal signature (người có thẩm quyền): the signer's title (chức vụ, capitals), the
  picture of the handwritten signature (blue, transparent PNG) centred between the title
  and the name, then the name.
- Organisation signature (cơ quan, tổ chức): the seal picture (red, transparent PNG, at its
  real size) overlapping about the left third of the personal signature's picture.
- Attachment (văn bản kèm theo): the organisation signature at the top right of the first
  page, without picture: the number and notation of the document and the signing time in
  ISO 8601 with Vietnam's offset (+07:00).

Without a picture the same boxes carry text instead. The pictures come from ``orgs``: the
official's signature (``OfficialProfile.signature_image``) and the agency's seal
(``Agency.seal_image``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.stamp.base import BaseStampStyle
from pyhanko.stamp.text import TextStampStyle

from egov.orgs.selectors import seal_image_of, signature_image_of
from egov.printing.fonts import font_files

from .layout import (
    ATTACHMENT_SIZE,
    ORGANISATION_SIZE,
    PAD,
    TITLE_SIZE,
    attachment_design,
    attachment_texts,
    organisation_text_design,
    organisation_texts,
    personal_design,
    personal_height,
    picture,
    real_size_pt,
    seal_design,
    text_height,
    vietnam_time,
)
from .models import Certificate
from .wording import printed

logger = logging.getLogger(__name__)

Rect = tuple[int, int, int, int]  # x1, y1, x2, y2 in PDF points (1/72 inch), origin bottom left

MARGIN = 20  # from the page edges
PERSONAL_WIDTH = 200
ORGANISATION_TEXT_WIDTH = 170
ATTACHMENT_WIDTH = 190
ATTACHMENT_MARGIN = 14
LEGACY_SIZES = {"bottom_right": (190, 70), "top_right": (200, 58)}
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
        lines.append(printed(_("Signed by: %(name)s")) % {"name": certificate.common_name})
        if certificate.organisation:
            lines.append(printed(_("Agency: %(name)s")) % {"name": certificate.organisation})
    else:
        lines.append(certificate.organisation or certificate.common_name)
        if appearance.notation:
            lines.append(appearance.notation)
    lines.append(printed(_("Signing time: %(time)s")) % {"time": vietnam_time(signed_at)})
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
                rect = (round(x1 + PAD), round(y1 + third), round(x2 - PAD), round(y2 - third))
            return Placement(page=page, box=box, picture=rect)
    except (PdfError, KeyError, TypeError, ValueError, IndexError):
        logger.info("No readable signature field %s", field_name, exc_info=True)
    return None
