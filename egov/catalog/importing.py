"""Import the catalogue from JSON or XLSX: all or nothing.

Everything is validated first and every problem is reported with its place in the file;
only a file without a single problem is written, in one transaction. Re-importing a file
changes nothing: procedures are matched by code and versions by number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Literal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import ValidationFailed
from egov.orgs.models import Agency

from . import rules
from .models import Field, Procedure, ProcedureVersion
from .rules import (
    COMPONENT_CHECKS,
    FEE_CHECKS,
    FORM_FIELD_CHECKS,
    STEP_CHECKS,
    VERSION_CHECKS,
    ComponentSpec,
    FeeSpec,
    FormFieldSpec,
    Invalid,
    Span,
    StepSpec,
    VersionSpec,
    slug,
)
from .services import require_catalog_admin
from .sheets import (
    FORMAT_NAME,
    FORMAT_VERSION,
    CatalogImportError,
    ImportReport,
    RowError,
    Where,
    read_json,
    read_xlsx,
)
from .writing import (
    delete_templates,
    refresh_field_search_text,
    set_version_content,
    set_version_parts,
)

__all__ = ["CatalogImportError", "ImportReport", "RowError", "catalog_import"]


@dataclass
class _ProcedurePlan:
    code: str
    field_code: str
    level: str
    agency_ids: list[int] | None
    versions: list[tuple[int, VersionSpec]] = field(default_factory=list)


@dataclass
class _Plan:
    fields: dict[str, str] = field(default_factory=dict)
    procedures: list[_ProcedurePlan] = field(default_factory=list)
    closes: list[tuple[ProcedureVersion, Any]] = field(default_factory=list)


_BAD = object()


class _Validator:
    def __init__(self, where: Where, template_files: Mapping[str, bytes]) -> None:
        self.where = where
        self.errors: list[RowError] = []
        self.templates = dict(template_files)
        self.plan = _Plan()

    def error(self, path: str, message: str) -> None:
        self.errors.append(self.where.error(path, message))

    def value(
        self,
        record: dict[str, Any],
        key: str,
        path: str,
        check: Callable[[Any], Any],
        default: Any = None,
    ) -> Any:
        try:
            return check(record.get(key, default))
        except Invalid as error:
            self.error(f"{path}.{key}", error.message)
            return _BAD

    def items(
        self, record: dict[str, Any], key: str, path: str, *, required: bool = False
    ) -> list[tuple[int, dict[str, Any]]]:
        """The objects of the list ``record[key]`` with their index in it."""
        value = record.get(key)
        at = f"{path}.{key}" if path else key
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            self.error(
                at, str(_("Expected a non-empty list.") if required else _("Expected a list."))
            )
            return []
        good = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                good.append((i, item))
            else:
                self.error(f"{at}[{i}]", str(_("Expected an object.")))
        return good

    def run(self, doc: Any) -> _Plan:
        if not isinstance(doc, dict):
            self.error("", str(_("Expected a JSON object.")))
            return self.plan
        if doc.get("format") != FORMAT_NAME or doc.get("format_version") != FORMAT_VERSION:
            self.error(
                "format",
                str(
                    _('Expected "format": "%(name)s", "format_version": %(v)d.')
                    % {"name": FORMAT_NAME, "v": FORMAT_VERSION}
                ),
            )
        for i, record in self.items(doc, "fields", ""):
            self.field(record, f"fields[{i}]")
        known_fields = set(self.plan.fields) | set(Field.objects.values_list("code", flat=True))
        procedures = self.items(doc, "procedures", "")
        codes = [str(p.get("code", "")).strip() for _i, p in procedures]
        self.agencies = dict(Agency.objects.values_list("code", "pk"))
        self.existing = {
            p.code: p for p in Procedure.objects.filter(code__in=codes).prefetch_related("versions")
        }
        seen: set[str] = set()
        for i, record in procedures:
            self.procedure(record, f"procedures[{i}]", known_fields, seen)
        return self.plan

    def field(self, record: dict[str, Any], path: str) -> None:
        code = self.value(record, "code", path, slug)
        name = self.value(record, "name", path, lambda v: rules.text(v, max_length=200))
        if code is _BAD or name is _BAD:
            return
        if code in self.plan.fields:
            self.error(f"{path}.code", str(_("Field %(code)s appears twice.") % {"code": code}))
        self.plan.fields[code] = name

    def procedure(
        self, record: dict[str, Any], path: str, known_fields: set[str], seen: set[str]
    ) -> None:
        code = self.value(record, "code", path, lambda v: rules.text(v, max_length=30))
        field_code = self.value(record, "field", path, lambda v: rules.text(v, max_length=50))
        level = self.value(record, "level", path, lambda v: rules.choice(v, Procedure.Level))
        if code is not _BAD:
            if code in seen:
                self.error(
                    f"{path}.code", str(_("Procedure %(code)s appears twice.") % {"code": code})
                )
            seen.add(code)
        if field_code is not _BAD and field_code not in known_fields:
            self.error(f"{path}.field", str(_("Unknown field %(code)s.") % {"code": field_code}))
            field_code = _BAD
        agency_ids = self.agency_ids(record, path)
        plan = _ProcedurePlan(code, field_code, level, agency_ids)
        numbers: set[int] = set()
        spans: list[Span] = []
        for j, version in self.items(record, "versions", path, required=True):
            vpath = f"{path}.versions[{j}]"
            number = self.value(version, "number", vpath, rules.positive_int)
            spec, dates = self.version(version, vpath)
            if number is _BAD:
                continue
            if number in numbers:
                self.error(
                    f"{vpath}.number", str(_("Version %(n)d appears twice.") % {"n": number})
                )
            numbers.add(number)
            if dates is not None:
                # An otherwise invalid version still takes part in the overlap checks.
                spans.append(Span(vpath, number, *dates))
            if spec is not None:
                plan.versions.append((number, spec))
        if code is _BAD or field_code is _BAD or level is _BAD:
            return
        self.timeline(plan, spans, numbers)
        self.plan.procedures.append(plan)

    def agency_ids(self, record: dict[str, Any], path: str) -> list[int] | None:
        if "agencies" not in record and "agency_kinds" not in record:
            return None
        ids: set[int] = set()
        for key in ("agencies", "agency_kinds"):
            values = record.get(key) or []
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                self.error(f"{path}.{key}", str(_("Expected a list of codes.")))
                continue
            for i, value in enumerate(values):
                if key == "agencies":
                    if value.strip() in self.agencies:
                        ids.add(self.agencies[value.strip()])
                    else:
                        self.error(
                            f"{path}.{key}[{i}]",
                            str(_("Unknown agency %(code)s.") % {"code": value}),
                        )
                elif value.strip() in Agency.Kind.values:
                    ids.update(
                        Agency.objects.filter(kind=value.strip(), is_active=True).values_list(
                            "pk", flat=True
                        )
                    )
                else:
                    self.error(
                        f"{path}.{key}[{i}]",
                        str(_("Unknown agency type %(kind)s.") % {"kind": value}),
                    )
        return sorted(ids)

    def timeline(self, plan: _ProcedurePlan, spans: list[Span], numbers: set[int]) -> None:
        existing = self.existing.get(plan.code)
        kept = [v for v in existing.versions.all() if v.number not in numbers] if existing else []
        db_spans = [Span(v, v.number, v.effective_from, v.effective_until) for v in kept]
        all_spans = spans + db_spans
        for after, before, message in rules.timeline_problems(all_spans):
            # Point at the version in the file; a recorded one has no place in it.
            at = after.key if isinstance(after.key, str) else before.key
            self.error(f"{at}.effective_from", message)
        until = {s.number: s.effective_until for s in spans}
        plan.versions = [
            (n, dataclasses.replace(spec, effective_until=until[n])) for n, spec in plan.versions
        ]
        for span in db_spans:
            assert isinstance(span.key, ProcedureVersion)  # noqa: S101 - built just above
            if span.effective_until != span.key.effective_until:
                self.plan.closes.append((span.key, span.effective_until))

    def version(
        self, record: dict[str, Any], path: str
    ) -> tuple[VersionSpec | None, tuple[dt.date, dt.date | None] | None]:
        """The version's spec (None when invalid) and its dates (None when unreadable)."""
        before = len(self.errors)
        v = {key: self.value(record, key, path, check) for key, check in VERSION_CHECKS.items()}
        dates = (
            (v["effective_from"], v["effective_until"])
            if _BAD not in (v["effective_from"], v["effective_until"])
            else None
        )
        components = [
            self.component(c, f"{path}.components[{i}]")
            for i, c in self.items(record, "components", path)
        ]
        fees = [self.fee(f, f"{path}.fees[{i}]") for i, f in self.items(record, "fees", path)]
        steps = [self.step(s, f"{path}.steps[{i}]") for i, s in self.items(record, "steps", path)]
        form_fields = [
            self.form_field(f, f"{path}.form_fields[{i}]")
            for i, f in self.items(record, "form_fields", path)
        ]
        if len(self.errors) > before:
            return None, dates
        spec = VersionSpec(
            **v, components=components, fees=fees, steps=steps, form_fields=form_fields
        )
        for sub, message in rules.version_problems(spec):
            self.error(f"{path}.{sub}", message)
        return (spec if len(self.errors) == before else None), dates

    def component(self, record: dict[str, Any], path: str) -> ComponentSpec:
        c = {
            key: self.value(record, key, path, check, default)
            for key, (check, default) in COMPONENT_CHECKS.items()
        }
        name = record.get("template")
        content = None
        if name not in (None, ""):
            if not isinstance(name, str):
                self.error(f"{path}.template", str(_("Expected a file name.")))
            else:
                content = self.templates.get(name, self.templates.get(PurePosixPath(name).name))
                if content is None:
                    self.error(
                        f"{path}.template",
                        str(_("The template file %(name)s was not provided.") % {"name": name}),
                    )
        return ComponentSpec(**c, template_name=name or "", template_content=content)

    def fee(self, record: dict[str, Any], path: str) -> FeeSpec:
        return FeeSpec(
            **{key: self.value(record, key, path, check) for key, check in FEE_CHECKS.items()}
        )

    def form_field(self, record: dict[str, Any], path: str) -> FormFieldSpec:
        return FormFieldSpec(
            **{
                key: self.value(record, key, path, check, default)
                for key, (check, default) in FORM_FIELD_CHECKS.items()
            }
        )

    def step(self, record: dict[str, Any], path: str) -> StepSpec:
        step = StepSpec(
            **{key: self.value(record, key, path, check) for key, check in STEP_CHECKS.items()}
        )
        if step.agency_code is not _BAD:
            for _i, message in rules.step_agency_problems([step], self.agencies):
                self.error(f"{path}.agency_code", message)
        return step


