"""A procedure version's own fields: the rules, the service, the admin's model check and the
import/export in both formats (all or nothing, every problem at its place)."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from egov.catalog import rules
from egov.catalog.exporting import catalog_export, catalog_template_files
from egov.catalog.importing import CatalogImportError, catalog_import
from egov.catalog.models import Field, Procedure, ProcedureVersion
from egov.catalog.rules import FormFieldSpec, VersionSpec
from egov.catalog.services import procedure_version_create
from egov.catalog.tests.conftest import as_json
from egov.core.errors import ValidationFailed

FIELDS = [
    {"key": "ho_ten_tre", "label": "Họ, chữ đệm, tên của trẻ", "type": "text"},
    {
        "key": "ngay_sinh",
        "label": "Ngày, tháng, năm sinh",
        "help": "Theo giấy chứng sinh",
        "type": "date",
        "required": True,
    },
    {"key": "gioi_tinh", "label": "Giới tính", "type": "choice", "choices": ["Nam", "Nữ"]},
    {"key": "can_nang", "label": "Cân nặng (gam)", "type": "number", "required": False},
    {"key": "ghi_chu", "label": "Ghi chú", "type": "textarea", "required": False},
]


def problems(data):
    return rules.form_fields_from_data(data)[1]


def test_valid_definitions_are_read_with_defaults():
    fields, found = rules.form_fields_from_data(FIELDS)
    assert found == []
    assert [f.key for f in fields] == [
        "ho_ten_tre",
        "ngay_sinh",
        "gioi_tinh",
        "can_nang",
        "ghi_chu",
    ]
    assert fields[0].required is True and fields[0].help == "" and fields[0].choices == ()
    assert fields[2].choices == ("Nam", "Nữ")
    assert fields[3].required is False
    assert fields[0].as_data() == {
        "key": "ho_ten_tre",
        "label": "Họ, chữ đệm, tên của trẻ",
        "help": "",
        "type": "text",
        "required": True,
        "choices": [],
    }


def test_empty_definitions_are_fine():
    assert rules.form_fields_from_data([]) == ([], [])
    assert rules.form_fields_from_data(None) == ([], [])


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"key": "Họ tên"}, "form_fields[0].key"),
        ({"key": "1abc"}, "form_fields[0].key"),
        ({"key": "request"}, "form_fields[0].key"),
        ({"key": ""}, "form_fields[0].key"),
        ({"label": ""}, "form_fields[0].label"),
        ({"label": "x" * 201}, "form_fields[0].label"),
        ({"type": "email"}, "form_fields[0].type"),
        ({"required": "maybe"}, "form_fields[0].required"),
        ({"choices": ["Nam"]}, "form_fields[0].choices"),
        ({"help": "x" * 501}, "form_fields[0].help"),
    ],
)
def test_each_broken_rule_is_reported_at_its_path(change, path):
    data = copy.deepcopy(FIELDS)
    data[0].update(change)
    found = problems(data)
    assert [p for p, _m in found] == [path]
    assert all(message for _p, message in found)


def test_choice_rules():
    data = copy.deepcopy(FIELDS)
    data[2]["choices"] = ["Nam"]
    assert problems(data) == [("form_fields[2].choices", "Cần ít nhất hai lựa chọn.")]
    data[2]["choices"] = ["Nam", "Nam"]
    assert [p for p, _m in problems(data)] == ["form_fields[2].choices"]
    data[2]["choices"] = ["Nam; Nữ", "Khác"]
    assert [p for p, _m in problems(data)] == ["form_fields[2].choices"]
    data[2]["choices"] = []
    assert [p for p, _m in problems(data)] == ["form_fields[2].choices"]
    data[2]["choices"] = "Nam; Nữ"  # as in an XLSX cell
    assert problems(data) == []
    assert rules.form_fields_from_data(data)[0][2].choices == ("Nam", "Nữ")


def test_only_a_choice_field_has_choices():
    data = copy.deepcopy(FIELDS)
    data[0]["choices"] = ["a", "b"]
    assert problems(data) == [
        ("form_fields[0].choices", "Chỉ trường lựa chọn mới có các lựa chọn.")
    ]


def test_keys_are_unique():
    data = copy.deepcopy(FIELDS)
    data[1]["key"] = "ho_ten_tre"
    assert problems(data) == [("form_fields[1].key", "Mã trường ho_ten_tre bị trùng.")]


def test_not_a_list_or_not_objects():
    assert problems({"key": "a"}) == [("form_fields", "Cần một danh sách.")]
    assert [p for p, _m in problems(["x"])] == ["form_fields[0]"]


def test_too_many_fields():
    data = [{"key": f"f{i}", "label": "Trường", "type": "text"} for i in range(51)]
    assert [p for p, _m in problems(data)] == ["form_fields"]


def test_model_clean_refuses_bad_definitions(db):
    version = ProcedureVersion(form_fields=[{"key": "a", "label": "", "type": "text"}])
    with pytest.raises(ValidationError) as refused:
        version.clean()
    assert "form_fields" in refused.value.message_dict
    version.form_fields = FIELDS
    version.clean()


def _spec(form_fields):
    return VersionSpec(
        effective_from=dt.date(2025, 7, 1),
        name="Đăng ký khai sinh",
        processing_days=Decimal("1"),
        online_mode="full",
        result_type="Giấy khai sinh",
        steps=(rules.StepSpec(name="Giải quyết", role="specialist", days=Decimal("1")),),
        form_fields=form_fields,
    )


@pytest.fixture
def procedure(db):
    field = Field.objects.create(code="ho-tich", name="Hộ tịch")
    return Procedure.objects.create(code="1.001193", field=field, level="commune")


def test_service_stores_the_fields(procedure):
    fields = rules.form_fields_from_data(FIELDS)[0]
    version = procedure_version_create(procedure=procedure, spec=_spec(fields), actor=None)
    version.refresh_from_db()
    assert [f["key"] for f in version.form_fields] == [f["key"] for f in FIELDS]
    assert version.form_fields[2]["choices"] == ["Nam", "Nữ"]


def test_service_refuses_bad_fields(procedure):
    bad = [FormFieldSpec(key="a", label="A", type="choice", choices=("x",))]
    with pytest.raises(ValidationFailed) as refused:
        procedure_version_create(procedure=procedure, spec=_spec(bad), actor=None)
    assert refused.value.extra.get("field") == "form_fields[0].choices"
    assert not ProcedureVersion.objects.exists()


def _with_fields(document):
    document["procedures"][0]["versions"][0]["form_fields"] = copy.deepcopy(FIELDS)
    return document


def test_import_stores_and_export_carries_the_fields(province, document, templates):
    catalog_import(
        data=as_json(_with_fields(document)), fmt="json", actor=None, template_files=templates
    )
    exported = json.loads(catalog_export(fmt="json"))
    birth = exported["procedures"][0]["versions"][0]
    assert [f["key"] for f in birth["form_fields"]] == [f["key"] for f in FIELDS]
    assert birth["form_fields"][1]["help"] == "Theo giấy chứng sinh"
    assert exported["procedures"][1]["versions"][0]["form_fields"] == []


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_round_trip_keeps_the_fields(province, document, templates, settings, tmp_path, fmt):
    settings.MEDIA_ROOT = tmp_path / "media"
    catalog_import(
        data=as_json(_with_fields(document)), fmt="json", actor=None, template_files=templates
    )
    first = catalog_export(fmt=fmt)
    snapshot = json.loads(catalog_export(fmt="json"))
    files = catalog_template_files()
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    catalog_import(data=first, fmt=fmt, actor=None, template_files=files)
    assert json.loads(catalog_export(fmt="json")) == snapshot
    assert ProcedureVersion.objects.get(procedure__code="1.001193").form_fields[2]["choices"] == [
        "Nam",
        "Nữ",
    ]


def test_xlsx_has_a_form_fields_sheet_with_choices_in_one_cell(
    province, document, templates, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    catalog_import(
        data=as_json(_with_fields(document)), fmt="json", actor=None, template_files=templates
    )
    sheet = load_workbook(io.BytesIO(catalog_export(fmt="xlsx")))["form_fields"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "procedure",
        "version",
        "key",
        "label",
        "help",
        "type",
        "required",
        "choices",
    )
    assert rows[3][:3] == ("1.001193", 1, "gioi_tinh")
    assert rows[3][-1] == "Nam; Nữ"


def test_bad_fields_in_json_are_reported_and_nothing_is_written(province, document, templates):
    _with_fields(document)
    fields = document["procedures"][0]["versions"][0]["form_fields"]
    fields[1]["type"] = "email"
    fields[2]["key"] = "ho_ten_tre"
    with pytest.raises(CatalogImportError) as failed:
        catalog_import(data=as_json(document), fmt="json", actor=None, template_files=templates)
    assert {e.location for e in failed.value.errors} == {
        "procedures[0].versions[0].form_fields[1].type",
    }
    assert not Procedure.objects.exists()
    fields[1]["type"] = "date"
    with pytest.raises(CatalogImportError) as failed:
        catalog_import(data=as_json(document), fmt="json", actor=None, template_files=templates)
    assert [e.location for e in failed.value.errors] == [
        "procedures[0].versions[0].form_fields[2].key"
    ]
    assert not Procedure.objects.exists()


def test_bad_fields_in_xlsx_are_reported_by_sheet_row_and_column(
    province, document, templates, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    catalog_import(
        data=as_json(_with_fields(document)), fmt="json", actor=None, template_files=templates
    )
    workbook = load_workbook(io.BytesIO(catalog_export(fmt="xlsx")))
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    sheet = workbook["form_fields"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("key") + 1, value="Họ tên")
    sheet.cell(row=3, column=header.index("type") + 1, value="email")

    def errors():
        out = io.BytesIO()
        workbook.save(out)
        with pytest.raises(CatalogImportError) as failed:
            catalog_import(data=out.getvalue(), fmt="xlsx", actor=None, template_files=templates)
        return {(e.sheet, e.row, e.column) for e in failed.value.errors}

    assert errors() == {("form_fields", 2, "key"), ("form_fields", 3, "type")}
    # The rules across a version's fields run once each field is readable.
    sheet.cell(row=2, column=header.index("key") + 1, value="ho_ten_tre")
    sheet.cell(row=3, column=header.index("type") + 1, value="date")
    sheet.cell(row=4, column=header.index("choices") + 1, value="Nam")
    assert errors() == {("form_fields", 4, "choices")}
    assert not Procedure.objects.exists()


def test_a_workbook_without_the_sheet_still_imports(
    province, document, templates, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    catalog_import(data=as_json(document), fmt="json", actor=None, template_files=templates)
    workbook = load_workbook(io.BytesIO(catalog_export(fmt="xlsx")))
    del workbook["form_fields"]
    out = io.BytesIO()
    workbook.save(out)
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    catalog_import(
        data=out.getvalue(),
        fmt="xlsx",
        actor=None,
        template_files=catalog_template_files() or templates,
    )
    assert ProcedureVersion.objects.get(procedure__code="1.001193").form_fields == []


def test_reimport_replaces_the_fields(province, document, templates, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    catalog_import(
        data=as_json(_with_fields(document)), fmt="json", actor=None, template_files=templates
    )
    document["procedures"][0]["versions"][0]["form_fields"] = FIELDS[:1]
    catalog_import(data=as_json(document), fmt="json", actor=None, template_files=templates)
    version = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert [f["key"] for f in version.form_fields] == ["ho_ten_tre"]
