"""A small province and a catalogue document shared by the catalogue tests."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from typing import Any

import pytest

from egov.orgs.tests.conftest import make_official, province, sysadmin  # noqa: F401


def docx_bytes(text: str = "Tờ khai") -> bytes:
    """A minimal file that is a .docx by its content (a zip holding word/document.xml)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document>{text}</w:document>")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n% test\n"

BIRTH = {
    "code": "1.001193",
    "field": "ho-tich",
    "level": "commune",
    "agencies": ["000.01.00.H99"],
    "versions": [
        {
            "number": 1,
            "effective_from": "2025-07-01",
            "effective_until": None,
            "name": "Đăng ký khai sinh",
            "description": "Nộp tờ khai tại Bộ phận Một cửa.",
            "conditions": "",
            "legal_basis": "Luật Hộ tịch 2014",
            "competent_authority": "UBND cấp xã",
            "processing_days": "1",
            "online_mode": "full",
            "result_type": "Giấy khai sinh",
            "electronic_result": True,
            "components": [
                {
                    "name": "Tờ khai đăng ký khai sinh",
                    "kind": "form",
                    "count": 1,
                    "required": True,
                    "template": "to-khai-khai-sinh.docx",
                },
                {
                    "name": "Giấy chứng sinh",
                    "kind": "original",
                    "count": 1,
                    "required": True,
                    "template": None,
                },
            ],
            "fees": [{"kind": "fee", "description": "Lệ phí", "amount": 0, "exemptions": "Miễn"}],
            "steps": [
                {"name": "Tiếp nhận", "role": "desk_officer", "department": "", "days": "0.5"},
                {"name": "Giải quyết", "role": "specialist", "department": "", "days": "0.5"},
            ],
        }
    ],
}

LAND = {
    "code": "1.004227",
    "field": "dat-dai",
    "level": "province",
    "agency_kinds": ["department"],
    "versions": [
        {
            "number": 1,
            "effective_from": "2024-01-01",
            "effective_until": "2025-07-01",
            "name": "Đăng ký biến động đất đai",
            "processing_days": "10",
            "online_mode": "partial",
            "result_type": "Giấy chứng nhận",
            "electronic_result": False,
            "components": [],
            "fees": [{"kind": "charge", "description": "Phí thẩm định", "amount": 50000}],
            "steps": [{"name": "Thẩm định", "role": "specialist", "days": "10"}],
        },
        {
            "number": 2,
            "effective_from": "2025-07-01",
            "effective_until": None,
            "name": "Đăng ký biến động đất đai",
            "processing_days": "7.5",
            "online_mode": "none",
            "result_type": "Giấy chứng nhận",
            "electronic_result": False,
            "components": [
                {
                    "name": "Đơn đăng ký",
                    "kind": "form",
                    "count": 2,
                    "required": True,
                    "template": "don-dang-ky.pdf",
                }
            ],
            "fees": [],
            "steps": [
                {"name": "Tiếp nhận", "role": "desk_officer", "days": "0.5"},
                {"name": "Thẩm định", "role": "specialist", "department": "VP", "days": "6"},
                {"name": "Ký", "role": "agency_leader", "days": "1"},
            ],
        },
    ],
}

DOCUMENT: dict[str, Any] = {
    "format": "egov-catalog",
    "format_version": 1,
    "fields": [{"code": "ho-tich", "name": "Hộ tịch"}, {"code": "dat-dai", "name": "Đất đai"}],
    "procedures": [BIRTH, LAND],
}
TEMPLATES = {"to-khai-khai-sinh.docx": docx_bytes(), "don-dang-ky.pdf": PDF}


@pytest.fixture
def document() -> dict[str, Any]:
    return copy.deepcopy(DOCUMENT)


@pytest.fixture
def templates() -> dict[str, bytes]:
    return dict(TEMPLATES)


def as_json(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


@pytest.fixture
def catalog(province, document, templates, settings, tmp_path):  # noqa: F811
    """The two procedures of DOCUMENT, imported."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from egov.catalog.importing import catalog_import

    catalog_import(data=as_json(document), fmt="json", actor=None, template_files=templates)
    return province
