"""Every change to the catalogue by hand: fields, procedures and their versions.

``actor=None`` is the system (management commands, the demo seed); a person must be a
system administrator, since the catalogue is shared by every agency of the installation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.orgs.models import Agency
from egov.orgs.permissions import is_system_admin

from . import rules
from .models import Field, Procedure, ProcedureVersion
from .rules import Invalid, Span, VersionSpec, timeline_problems, version_problems
from .writing import refresh_field_search_text, set_version_content, set_version_parts


def require_catalog_admin(actor: Any | None) -> None:
    if actor is not None and not is_system_admin(actor):
        raise PermissionRefused(_("Only a system administrator may change the catalogue."))


def _clean(field: str, checker: Any, value: object) -> Any:
    try:
        return checker(value)
    except Invalid as error:
        raise ValidationFailed(error.message, field=field) from None


def _code(value: str) -> str:
    return str(_clean("code", lambda v: rules.text(v, max_length=30), value))


@transaction.atomic
def field_create(*, code: str, name: str, actor: Any | None) -> Field:
    require_catalog_admin(actor)
    code = str(_clean("code", lambda v: rules.text(v, max_length=50), code))
    if Field.objects.filter(code=code).exists():
        raise Conflict(_("A field with code %(code)s already exists.") % {"code": code})
    field = Field.objects.create(
        code=code, name=_clean("name", lambda v: rules.text(v, max_length=200), name)
    )
    audit_record("field_created", actor=actor, target=field, summary=f"{code} {field.name}")
    return field


@transaction.atomic
def field_rename(*, field: Field, name: str, actor: Any | None) -> Field:
    """Rename a field; its procedures are found by the new name from now on."""
    require_catalog_admin(actor)
    old = field.name
    field.name = _clean("name", lambda v: rules.text(v, max_length=200), name)
    field.save(update_fields=["name"])
    refresh_field_search_text(field)
    audit_record(
        "field_renamed",
        actor=actor,
        target=field,
        summary=f"{old} → {field.name}",
        data={"old": old, "new": field.name},
    )
    return field


@transaction.atomic
def procedure_create(
    *,
    code: str,
    field: Field,
    level: str,
    agencies: Iterable[Agency] = (),
    actor: Any | None,
) -> Procedure:
    """A procedure identity; its content comes with ``procedure_version_create``."""
    require_catalog_admin(actor)
    code = _code(code)
    if Procedure.objects.filter(code=code).exists():
        raise Conflict(_("A procedure with code %(code)s already exists.") % {"code": code})
    procedure = Procedure.objects.create(
        code=code,
        field=field,
        level=_clean("level", lambda v: rules.choice(v, Procedure.Level), level),
    )
    procedure.agencies.set(list(agencies))
    audit_record(
        "procedure_created",
        actor=actor,
        target=procedure,
        summary=code,
        data={
            "field": field.code,
            "level": level,
            "agencies": sorted(a.code for a in procedure.agencies.all()),
        },
    )
    return procedure


@transaction.atomic
def procedure_update(
    *,
    procedure: Procedure,
    field: Field | None = None,
    level: str | None = None,
    agencies: Iterable[Agency] | None = None,
    actor: Any | None,
) -> Procedure:
    """Change a procedure's field, level or handling agencies (None keeps the value)."""
    require_catalog_admin(actor)
    if level is not None:
        procedure.level = _clean("level", lambda v: rules.choice(v, Procedure.Level), level)
    if field is not None:
        procedure.field = field
    procedure.save()
    if agencies is not None:
        procedure.agencies.set(list(agencies))
    if field is not None:
        refresh_field_search_text(field)
    audit_record(
        "procedure_updated",
        actor=actor,
        target=procedure,
        summary=procedure.code,
        data={
            "field": procedure.field.code,
            "level": procedure.level,
            "agencies": sorted(a.code for a in procedure.agencies.all()),
        },
    )
    return procedure


@transaction.atomic
def procedure_version_create(
    *,
    procedure: Procedure,
    spec: VersionSpec,
    number: int | None = None,
    actor: Any | None,
) -> ProcedureVersion:
    """Add a version from ``spec.effective_from``; the version in force until then is closed
    on that day. A version may not start before or overlap one already recorded."""
    require_catalog_admin(actor)
    named = {s.agency_code for s in spec.steps if s.agency_code}
    known = set(Agency.objects.filter(code__in=named).values_list("code", flat=True))
    problems = version_problems(spec) + rules.step_agency_problems(spec.steps, known)
    if problems:
        path, message = problems[0]
        raise ValidationFailed(message, field=path)
    existing = list(
        ProcedureVersion.objects.select_for_update().filter(procedure=procedure).order_by("number")
    )
    if number is None:
        number = max((v.number for v in existing), default=0) + 1
    number = _clean("number", rules.positive_int, number)
    if any(v.number == number for v in existing):
        raise Conflict(
            _("Procedure %(code)s already has a version %(n)d.")
            % {"code": procedure.code, "n": number}
        )
    latest = max(existing, key=lambda v: v.effective_from, default=None)
    if latest is not None and spec.effective_from <= latest.effective_from:
        raise ValidationFailed(
            _("A new version must start after version %(n)d (%(day)s).")
            % {"n": latest.number, "day": latest.effective_from.strftime("%d/%m/%Y")},
            field="effective_from",
        )
    spans = [Span(v, v.number, v.effective_from, v.effective_until) for v in existing]
    new_span = Span(None, number, spec.effective_from, spec.effective_until)
    problems_in_time = timeline_problems([*spans, new_span])
    if problems_in_time:
        raise ValidationFailed(problems_in_time[0][2], field="effective_from")
    for span in spans:
        version = span.key
        assert isinstance(version, ProcedureVersion)  # noqa: S101 - set just above
        if span.effective_until != version.effective_until:
            version.effective_until = span.effective_until
            version.save(update_fields=["effective_until"])
            audit_record(
                "procedure_version_closed",
                actor=actor,
                target=version,
                summary=f"{procedure.code} v{version.number}",
                data={"effective_until": str(version.effective_until)},
            )
    version = ProcedureVersion(procedure=procedure, number=number)
    set_version_content(version, spec)
    version.save()
    set_version_parts(version, spec)
    audit_record(
        "procedure_version_created",
        actor=actor,
        target=version,
        summary=f"{procedure.code} v{number}: {version.name}",
        data={
            "effective_from": str(spec.effective_from),
            "processing_days": str(spec.processing_days),
        },
    )
    return version
