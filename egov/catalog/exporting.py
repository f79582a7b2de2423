"""Export the catalogue in the import formats, so an export imports back unchanged."""

from __future__ import annotations

import hashlib
import io
import json
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any, Literal

from django.db.models import FileField
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from egov.core.errors import ValidationFailed

from .models import Component, Field, Procedure, ProcedureVersion
from .rules import form_fields_from_data
from .sheets import (
    FIELD_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    KEY_COLUMNS,
    LIST_COLUMNS,
    PART_COLUMNS,
    PROCEDURE_COLUMNS,
    VERSION_COLUMNS,
)


def _days(value: Decimal) -> str:
    return format(value.normalize(), "f")


def template_names() -> dict[int, tuple[str, str]]:
    """Component id -> (file name in the export, stored name) for every form template.

    Stored names are unique by content digest, plain names are not: a second, different
    file with the same name is exported as ``name-<hash>.ext`` so no template is lost.
    """
    names: dict[int, tuple[str, str]] = {}
    owners: dict[str, str] = {}
    components = (
        Component.objects.exclude(template="")
        .order_by("version__procedure__code", "version__number", "position")
        .values_list("pk", "template")
    )
    for pk, stored in components:
        name = PurePosixPath(stored).name
        if owners.setdefault(name, stored) != stored:
            path = PurePosixPath(name)
            digest = hashlib.sha256(stored.encode()).hexdigest()[:8]
            name = f"{path.stem}-{digest}{path.suffix}"
            owners.setdefault(name, stored)
        names[pk] = (name, stored)
    return names


def _version(version: ProcedureVersion, templates: dict[int, tuple[str, str]]) -> dict[str, Any]:
    return {
        "number": version.number,
        "effective_from": version.effective_from.isoformat(),
        "effective_until": version.effective_until.isoformat() if version.effective_until else None,
        "name": version.name,
        "description": version.description,
        "conditions": version.conditions,
        "legal_basis": version.legal_basis,
        "competent_authority": version.competent_authority,
        "processing_days": _days(version.processing_days),
        "online_mode": version.online_mode,
        "result_type": version.result_type,
        "electronic_result": version.electronic_result,
        "components": [
            {
                "name": c.name,
                "kind": c.kind,
                "count": c.count,
                "required": c.required,
                "template": templates[c.pk][0] if c.pk in templates else None,
            }
            for c in version.components.all()
        ],
        "fees": [
            {
                "kind": f.kind,
                "description": f.description,
                "amount": f.amount,
                "exemptions": f.exemptions,
            }
            for f in version.fees.all()
        ],
        "steps": [
            {
                "name": s.name,
                "role": s.role,
                "department": s.department,
                "days": _days(s.days),
                "agency_code": s.agency_code,
                "stage": s.stage,
            }
            for s in version.steps.all()
        ],
        "form_fields": [f.as_data() for f in form_fields_from_data(version.form_fields)[0]],
    }


def catalog_document() -> dict[str, Any]:
    """The whole catalogue as the JSON document of docs/catalog-format.md."""
    procedures = (
        Procedure.objects.select_related("field")
        .prefetch_related("agencies", "versions__components", "versions__fees", "versions__steps")
        .order_by("code")
    )
    templates = template_names()
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "fields": [{"code": f.code, "name": f.name} for f in Field.objects.order_by("code")],
        "procedures": [
            {
                "code": p.code,
                "field": p.field.code,
                "level": p.level,
                "agencies": sorted(a.code for a in p.agencies.all()),
                "versions": [
                    _version(v, templates) for v in sorted(p.versions.all(), key=lambda v: v.number)
                ],
            }
            for p in procedures
        ],
    }


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(value)
    return value


def _part_cell(value: Any) -> Any:
    """A list inside a part (a choice field's choices) is one cell, separated by semicolons."""
    return "; ".join(value) if isinstance(value, list) else value


def _xlsx(document: dict[str, Any]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "fields"
    sheet.append(list(FIELD_COLUMNS))
    for record in document["fields"]:
        sheet.append([record[c] for c in FIELD_COLUMNS])
    procedures = workbook.create_sheet("procedures")
    procedures.append([*PROCEDURE_COLUMNS, *VERSION_COLUMNS])
    parts = {name: workbook.create_sheet(name) for name in PART_COLUMNS}
    for name, columns in PART_COLUMNS.items():
        parts[name].append([*KEY_COLUMNS, *columns])
    for procedure in document["procedures"]:
        head = [
            _cell(procedure.get(c)) if c not in LIST_COLUMNS or procedure.get(c) else None
            for c in PROCEDURE_COLUMNS
        ]
        for version in procedure["versions"]:
            procedures.append(head + [version[c] for c in VERSION_COLUMNS])
            for name, columns in PART_COLUMNS.items():
                for item in version[name]:
                    parts[name].append(
                        [
                            procedure["code"],
                            version["number"],
                            *(_part_cell(item[c]) for c in columns),
                        ]
                    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def catalog_export(*, fmt: Literal["json", "xlsx"]) -> bytes:
    """The catalogue as a file ``catalog_import`` reads back to the same catalogue."""
    document = catalog_document()
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(document)
    raise ValidationFailed(_("Unknown catalogue format %(fmt)s.") % {"fmt": fmt})


def catalog_template_files() -> dict[str, bytes]:
    """Every stored form template by the file name the export refers to."""
    field = Component._meta.get_field("template")
    assert isinstance(field, FileField)  # noqa: S101 - declared so in models.py
    files: dict[str, bytes] = {}
    for name, stored in template_names().values():
        if name not in files:
            try:
                with field.storage.open(stored, "rb") as handle:
                    files[name] = handle.read()
            except OSError:
                continue
    return files
