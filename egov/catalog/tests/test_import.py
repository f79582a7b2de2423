"""Catalogue import: every problem reported with its place, nothing half-imported."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from egov.catalog.exporting import catalog_export
from egov.catalog.importing import CatalogImportError, catalog_import
from egov.catalog.models import Component, Field, Procedure, ProcedureVersion
from egov.catalog.tests.conftest import PDF, as_json, docx_bytes
from egov.core.audit import audit_record
from egov.core.models import AuditEvent


def import_json(doc, templates, **kwargs):
    return catalog_import(data=as_json(doc), fmt="json", actor=None, template_files=templates)


def errors_of(call):
    with pytest.raises(CatalogImportError) as failed:
        call()
    return failed.value.errors


def test_json_import_creates_the_catalogue(catalog):
    land = Procedure.objects.get(code="1.004227")
    assert [a.code for a in land.agencies.all()] == ["000.00.10.H99"]  # the one Sở
    v1, v2 = land.versions.order_by("number")
    assert str(v1.effective_until) == "2025-07-01" and v2.effective_until is None
    assert v2.components.get().template.name.endswith(".pdf")
    assert AuditEvent.objects.filter(action="catalog_imported").count() == 1


def test_reimport_is_idempotent(catalog, document, templates):
    before = {c.pk: c.template.name for c in Component.objects.all()}
    report = import_json(document, templates)
    assert report.procedures_created == 0 and report.versions_created == 0
    assert report.templates_stored == 0
    assert {c.pk: c.template.name for c in Component.objects.all()} == before
    assert ProcedureVersion.objects.count() == 3


def test_reimport_replaces_parts_and_new_content(catalog, document, templates):
    version = document["procedures"][0]["versions"][0]
    version["components"] = version["components"][:1]
    version["fees"] = []
    templates["to-khai-khai-sinh.docx"] = docx_bytes("Mẫu mới")
    report = import_json(document, templates)
    birth = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert birth.components.count() == 1 and not birth.fees.exists()
    assert report.templates_stored == 1
    assert birth.components.get().template.read() == templates["to-khai-khai-sinh.docx"]


def test_new_version_in_file_closes_the_recorded_one(catalog, document, templates):
    birth = document["procedures"][0]
    newer = json.loads(json.dumps(birth["versions"][0]))
    newer.update(number=2, effective_from="2026-01-01", name="Đăng ký khai sinh (2026)")
    birth["versions"] = [newer]
    report = import_json(document, templates)
    assert report.versions_closed == 1
    old = ProcedureVersion.objects.get(procedure__code="1.001193", number=1)
    assert str(old.effective_until) == "2026-01-01"


def test_bad_json_syntax(db):
    errors = errors_of(lambda: catalog_import(data=b'{"format": ', fmt="json", actor=None))
    assert len(errors) == 1 and errors[0].location.startswith(("line 1", "dòng 1"))


def test_unknown_field_agency_and_missing_template(province, document, templates):
    birth = document["procedures"][0]
    birth["field"] = "khong-co"
    birth["agencies"] = ["999.99.99.H99"]
    del templates["to-khai-khai-sinh.docx"]
    errors = errors_of(lambda: import_json(document, templates))
    locations = {e.location for e in errors}
    assert locations == {
        "procedures[0].field",
        "procedures[0].agencies[0]",
        "procedures[0].versions[0].components[0].template",
    }
    assert not Procedure.objects.exists() and not Field.objects.exists()


def test_wrong_magic_bytes_and_extension(province, document, templates):
    templates["to-khai-khai-sinh.docx"] = b"MZ\x90\x00 not a document"
    document["procedures"][1]["versions"][1]["components"][0]["template"] = "script.exe"
    templates["script.exe"] = PDF
    errors = errors_of(lambda: import_json(document, templates))
    assert [e.location for e in errors] == [
        "procedures[0].versions[0].components[0].template",
        "procedures[1].versions[1].components[0].template",
    ]
    assert ".docx" in errors[0].message


def test_every_rule_reported_at_its_path(province, document, templates):
    birth = document["procedures"][0]["versions"][0]
    birth["steps"][1]["days"] = "1"  # sum 1.5 != 1
    land = document["procedures"][1]["versions"]
    land[1]["effective_from"] = "2024-06-01"  # overlaps version 1
    land[0]["fees"][0]["amount"] = -5
    document["fields"].append({"code": "ho tich", "name": ""})
    errors = errors_of(lambda: import_json(document, templates))
    assert {e.location for e in errors} == {
        "procedures[0].versions[0].steps",
        "procedures[1].versions[1].effective_from",
        "procedures[1].versions[0].fees[0].amount",
        "fields[2].code",
        "fields[2].name",
    }
    assert not Procedure.objects.exists()


def xlsx_of(catalog_doc_import):
    return load_workbook(io.BytesIO(catalog_export(fmt="xlsx")))


def test_bad_xlsx_reports_every_row_and_writes_nothing(catalog, templates):
    workbook = load_workbook(io.BytesIO(catalog_export(fmt="xlsx")))
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    steps = workbook["steps"]
    header = [c.value for c in steps[1]]
    steps.cell(row=2, column=header.index("role") + 1, value="mayor")
    steps.cell(row=3, column=header.index("days") + 1, value="abc")
    fees = workbook["fees"]
    fees.cell(row=2, column=[c.value for c in fees[1]].index("amount") + 1, value=-1)
    procedures = workbook["procedures"]
    header = [c.value for c in procedures[1]]
    procedures.cell(row=3, column=header.index("online_mode") + 1, value="level4")
    components = workbook["components"]
    components.cell(row=2, column=2, value=9)  # no version 9
    out = io.BytesIO()
    workbook.save(out)
    errors = errors_of(
        lambda: catalog_import(
            data=out.getvalue(), fmt="xlsx", actor=None, template_files=templates
        )
    )
    cells = {(e.sheet, e.row, e.column) for e in errors}
    assert cells == {
        ("steps", 2, "role"),
        ("steps", 3, "days"),
        ("fees", 2, "amount"),
        ("procedures", 3, "online_mode"),
        ("components", 2, "version"),
    }
    assert all(e.location.startswith(("sheet", "trang")) for e in errors)
    assert not Procedure.objects.exists()


def test_not_an_xlsx_file(db):
    errors = errors_of(lambda: catalog_import(data=b"hello", fmt="xlsx", actor=None))
    assert errors[0].location == "$"


def test_wrong_format_marker(db):
    errors = errors_of(lambda: import_json({"format": "other", "procedures": []}, {}))
    assert errors[0].location == "format"


def test_failure_while_writing_leaves_no_rows_and_no_files(
    province, document, templates, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    from egov.catalog import importing

    def broken_audit(action, **kwargs):
        if action == "catalog_imported":
            raise RuntimeError("disk full")
        return audit_record(action, **kwargs)

    monkeypatch.setattr(importing, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        import_json(document, templates)
    assert not Procedure.objects.exists() and not Field.objects.exists()
    assert not [p for p in (tmp_path / "media").rglob("*") if p.is_file()]


def test_empty_or_malformed_lists_reported(province):
    doc = {
        "format": "egov-catalog",
        "format_version": 1,
        "fields": "ho-tich",
        "procedures": [{"code": "1.1", "field": "x", "level": "commune", "versions": []}, 5],
    }
    errors = errors_of(lambda: import_json(doc, {}))
    assert {e.location for e in errors} == {
        "fields",
        "procedures[0].field",
        "procedures[0].versions",
        "procedures[1]",
    }


def test_unknown_agency_kind_and_duplicates(province, document, templates):
    document["procedures"][1]["agency_kinds"] = ["district_committee"]
    document["procedures"].append(document["procedures"][0])
    errors = errors_of(lambda: import_json(document, templates))
    assert {e.location for e in errors} == {
        "procedures[1].agency_kinds[0]",
        "procedures[2].code",
    }
