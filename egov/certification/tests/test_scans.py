"""Decree 30/2020 Art. 25(3) for digitised documents, checked on what the PDF really holds:
version 1.4 or later, colour, at least 200 dpi on every page (poppler's pdfinfo and
pdfimages)."""

from __future__ import annotations

import pytest
from django.utils import translation

from egov.certification import scans
from egov.core.errors import ValidationFailed

from .scanfiles import scan_pdf

pytestmark = pytest.mark.skipif(
    bool(scans.tools_missing()), reason="poppler-utils (pdfinfo, pdfimages) is not installed"
)


@pytest.fixture(autouse=True)
def english():
    """The messages in English here; test_vietnamese_messages checks the site's language."""
    with translation.override("en"):
        yield


def refusal(data: bytes) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        scans.check_scan(data)
    return caught.value


def test_a_colour_scan_at_200_dpi_passes_with_its_facts():
    facts = scans.check_scan(scan_pdf(pages=3, dpi=200))
    assert facts.version == (1, 4)
    assert facts.page_count == 3
    assert [p.dpi for p in facts.pages] == [200, 200, 200]
    assert all(p.colour for p in facts.pages)
    assert facts.lowest_dpi == 200


def test_higher_resolution_and_newer_versions_pass():
    facts = scans.check_scan(scan_pdf(dpi=300, version="1.7"))
    assert facts.version == (1, 7) and facts.lowest_dpi == 300


def test_the_resolution_is_the_effective_one_on_the_page():
    """The same pixels drawn on a page twice as large have half the resolution."""
    small = scans.inspect_scan(scan_pdf(dpi=240, page_mm=(105, 148)))
    assert small.pages[0].dpi == 240
    big = scan_pdf(dpi=240, page_mm=(105, 148))
    assert scans.inspect_scan(big).pages[0].dpi == 240
    stretched = _stretched(dpi=240)
    assert scans.inspect_scan(stretched).pages[0].dpi == 120
    assert refusal(stretched).code == "scan_quality"


def _stretched(*, dpi: int) -> bytes:
    """An image with pixels for A6 at ``dpi``, drawn over an A5 page."""
    import io

    from fpdf import FPDF
    from PIL import Image

    image = Image.new("RGB", (round(105 / 25.4 * dpi), round(148 / 25.4 * dpi)), (200, 40, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    pdf = FPDF(unit="mm", format=(210, 296))
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210, h=296)
    pdf.pdf_version = "1.4"
    return bytes(pdf.output())


def test_below_200_dpi_is_refused_naming_the_page():
    error = refusal(scan_pdf(pages=3, low_pages=(2,), low_dpi=150))
    assert error.code == "scan_quality"
    assert "Page 2 is scanned at 150 dpi" in str(error)
    assert "Page 1" not in str(error) and "Page 3" not in str(error)


def test_greyscale_is_refused_naming_the_page():
    error = refusal(scan_pdf(pages=2, grey_pages=(1,)))
    assert "Page 1 is scanned in black and white or greyscale" in str(error)
    assert "Page 2" not in str(error)
    assert refusal(scan_pdf(colour=False)).code == "scan_quality"


def test_both_problems_of_one_page_are_named():
    error = refusal(scan_pdf(colour=False, dpi=100))
    assert "100 dpi" in str(error) and "greyscale" in str(error)


def test_a_page_that_is_not_a_scan_is_refused():
    error = refusal(scan_pdf(pages=2, text_pages=(2,)))
    assert "Page 2 is not a scanned image" in str(error)


def test_a_version_below_1_4_is_refused():
    error = refusal(scan_pdf(version="1.3"))
    assert error.code == "scan_old_version"
    assert "1.3" in str(error)


def test_many_problems_are_summarised():
    error = refusal(scan_pdf(pages=8, colour=False))
    assert "…and 3 more." in str(error)
    assert len(error.extra["problems"]) == 8


def test_not_a_pdf_or_a_damaged_one_is_refused_clearly():
    assert refusal(b"GIF89a not a pdf").code == "scan_not_pdf"
    good = scan_pdf()
    assert refusal(good[: len(good) // 3]).code in {"scan_unreadable", "scan_quality"}
    assert refusal(b"%PDF-1.4\nrubbish\n%%EOF\n").code == "scan_unreadable"


def test_too_many_pages_are_refused(settings):
    settings.EGOV_CERTIFICATION_MAX_PAGES = 2
    error = refusal(scan_pdf(pages=3))
    assert error.code == "scan_too_many_pages"
    assert "3 pages" in str(error)


def test_an_encrypted_pdf_is_refused():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_encryption(owner_password="chu", user_password="khach")
    assert refusal(bytes(pdf.output())).code == "scan_encrypted"


def test_a_pdf_encrypted_without_a_password_to_open_is_refused_too():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_encryption(owner_password="chu")
    assert refusal(bytes(pdf.output())).code == "scan_encrypted"


def test_without_poppler_the_check_refuses_and_the_system_check_warns(monkeypatch):
    from egov.certification.apps import poppler_check

    monkeypatch.setattr(scans.shutil, "which", lambda name: None)
    assert refusal(scan_pdf()).code == "scan_check_unavailable"
    [warning] = poppler_check()
    assert warning.id == "certification.W001"


def test_vietnamese_messages():
    with translation.override("vi"):
        error = refusal(scan_pdf(pages=2, low_pages=(2,), grey_pages=(2,), low_dpi=150))
    assert str(error) == (
        "Bản quét chưa đạt yêu cầu của Nghị định 30/2020 (ảnh màu, tối thiểu 200 dpi): "
        "Trang 2 được quét ở 150 dpi; cần tối thiểu 200 dpi. Trang 2 được quét đen trắng "
        "hoặc thang xám, không phải ảnh màu. Hãy quét lại bản chính ở chế độ màu, từ 200 dpi "
        "trở lên."
    )
