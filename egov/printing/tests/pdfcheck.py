"""Reading back what a PDF shows, with Debian's poppler-utils and a real QR decoder."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

MISSING_POPPLER = (
    "PDF TEXT/RENDER CHECKS SKIPPED: pdftotext, pdfinfo or pdftoppm is missing; "
    "install Debian's poppler-utils: apt-get install poppler-utils"
)
MM_PER_PT = 25.4 / 72


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(MISSING_POPPLER)
    return path


def text(pdf: bytes, page: int | None = None) -> str:
    """The text pdftotext extracts (one page or all), whitespace runs as one space.

    Not normalised: a letter drawn as a base glyph plus a combining mark comes back
    decomposed, so a test that looks for the precomposed text catches it.
    """
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        pages = ["-f", str(page), "-l", str(page)] if page else []
        result = subprocess.run(  # noqa: S603 - fixed tool, our own temp file
            [_tool("pdftotext"), *pages, "-enc", "UTF-8", str(source), "-"],
            check=True,
            capture_output=True,
        )
    return " ".join(result.stdout.decode().split())


def page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in mm of every page, as pdfinfo reads them."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        result = subprocess.run(  # noqa: S603 - fixed tool, our own temp file
            [_tool("pdfinfo"), "-f", "1", "-l", "9999", str(source)],
            check=True,
            capture_output=True,
        )
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", result.stdout.decode())
    return [(round(float(w) * MM_PER_PT), round(float(h) * MM_PER_PT)) for w, h in sizes]


def qr_codes(pdf: bytes, page: int = 1) -> list[str]:
    """Render one page at 300 dpi with pdftoppm and decode every QR code on it."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 - fixed tool, our own temp file
            [
                _tool("pdftoppm"),
                "-r",
                "300",
                "-gray",
                "-png",
                "-singlefile",
                "-f",
                str(page),
                "-l",
                str(page),
                str(source),
                str(Path(tmp) / "page"),
            ],
            check=True,
            capture_output=True,
        )
        with Image.open(Path(tmp) / "page.png") as image:
            found = zxingcpp.read_barcodes(image.convert("L"))
    return [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]
