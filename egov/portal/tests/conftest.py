"""A small catalogue built through the catalogue services, shared by the portal tests."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest

from egov.catalog.rules import ComponentSpec, FeeSpec, StepSpec, VersionSpec
from egov.catalog.services import field_create, procedure_create, procedure_version_create
from egov.orgs.tests.conftest import province  # noqa: F401

START = dt.date(2025, 7, 1)


def docx_bytes(text: str = "Tờ khai") -> bytes:
    """A minimal file that is a .docx by its content (a zip holding word/document.xml)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document>{text}</w:document>")
    return buffer.getvalue()


def add_procedure(
    *,
    code: str,
    name: str,
    field,
    agencies=(),
    online_mode: str = "none",
    days: str = "1",
    fees=(),
    components=(),
    level: str = "commune",
):
    procedure = procedure_create(code=code, field=field, level=level, agencies=agencies, actor=None)
    spec = VersionSpec(
        effective_from=START,
        name=name,
        processing_days=Decimal(days),
        online_mode=online_mode,
        result_type="Giấy chứng nhận",
        competent_authority="Ủy ban nhân dân cấp xã",
        legal_basis="Luật Hộ tịch 2014",
        conditions="Không",
        description="Nộp hồ sơ tại Bộ phận Một cửa.",
        components=components,
        fees=fees,
        steps=(StepSpec(name="Tiếp nhận và giải quyết", role="specialist", days=Decimal(days)),),
    )
    return procedure_version_create(procedure=procedure, spec=spec, actor=None)


@pytest.fixture
def portal_catalog(province, settings, tmp_path):  # noqa: F811
    """Three procedures in two fields: birth registration (fully online, free, with a form),
    marriage registration (partly online) and a land procedure (not online, 50.000 đ)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    w = SimpleNamespace(province=province)
    w.civil = field_create(code="ho-tich", name="Hộ tịch", actor=None)
    w.land = field_create(code="dat-dai", name="Đất đai", actor=None)
    w.birth = add_procedure(
        code="1.001193",
        name="Đăng ký khai sinh",
        field=w.civil,
        agencies=[province.commune_a],
        online_mode="full",
        days="0.5",
        fees=(FeeSpec(kind="fee", description="Lệ phí đăng ký", amount=0, exemptions="Miễn"),),
        components=(
            ComponentSpec(
                name="Tờ khai đăng ký khai sinh",
                kind="form",
                template_name="Tờ khai khai sinh.docx",
                template_content=docx_bytes(),
            ),
            ComponentSpec(name="Giấy chứng sinh", kind="original"),
        ),
    )
    w.marriage = add_procedure(
        code="1.000894",
        name="Đăng ký kết hôn",
        field=w.civil,
        agencies=[province.commune_b],
        online_mode="partial",
        days="5",
    )
    w.land_change = add_procedure(
        code="1.004227",
        name="Đăng ký biến động đất đai",
        field=w.land,
        agencies=[province.justice],
        online_mode="none",
        days="10",
        level="province",
        fees=(FeeSpec(kind="charge", description="Phí thẩm định", amount=50000),),
    )
    return w
