"""Print the verification code on an existing PDF: a QR code of its address and the code in
words, near the bottom of a page, with pyHanko's own QR stamp (an incremental update; the
original content is not rewritten).

Stamp BEFORE signing. A signature covers the bytes present when it was made; a stamp added
afterwards is a change to the signed document, which every validator reports as a
modification (and a change of page content is not an allowed one). That is why the code is
chosen first (``records.new_verification_code``), stamped, then the document signed, then
registered with ``services.signed_document_register``. A PDF that already carries a
signature is refused here.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp.qr import QRPosition, QRStamp, QRStampStyle
from pyhanko.stamp.text import TextStamp

from egov.core.errors import ValidationFailed
from egov.printing.fonts import font_files

from . import records
from .wording import printed

_MARGIN = 20  # points from the left and bottom edges, as the signature boxes use
_BOTTOM = 12
_QR_SIZE = 56  # points: about 2 cm, readable by a phone camera on paper and on screen
_FONT_SIZE = 8


def _media_box(writer: IncrementalPdfFileWriter, page: int) -> tuple[float, float]:
    """Left and bottom of the page's MediaBox (inherited from the page tree if need be)."""
    page_ref, _resources = writer.find_page_for_modification(page)  # type: ignore[no-untyped-call]
    node = page_ref.get_object()
    for _level in range(32):
        box = node.get("/MediaBox")
        if box is not None and len(box) == 4:
            return float(box[0]), float(box[1])
        if "/Parent" not in node:
            break
        node = node["/Parent"].get_object()
    return 0.0, 0.0


class _VerificationStamp(QRStamp):
    """pyHanko's QR stamp with a link that viewers do not frame (the default /Border of a
    link annotation is a visible 1-point rectangle)."""

    def apply(self, dest_page: int, x: int, y: int, **kwargs: Any) -> Any:
        page_ref, (width, height) = TextStamp.apply(self, dest_page, x, y, **kwargs)
        pdf: Any = generic  # pyHanko's object constructors carry no annotations
        link = pdf.DictionaryObject(
            {
                pdf.NameObject("/Type"): pdf.NameObject("/Annot"),
                pdf.NameObject("/Subtype"): pdf.NameObject("/Link"),
                pdf.NameObject("/Rect"): pdf.ArrayObject(
                    [pdf.FloatObject(v) for v in (x, y, x + width, y + height)]
                ),
                pdf.NameObject("/Border"): pdf.ArrayObject([pdf.NumberObject(0)] * 3),
                pdf.NameObject("/A"): pdf.DictionaryObject(
                    {
                        pdf.NameObject("/S"): pdf.NameObject("/URI"),
                        pdf.NameObject("/URI"): pdf.pdf_string(self.url),
                    }
                ),
            }
        )
        writer: Any = self.writer
        writer.register_annotation(page_ref, writer.add_object(link))
        return page_ref, (width, height)


def _style() -> QRStampStyle:
    font = GlyphAccumulatorFactory(str(font_files()[""]), font_size=_FONT_SIZE)
    return QRStampStyle(
        stamp_text="%(lines)s",
        text_box_style=TextBoxStyle(font=font, font_size=_FONT_SIZE, leading=_FONT_SIZE + 2),
        border_width=0,
        innsep=2,
        qr_inner_size=_QR_SIZE,
        qr_position=QRPosition.LEFT_OF_TEXT,
    )


def stamp_lines(code: str, url: str) -> str:
    """The words beside the QR code: the code, and where to type it without a camera."""
    site = url.split(records.PATH_PREFIX, 1)[0] + records.PATH_PREFIX
    return "\n".join(
        [
            printed(_("Verification code: %(code)s")) % {"code": records.display_code(code)},
            printed(_("Check this document at %(site)s")) % {"site": site},
        ]
    )


def add_verification_stamp(pdf_bytes: bytes, *, code: str, url: str, page: int = 0) -> bytes:
    """``pdf_bytes`` with a QR code of ``url`` and the display form of ``code`` at the bottom
    left of ``page`` (0 is the first, -1 the last). Apply before any signature: a stamp
    after signing would break it, so a signed PDF is refused."""
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
        if writer.security_handler is not None:
            raise ValidationFailed(_("An encrypted PDF cannot be stamped."), code="encrypted")
        if writer.prev.embedded_signatures:
            raise ValidationFailed(
                _("The document is already signed; stamp it before signing."),
                code="already_signed",
            )
        left, bottom = _media_box(writer, page)
        stamp = _VerificationStamp(
            writer,
            url=url,
            style=_style(),
            text_params={"lines": stamp_lines(code, url)},
            box=BoxConstraints(),
        )
        stamp.apply(page, int(left) + _MARGIN, int(bottom) + _BOTTOM)
        out = BytesIO()
        writer.write(out)  # type: ignore[no-untyped-call]
    except ValidationFailed:
        raise
    except (PdfError, OSError, IndexError, KeyError, ValueError) as exc:
        raise ValidationFailed(
            _("The document could not be stamped: %(error)s") % {"error": exc},
            code="stamp_failed",
        ) from exc
    return out.getvalue()
