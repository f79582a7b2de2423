"""Put the scanned pages and the statement page into one new PDF, with pyHanko's writer.

Each page is copied as a form XObject drawn on a new page of the same size and rotation, so
the scanned images reach the copy byte for byte (their resolution and colour unchanged) while
whatever else the uploaded file carried (scripts, form fields, annotations, outlines,
metadata) does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

from egov.core.errors import ValidationFailed

_MAX_TREE_DEPTH = 32
# pyHanko's PDF object classes and its writer's page methods carry no annotations.
_pdf: Any = generic


@dataclass(frozen=True)
class Assembled:
    pdf: bytes
    pages: int


def _inherited(page: Any, key: str) -> Any:
    node = page
    for _level in range(_MAX_TREE_DEPTH):
        if key in node:
            return node[key]
        if "/Parent" not in node:
            return None
        node = node["/Parent"].get_object()
    return None


def _append(writer: PdfFileWriter, data: bytes) -> int:
    reader = PdfFileReader(BytesIO(data), strict=False)
    count = int(reader.root["/Pages"]["/Count"])
    for index in range(count):
        page_ref, _resources = reader.find_page_for_modification(index)  # type: ignore[no-untyped-call]
        page = page_ref.get_object()
        form = writer.import_page_as_xobject(reader, index)
        media_box = [float(v) for v in form.get_object()["/BBox"]]
        content = writer.add_object(_pdf.StreamObject(stream_data=b"q /P Do Q"))
        resources = _pdf.DictionaryObject(
            {pdf_name("/XObject"): _pdf.DictionaryObject({pdf_name("/P"): form})}
        )
        new_page = PageObject(contents=content, media_box=media_box, resources=resources)  # type: ignore[no-untyped-call]
        rotate = _inherited(page, "/Rotate")
        if rotate:
            new_page[pdf_name("/Rotate")] = _pdf.NumberObject(int(rotate) % 360)
        crop = _inherited(page, "/CropBox")
        if crop is not None and len(crop) == 4:
            new_page[pdf_name("/CropBox")] = _pdf.ArrayObject(
                _pdf.FloatObject(float(v)) for v in crop
            )
        writer.insert_page(new_page)  # type: ignore[no-untyped-call]
    return count


def assemble(parts: Iterable[bytes]) -> Assembled:
    """One PDF with every page of every part, in order."""
    writer = PdfFileWriter()  # type: ignore[no-untyped-call]
    pages = 0
    try:
        for part in parts:
            pages += _append(writer, part)
        out = BytesIO()
        writer.write(out)  # type: ignore[no-untyped-call]
    except (PdfError, KeyError, TypeError, ValueError) as exc:
        raise ValidationFailed(
            _("The scan could not be turned into a copy: %(error)s") % {"error": exc},
            code="copy_assembly_failed",
        ) from exc
    return Assembled(pdf=out.getvalue(), pages=pages)
