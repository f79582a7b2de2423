"""The demo's form templates (biểu mẫu), written as DOCX at load time so no binary sits in git.

Each form has the national motto header, its title, the addressee and labelled dotted lines
to fill in, like the printed forms citizens pick up at the one-stop desk. The bytes are
deterministic (fixed zip timestamps and document dates), so loading the demo twice stores
each template once: the catalogue keeps templates under their content digest.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.text.paragraph import Paragraph

from .form_specs import FORMS, FormSpec

# Decree 30/2020/NĐ-CP: administrative documents use Times New Roman, 13–14 pt.
FONT = "Times New Roman"
_FIXED_MOMENT = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
_ZIP_DATE = (2025, 7, 1, 0, 0, 0)


def _set_font(document: DocxDocument) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # Word picks the font for Vietnamese text from the east-Asian slot too.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)


def _centred(
    document: DocxDocument,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int | None = None,
) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    if size is not None:
        run.font.size = Pt(size)
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _dotted_line(document: DocxDocument, label: str, width: Length) -> None:
    """``label:`` followed by a dotted leader to the right margin, to write on."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.add_run(f"{label}: \t")


def _render(spec: FormSpec) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    width = Length(section.page_width - section.left_margin - section.right_margin)
    _set_font(document)
    properties = document.core_properties
    properties.title = spec.title.capitalize()
    properties.author = properties.last_modified_by = "egov"
    properties.created = properties.modified = _FIXED_MOMENT

    _centred(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    _centred(document, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    _centred(document, "―――――――――――――")
    document.add_paragraph()
    _centred(document, spec.title, bold=True, size=14)
    if spec.subtitle:
        _centred(document, spec.subtitle, italic=True)
    document.add_paragraph()
    _centred(document, f"Kính gửi: {spec.addressee}")
    document.add_paragraph()
    for heading, labels in spec.sections:
        if heading:
            document.add_paragraph().add_run(heading).bold = True
        for label in labels:
            _dotted_line(document, label, width)
    document.add_paragraph(spec.pledge)
    place = document.add_paragraph("Làm tại: ……………, ngày …… tháng …… năm ………")
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    place.runs[0].italic = True
    signer = document.add_paragraph()
    signer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signer.add_run(spec.signer).bold = True
    hint = document.add_paragraph("(Ký, ghi rõ họ, chữ đệm, tên)")
    hint.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hint.runs[0].italic = True

    buffer = io.BytesIO()
    document.save(buffer)
    return _without_timestamps(buffer.getvalue())


def _without_timestamps(content: bytes) -> bytes:
    """The same archive with every member dated alike, so equal forms give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def form_build(name: str) -> bytes:
    """The DOCX bytes of the form template ``name`` (a key of ``FORMS``)."""
    return _render(FORMS[name])


def form_templates(names: Iterable[str] | None = None) -> dict[str, bytes]:
    """Every form the demo catalogue names (or just ``names``), ready for the importer."""
    return {name: form_build(name) for name in (FORMS if names is None else names)}