def catalog_import(
    *,
    data: bytes,
    fmt: Literal["json", "xlsx"],
    actor: Any | None,
    template_files: Mapping[str, bytes] | None = None,
) -> ImportReport:
    """Validate the whole file, then write it, in one transaction; raise CatalogImportError
    with every problem found, having written nothing, when the file is not perfect."""
    require_catalog_admin(actor)
    if fmt == "json":
        doc, where, errors = read_json(data)
    elif fmt == "xlsx":
        doc, where, errors = read_xlsx(data)
    else:
        raise ValidationFailed(_("Unknown catalogue format %(fmt)s.") % {"fmt": fmt})
    written: list[str] = []
    try:
        # Validation reads the recorded catalogue: it runs in the writing transaction so
        # that what it checked is still true when the plan is applied.
        with transaction.atomic():
            validator = _Validator(where, template_files or {})
            validator.errors = errors
            if doc is not None:
                validator.run(doc)
            if validator.errors:
                raise CatalogImportError(validator.errors)
            return _apply(validator.plan, actor, written)
    except BaseException:
        delete_templates(written)
        raise


def _apply(plan: _Plan, actor: Any | None, written: list[str]) -> ImportReport:
    report = ImportReport()
    fields = {f.code: f for f in Field.objects.all()}
    for code, name in plan.fields.items():
        found = fields.get(code)
        if found is None:
            fields[code] = Field.objects.create(code=code, name=name)
            report.fields_created += 1
        elif found.name != name:
            found.name = name
            found.save(update_fields=["name"])
            refresh_field_search_text(found)
            report.fields_updated += 1
    for version, until in plan.closes:
        version.effective_until = until
        version.save(update_fields=["effective_until"])
        report.versions_closed += 1
    for p in plan.procedures:
        procedure, created = Procedure.objects.update_or_create(
            code=p.code, defaults={"field": fields[p.field_code], "level": p.level}
        )
        report.procedures_created += created
        report.procedures_updated += not created
        if p.agency_ids is not None:
            procedure.agencies.set(p.agency_ids)
        for number, spec in p.versions:
            existing = ProcedureVersion.objects.filter(procedure=procedure, number=number).first()
            is_new = existing is None
            version = existing or ProcedureVersion(procedure=procedure, number=number)
            set_version_content(version, spec)
            version.save()
            stored = set_version_parts(version, spec)
            written.extend(stored)
            report.templates_stored += len(stored)
            report.versions_created += is_new
            report.versions_updated += not is_new
            audit_record(
                "procedure_version_imported",
                actor=actor,
                target=version,
                summary=f"{procedure.code} v{number}: {version.name}",
                data={"created": is_new},
            )
    audit_record(
        "catalog_imported", actor=actor, summary=str(report), data=dataclasses.asdict(report)
    )
    return report
