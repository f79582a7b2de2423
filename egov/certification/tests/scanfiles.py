"""PDFs that look like scans: pages drawn as one image each, of a given resolution and
colour mode, made with fpdf2 and Pillow (so the tests know exactly what the file holds)."""

from __future__ import annotations

import io

from fpdf import FPDF
from PIL import Image, ImageDraw

MM_PER_INCH = 25.4


def _page_image(width_px: int, height_px: int, *, colour: bool, page: int) -> bytes:
    mode = "RGB" if colour else "L"
    paper = (250, 248, 240) if colour else 250
    ink = (180, 20, 30) if colour else 40
    image = Image.new(mode, (width_px, height_px), paper)
    draw = ImageDraw.Draw(image)
    step = max(height_px // 12, 4)
    for row in range(2, 10):
        y = row * step
        draw.rectangle([width_px // 10, y, width_px * (6 + row % 3) // 10, y + step // 3], fill=ink)
    draw.text((width_px // 10, step // 2), f"Trang {page}", fill=ink)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=60)
    return buffer.getvalue()


def scan_pdf(
    *,
    pages: int = 1,
    dpi: int = 200,
    colour: bool = True,
    version: str = "1.4",
    page_mm: tuple[float, float] = (105.0, 148.0),
    grey_pages: tuple[int, ...] = (),
    low_pages: tuple[int, ...] = (),
    low_dpi: int = 150,
    text_pages: tuple[int, ...] = (),
) -> bytes:
    """A scan of ``pages`` pages of ``page_mm`` (A6 by default, to stay small), each page one
    full-page image at ``dpi`` (``low_dpi`` on ``low_pages``), in colour unless ``colour`` is
    false or the page is in ``grey_pages``; ``text_pages`` hold text instead of an image."""
    width_mm, height_mm = page_mm
    pdf = FPDF(unit="mm", format=(width_mm, height_mm))
    pdf.set_auto_page_break(False)
    for page in range(1, pages + 1):
        pdf.add_page()
        if page in text_pages:
            pdf.set_font("helvetica", size=12)
            pdf.text(10, 20, f"Page {page} typed, not scanned")
            continue
        resolution = low_dpi if page in low_pages else dpi
        width_px = round(width_mm / MM_PER_INCH * resolution)
        height_px = round(height_mm / MM_PER_INCH * resolution)
        image = _page_image(
            width_px, height_px, colour=colour and page not in grey_pages, page=page
        )
        pdf.image(io.BytesIO(image), x=0, y=0, w=width_mm, h=height_mm)
    pdf.pdf_version = version
    return bytes(pdf.output())
