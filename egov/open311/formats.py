"""The two wire formats of GeoReport v2: XML (required) and JSON.

A response is built once as plain data (dicts, lists, strings, numbers, booleans, None) and
written by ``xml_bytes`` or ``json_bytes``. XML is written with ``xml.etree``: a list becomes
one child per item, named by ``ITEM_NAMES`` (``services`` holds ``service`` elements), booleans
become ``true``/``false`` and ``None`` an empty element. In JSON a document whose root is a
list (``services``, ``service_requests``, ``errors``...) is that list; the others are objects.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

XML = "xml"
JSON = "json"
FORMATS = (XML, JSON)
CONTENT_TYPES = {
    XML: "text/xml; charset=utf-8",
    JSON: "application/json; charset=utf-8",
}

# The element of each item of a list, by the list's element name (GeoReport v2 and the
# mySociety extension).
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "service_request_updates": "request_update",
}


@dataclass(frozen=True)
class Document:
    """A response body: ``root`` is the XML root element's name, ``data`` what it holds
    (a list for list documents, a mapping otherwise)."""

    root: str
    data: Sequence[Mapping[str, Any]] | Mapping[str, Any] | Sequence[str]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for name, item in value.items():
            _fill(ET.SubElement(element, name), item)
    elif isinstance(value, list | tuple):
        item_name = ITEM_NAMES[element.tag]
        for item in value:
            _fill(ET.SubElement(element, item_name), item)
    else:
        element.text = _text(value)


def xml_bytes(document: Document) -> bytes:
    root = ET.Element(document.root)
    _fill(root, document.data)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def json_bytes(document: Document) -> bytes:
    return json.dumps(document.data, ensure_ascii=False, separators=(",", ":")).encode()


def respond(document: Document, fmt: str, *, status: int = 200) -> HttpResponse:
    body = json_bytes(document) if fmt == JSON else xml_bytes(document)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors_document(errors: Sequence[tuple[int, str]]) -> Document:
    """The spec's error list: ``<errors><error><code/><description/></error></errors>``."""
    return Document(
        "errors", [{"code": code, "description": description} for code, description in errors]
    )
