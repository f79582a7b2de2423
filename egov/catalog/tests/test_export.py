"""Export: each format imports back to the same catalogue; the management commands."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from egov.catalog.exporting import catalog_export, catalog_template_files
from egov.catalog.importing import catalog_import
from egov.catalog.models import Component, Procedure, ProcedureVersion
from egov.catalog.tests.conftest import as_json, docx_bytes


def wipe():
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_export_import_export_round_trip(catalog, fmt):
    first = catalog_export(fmt=fmt)
    templates = catalog_template_files()
    snapshot = json.loads(catalog_export(fmt="json"))
    wipe()
    catalog_import(data=first, fmt=fmt, actor=None, template_files=templates)
    assert json.loads(catalog_export(fmt="json")) == snapshot
    if fmt == "json":
        assert catalog_export(fmt="json") == first


def test_export_carries_the_imported_content(catalog, document):
    exported = json.loads(catalog_export(fmt="json"))
    birth = exported["procedures"][0]["versions"][0]
    assert birth["processing_days"] == "1"
    assert [s["days"] for s in birth["steps"]] == ["0.5", "0.5"]
    assert exported["procedures"][0]["agencies"] == ["000.01.00.H99"]
    assert birth["components"][0]["template"].endswith(".docx")


def test_import_command_lists_errors_and_fails(province, tmp_path, document):
    document["procedures"][0]["field"] = "khong-co"
    path = tmp_path / "catalog.json"
    path.write_bytes(as_json(document))
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("catalog_import", str(path), stderr=errors)
    assert "procedures[0].field" in errors.getvalue()
    assert not Procedure.objects.exists()


def test_commands_round_trip_with_template_zip(catalog, tmp_path):
    exported = tmp_path / "catalog.xlsx"
    folder = tmp_path / "templates"
    call_command("catalog_export", str(exported), templates=str(folder), stdout=io.StringIO())
    archive = tmp_path / "templates.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in folder.iterdir():
            zipped.write(file, f"bieu-mau/{file.name}")
    wipe()
    out = io.StringIO()
    call_command("catalog_import", str(exported), templates=str(archive), stdout=out)
    assert ProcedureVersion.objects.count() == 3
    assert Component.objects.exclude(template="").count() == 2


def test_command_refuses_unknown_extension(tmp_path, db):
    path = tmp_path / "catalog.csv"
    path.write_text("x")
    with pytest.raises(CommandError):
        call_command("catalog_import", str(path))


def test_same_file_name_with_other_content_is_kept_apart(catalog, document, templates):
    # The land procedure's form gets the birth form's name but different content.
    land = document["procedures"][1]["versions"][1]["components"][0]
    land["template"] = "to-khai-khai-sinh.docx"
    other = {**templates, "to-khai-khai-sinh.docx": docx_bytes("Khác")}
    catalog_import(
        data=as_json({**document, "procedures": [document["procedures"][1]]}),
        fmt="json",
        actor=None,
        template_files=other,
    )
    exported = json.loads(catalog_export(fmt="json"))
    birth_name = exported["procedures"][0]["versions"][0]["components"][0]["template"]
    land_name = exported["procedures"][1]["versions"][1]["components"][0]["template"]
    assert birth_name == "to-khai-khai-sinh.docx" and land_name != birth_name
    files = catalog_template_files()
    assert files[birth_name] == templates["to-khai-khai-sinh.docx"]
    assert files[land_name] == other["to-khai-khai-sinh.docx"]
    first = catalog_export(fmt="json")
    wipe()
    catalog_import(data=first, fmt="json", actor=None, template_files=files)
    assert catalog_export(fmt="json") == first
