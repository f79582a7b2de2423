"""The two file formats of the catalogue (docs/catalog-format.md): both are read into the
same JSON document, remembering for XLSX which cell each value came from, so one validator
reports errors as a JSON path or as sheet, row and column."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from egov.core.errors import ValidationFailed

FORMAT_NAME = "egov-catalog"
FORMAT_VERSION = 1

FIELD_COLUMNS = ("code", "name")
PROCEDURE_COLUMNS = ("code", "field", "level", "agencies", "agency_kinds")
VERSION_COLUMNS = (
    "number",
    "effective_from",
    "effective_until",
    "name",
    "description",
    "conditions",
    "legal_basis",
    "competent_authority",
    "processing_days",
    "online_mode",
    "result_type",
    "electronic_result",
)
KEY_COLUMNS = ("procedure", "version")
PART_COLUMNS = {
    "components": ("name", "kind", "count", "required", "template"),
    "fees": ("kind", "description", "amount", "exemptions"),
    "steps": ("name", "role", "department", "days", "agency_code", "stage"),
    "form_fields": ("key", "label", "help", "type", "required", "choices"),
}
# Columns added after the first files were written: a workbook without them still reads.
OPTIONAL_PART_COLUMNS = frozenset({"agency_code", "stage", "help", "choices"})
LIST_COLUMNS = ("agencies", "agency_kinds")


@dataclass(frozen=True)
class RowError:
    """One problem of an imported file; ``location`` is a JSON path or a sheet cell."""

    location: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class CatalogImportError(ValidationFailed):
    """The file has problems; ``errors`` lists every one of them and nothing was written."""

    code = "catalog_invalid"

    def __init__(self, errors: list[RowError]) -> None:
        message = ngettext(
            "The catalogue has %(n)d error; nothing was imported.",
            "The catalogue has %(n)d errors; nothing was imported.",
            len(errors),
        ) % {"n": len(errors)}
        super().__init__(message, errors=[str(e) for e in errors])
        self.errors = errors


@dataclass
class ImportReport:
    fields_created: int = 0
    fields_updated: int = 0
    procedures_created: int = 0
    procedures_updated: int = 0
    versions_created: int = 0
    versions_updated: int = 0
    versions_closed: int = 0
    templates_stored: int = 0

    def __str__(self) -> str:
        return str(
            _(
                "Fields: %(fc)d new, %(fu)d updated. Procedures: %(pc)d new, %(pu)d updated. "
                "Versions: %(vc)d new, %(vu)d updated, %(vx)d closed. Templates stored: %(t)d."
            )
            % {
                "fc": self.fields_created,
                "fu": self.fields_updated,
                "pc": self.procedures_created,
                "pu": self.procedures_updated,
                "vc": self.versions_created,
                "vu": self.versions_updated,
                "vx": self.versions_closed,
                "t": self.templates_stored,
            }
        )


@dataclass(frozen=True)
class Cell:
    sheet: str
    row: int
    column: str = ""


class Where:
    """Maps JSON paths to the XLSX cells they were read from (empty for a JSON file)."""

    def __init__(self) -> None:
        self.cells: dict[str, Cell] = {}

    def error(self, path: str, message: str) -> RowError:
        probe = path
        while probe:
            cell = self.cells.get(probe)
            if cell is not None:
                rest = path[len(probe) :].lstrip(".")
                column = cell.column or rest.split(".")[0].split("[")[0]
                return _cell_error(cell.sheet, cell.row, column, message)
            probe = _parent(probe)
        return RowError(path or "$", message)


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def _cell_error(sheet: str, row: int, column: str, message: str) -> RowError:
    where = str(_("sheet %(sheet)s, row %(row)d") % {"sheet": sheet, "row": row})
    if column:
        where = f"{where}, " + str(_("column %(column)s") % {"column": column})
    return RowError(where, message, sheet, row, column)


def read_json(data: bytes) -> tuple[Any, Where, list[RowError]]:
    try:
        return json.loads(data.decode("utf-8-sig")), Where(), []
    except UnicodeDecodeError:
        return None, Where(), [RowError("$", str(_("The file is not UTF-8 text.")))]
    except json.JSONDecodeError as error:
        location = str(
            _("line %(line)d, column %(column)d") % {"line": error.lineno, "column": error.colno}
        )
        message = _("Invalid JSON: %(problem)s.") % {"problem": error.msg}
        return None, Where(), [RowError(location, str(message), row=error.lineno)]


def _rows(sheet: Any) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, None) or ()
    header = [str(h).strip() if h is not None else "" for h in header_row]
    body = []
    for number, values in enumerate(rows, start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        record = {h: v for h, v in zip(header, values, strict=False) if h}
        body.append((number, record))
    return header, body


def _split(value: Any) -> list[str]:
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _version_key(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


class _XlsxReader:
    def __init__(self, data: bytes) -> None:
        self.where = Where()
        self.errors: list[RowError] = []
        self.doc: dict[str, Any] = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION}
        self.workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        self.version_paths: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(_cell_error(sheet, row, column, message))

    def sheet(self, name: str, required: tuple[str, ...], *, optional: bool) -> list[Any]:
        if name not in self.workbook.sheetnames:
            if not optional:
                self.error(name, 1, "", str(_("The sheet %(sheet)s is missing.") % {"sheet": name}))
            return []
        header, body = _rows(self.workbook[name])
        missing = [c for c in required if c not in header]
        if missing:
            message = _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}
            self.error(name, 1, "", str(message))
            return []
        return body

    def note(self, path: str, sheet: str, row: int, record: dict[str, Any]) -> None:
        self.where.cells[path] = Cell(sheet, row)
        for key in record:
            self.where.cells[f"{path}.{key}"] = Cell(sheet, row, key)

    def read(self) -> None:
        fields = self.doc["fields"] = []
        for row, record in self.sheet("fields", FIELD_COLUMNS, optional=True):
            self.note(f"fields[{len(fields)}]", "fields", row, record)
            fields.append(record)
        self.read_procedures()
        for part, columns in PART_COLUMNS.items():
            required = tuple(c for c in columns if c not in OPTIONAL_PART_COLUMNS)
            for row, record in self.sheet(part, KEY_COLUMNS + required, optional=True):
                key = (
                    str(record.pop("procedure") or "").strip(),
                    _version_key(record.pop("version")),
                )
                found = self.version_paths.get(key)
                if found is None:
                    message = _("No version %(n)s of procedure %(code)s in the sheet procedures.")
                    self.error(part, row, "version", str(message % {"n": key[1], "code": key[0]}))
                    continue
                path, version = found
                items = version.setdefault(part, [])
                self.note(f"{path}.{part}[{len(items)}]", part, row, record)
                items.append(record)

    def read_procedures(self) -> None:
        procedures: list[dict[str, Any]] = []
        self.doc["procedures"] = procedures
        by_code: dict[str, tuple[int, dict[str, Any]]] = {}
        rows = self.sheet("procedures", PROCEDURE_COLUMNS[:3] + VERSION_COLUMNS[:1], optional=False)
        for row, record in rows:
            head = {k: record[k] for k in PROCEDURE_COLUMNS if k in record}
            for key in LIST_COLUMNS:
                if key in head:
                    if head[key] is None or not str(head[key]).strip():
                        del head[key]
                    else:
                        head[key] = _split(head[key])
            code = str(head.get("code") or "").strip()
            if code in by_code:
                index, first = by_code[code]
                for key in PROCEDURE_COLUMNS:
                    if key != "code" and head.get(key) != first.get(key):
                        message = _("Differs from the first row of procedure %(code)s.")
                        self.error("procedures", row, key, str(message % {"code": code}))
                procedure = procedures[index]
            else:
                index = len(procedures)
                procedure = {**head, "versions": []}
                by_code[code] = (index, head)
                procedures.append(procedure)
                self.note(f"procedures[{index}]", "procedures", row, head)
            version = {k: record[k] for k in VERSION_COLUMNS if k in record}
            path = f"procedures[{index}].versions[{len(procedure['versions'])}]"
            self.note(path, "procedures", row, version)
            procedure["versions"].append(version)
            self.version_paths.setdefault(
                (code, _version_key(version.get("number"))), (path, version)
            )


def read_xlsx(data: bytes) -> tuple[Any, Where, list[RowError]]:
    try:
        reader = _XlsxReader(data)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None, Where(), [RowError("$", str(_("The file is not an XLSX workbook.")))]
    reader.read()
    return reader.doc, reader.where, reader.errors
