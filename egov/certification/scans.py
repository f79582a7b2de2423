"""Is this PDF a scan good enough to certify? Decree 30/2020/NĐ-CP Art. 25(3) asks digitised
paper documents to be PDF version 1.4 or later, colour images, at least 200 dpi.

The check reads what the PDF really contains with poppler's ``pdfinfo`` (version, pages,
page sizes, encryption) and ``pdfimages -list`` (every image drawn on each page with its
colour space and its effective resolution, which accounts for how the page scales it). A
page counts as scanned when images cover at least half of it; its resolution is the best of
those images (a mixed-raster scan keeps text sharper than the background) and it is in
colour when one of them is. Poppler is a Debian package (poppler-utils); the system check
of this app warns when it is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from egov.core.errors import ValidationFailed

MIN_VERSION = (1, 4)
MIN_DPI = 200
MIN_COVER = 0.5  # share of the page the scanned images must cover
DEFAULT_MAX_PAGES = 100
TOOL_TIMEOUT = 60  # seconds
MAX_PROBLEMS_SHOWN = 5
TOOLS = ("pdfinfo", "pdfimages")

# Colour spaces pdfimages names; ICC-based and DeviceN spaces are colour when they have
# three components or more, and an indexed image draws from a (colour) palette.
_COLOUR_SPACES = frozenset({"rgb", "cmyk", "lab", "index"})
_MULTI_COMPONENT = frozenset({"icc", "devn"})
_VERSION = re.compile(r"^PDF version:\s+(\d+)\.(\d+)", re.MULTILINE)
_PAGES = re.compile(r"^Pages:\s+(\d+)", re.MULTILINE)
_ENCRYPTED = re.compile(r"^Encrypted:\s+yes", re.MULTILINE)
_PAGE_SIZE = re.compile(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", re.MULTILINE)


@dataclass(frozen=True)
class PageFacts:
    number: int
    dpi: int  # 0 when no image covers the page
    colour: bool
    cover: float  # share of the page covered by images


@dataclass(frozen=True)
class ScanFacts:
    version: tuple[int, int]
    pages: list[PageFacts] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def lowest_dpi(self) -> int:
        return min((page.dpi for page in self.pages), default=0)


def tools_missing() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def max_pages() -> int:
    return int(getattr(settings, "EGOV_CERTIFICATION_MAX_PAGES", DEFAULT_MAX_PAGES))


def _encrypted() -> ValidationFailed:
    return ValidationFailed(
        _("The PDF is protected by a password or encryption. Upload the scan without protection."),
        code="scan_encrypted",
    )


def _run(tool: str, *args: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise ValidationFailed(
            _("Scans cannot be checked on this server now; please tell the agency."),
            code="scan_check_unavailable",
        )
    try:
        result = subprocess.run(  # noqa: S603 - fixed tool, our own temporary file
            [path, *args], capture_output=True, timeout=TOOL_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise ValidationFailed(
            _("The PDF took too long to read; it may be damaged. Scan the document again."),
            code="scan_unreadable",
        ) from None
    if result.returncode != 0 and b"password" in result.stderr.lower():
        raise _encrypted()
    if result.returncode != 0:
        raise ValidationFailed(
            _("The file could not be read as a PDF document; it may be damaged."),
            code="scan_unreadable",
        )
    return result.stdout.decode("utf-8", "replace")


def _is_colour(space: str, components: int) -> bool:
    return space in _COLOUR_SPACES or (space in _MULTI_COMPONENT and components >= 3)


def _images(listing: str) -> dict[int, list[tuple[float, int, bool]]]:
    """Per page: (area in square inches, resolution, colour) of each image drawn on it."""
    found: dict[int, list[tuple[float, int, bool]]] = {}
    for line in listing.splitlines()[2:]:
        cells = line.split()
        # page num type width height color comp bpc enc interp object-id... x-ppi y-ppi size
        # ratio; the object id is two cells, or one ("[inline]"), so read the end from the
        # right.
        if len(cells) < 14 or cells[2] != "image":
            continue
        try:
            page, width, height = int(cells[0]), int(cells[3]), int(cells[4])
            components = int(cells[6])
            x_ppi, y_ppi = float(cells[-4]), float(cells[-3])
        except ValueError:
            continue
        if x_ppi <= 0 or y_ppi <= 0:
            continue
        area = (width / x_ppi) * (height / y_ppi)
        found.setdefault(page, []).append(
            (area, int(min(x_ppi, y_ppi)), _is_colour(cells[5], components))
        )
    return found


def inspect_scan(data: bytes) -> ScanFacts:
    """What the PDF holds, page by page; refuses a file that poppler cannot read."""
    if not data.startswith(b"%PDF-"):
        raise ValidationFailed(_("The file is not a PDF document."), code="scan_not_pdf")
    with tempfile.TemporaryDirectory(prefix="egov-scan-") as tmp:
        source = Path(tmp) / "scan.pdf"
        source.write_bytes(data)
        info = _run("pdfinfo", str(source))
        if _ENCRYPTED.search(info):
            raise _encrypted()
        version_match, pages_match = _VERSION.search(info), _PAGES.search(info)
        if version_match is None or pages_match is None or int(pages_match[1]) < 1:
            raise ValidationFailed(
                _("The file could not be read as a PDF document; it may be damaged."),
                code="scan_unreadable",
            )
        count = int(pages_match[1])
        if count > max_pages():
            raise ValidationFailed(
                ngettext(
                    "The scan has %(count)d pages; at most %(limit)d page can be certified as "
                    "one copy.",
                    "The scan has %(count)d pages; at most %(limit)d pages can be certified "
                    "as one copy.",
                    max_pages(),
                )
                % {"count": count, "limit": max_pages()},
                code="scan_too_many_pages",
            )
        sizes = _run("pdfinfo", "-f", "1", "-l", str(count), str(source))
        listing = _run("pdfimages", "-list", str(source))
    version = (int(version_match[1]), int(version_match[2]))
    page_area = {int(n): (float(w) / 72) * (float(h) / 72) for n, w, h in _PAGE_SIZE.findall(sizes)}
    images = _images(listing)
    pages = []
    for number in range(1, count + 1):
        drawn = images.get(number, [])
        area = page_area.get(number) or 1.0
        cover = min(sum(image_area for image_area, _dpi, _colour in drawn) / area, 1.0)
        big = [image for image in drawn if image[0] >= MIN_COVER * area] or (
            drawn if cover >= MIN_COVER else []
        )
        pages.append(
            PageFacts(
                number=number,
                dpi=max((dpi for _area, dpi, _colour in big), default=0),
                colour=any(colour for _area, _dpi, colour in big),
                cover=round(cover, 3),
            )
        )
    return ScanFacts(version=version, pages=pages)


def _problems(facts: ScanFacts) -> list[str]:
    problems: list[str] = []
    for page in facts.pages:
        if page.cover < MIN_COVER:
            problems.append(
                str(
                    _(
                        "Page %(page)d is not a scanned image: scan every page of the original "
                        "rather than exporting a document to PDF."
                    )
                )
                % {"page": page.number}
            )
            continue
        if page.dpi < MIN_DPI:
            problems.append(
                str(_("Page %(page)d is scanned at %(dpi)d dpi; at least %(min)d dpi is required."))
                % {"page": page.number, "dpi": page.dpi, "min": MIN_DPI}
            )
        if not page.colour:
            problems.append(
                str(_("Page %(page)d is scanned in black and white or greyscale, not colour."))
                % {"page": page.number}
            )
    return problems


def check_scan(data: bytes) -> ScanFacts:
    """The facts of a scan that meets Decree 30/2020; otherwise a refusal naming each
    problem (the first few) and what to do."""
    facts = inspect_scan(data)
    if facts.version < MIN_VERSION:
        raise ValidationFailed(
            _(
                "The PDF is version %(version)s; Decree 30/2020 requires version 1.4 or later. "
                "Save the scan again as a newer PDF."
            )
            % {"version": "{}.{}".format(*facts.version)},
            code="scan_old_version",
        )
    problems = _problems(facts)
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > len(shown):
            shown.append(str(_("…and %(n)d more.")) % {"n": len(problems) - len(shown)})
        raise ValidationFailed(
            _(
                "The scan does not meet Decree 30/2020 (colour, at least 200 dpi): "
                "%(problems)s Scan the original again in colour at 200 dpi or more."
            )
            % {"problems": " ".join(shown)},
            code="scan_quality",
            problems=problems,
        )
    return facts
