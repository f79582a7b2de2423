"""Writes shared by the services and the import; callers validate and hold the transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from django.core.files.base import ContentFile
from django.db import models, transaction

from .models import Component, Fee, Field, ProcedureVersion, ProcessStep
from .rules import ComponentSpec, VersionSpec
from .templates import safe_template_name

VERSION_TEXT_FIELDS = (
    "name",
    "description",
    "conditions",
    "legal_basis",
    "competent_authority",
    "result_type",
)


def set_version_content(version: ProcedureVersion, spec: VersionSpec) -> None:
    """Copy the scalar content of ``spec`` onto ``version`` (not saved)."""
    version.effective_from = spec.effective_from
    version.effective_until = spec.effective_until
    for name in VERSION_TEXT_FIELDS:
        setattr(version, name, getattr(spec, name))
    version.processing_days = spec.processing_days
    version.online_mode = spec.online_mode
    version.electronic_result = spec.electronic_result
    version.form_fields = [f.as_data() for f in spec.form_fields]
    version.refresh_search_text()


TEMPLATE_FOLDER = "catalog/templates"


def _release_on_commit(component: Component) -> None:
    """Delete the component's current file after commit unless a component still uses it
    (files are shared by content, see ``store_template``)."""
    name, storage = component.template.name, component.template.storage
    if not name:
        return

    def release() -> None:
        if not Component.objects.filter(template=name).exists():
            storage.delete(name)

    transaction.on_commit(release)


def store_template(component: Component, spec: ComponentSpec) -> str | None:
    """Point ``component`` at the spec's template; the name of the file written, if any.

    Files are stored under their content digest, so identical content is written once and
    re-importing a catalogue writes nothing; the file name stays the sanitised given name.
    """
    if spec.template_content is None:
        if component.template:
            _release_on_commit(component)
            component.template = ""
        return None
    digest = hashlib.sha256(spec.template_content).hexdigest()[:24]
    target = f"{TEMPLATE_FOLDER}/{digest}/{safe_template_name(spec.template_name)}"
    if component.template.name == target:
        return None
    if component.template:
        _release_on_commit(component)
    storage = component.template.storage
    if storage.exists(target):
        component.template.name = target
        return None
    component.template.name = storage.save(target, ContentFile(spec.template_content))
    return component.template.name


def delete_templates(names: Iterable[str]) -> None:
    """Remove files written by a transaction that was rolled back (storage is not transactional)."""
    field = Component._meta.get_field("template")
    assert isinstance(field, models.FileField)  # noqa: S101 - declared so in models.py
    for name in names:
        field.storage.delete(name)


def set_version_parts(version: ProcedureVersion, spec: VersionSpec) -> list[str]:
    """Make the version's components, fees and steps those of ``spec``; rows are updated in
    place by position so ids (which dossiers may point at) stay stable. Returns the names of
    the template files written."""
    written: list[str] = []
    components = {c.position: c for c in version.components.all()}
    for position, c_spec in enumerate(spec.components, start=1):
        component = components.pop(position, None) or Component(version=version, position=position)
        component.name = c_spec.name
        component.kind = c_spec.kind
        component.count = c_spec.count
        component.required = c_spec.required
        stored = store_template(component, c_spec)
        if stored:
            written.append(stored)
        component.save()
    for extra in components.values():
        _release_on_commit(extra)
        extra.delete()

    fees: Sequence[Fee] = list(version.fees.order_by("id"))
    for i, f_spec in enumerate(spec.fees):
        fee = fees[i] if i < len(fees) else Fee(version=version)
        fee.kind, fee.description = f_spec.kind, f_spec.description
        fee.amount, fee.exemptions = f_spec.amount, f_spec.exemptions
        fee.save()
    Fee.objects.filter(pk__in=[f.pk for f in fees[len(spec.fees) :]]).delete()

    steps = {s.position: s for s in version.steps.all()}
    for position, s_spec in enumerate(spec.steps, start=1):
        step = steps.pop(position, None) or ProcessStep(version=version, position=position)
        step.name, step.role, step.department = s_spec.name, s_spec.role, s_spec.department
        step.days = s_spec.days
        step.agency_code, step.stage = s_spec.agency_code, s_spec.stage
        step.save()
    ProcessStep.objects.filter(pk__in=[s.pk for s in steps.values()]).delete()
    return written


def refresh_field_search_text(field: Field) -> int:
    """Re-fold the search text of every version of the field's procedures (after a rename)."""
    versions = list(
        ProcedureVersion.objects.filter(procedure__field=field).select_related(
            "procedure", "procedure__field"
        )
    )
    for version in versions:
        version.refresh_search_text()
    ProcedureVersion.objects.bulk_update(versions, ["search_text"])
    return len(versions)
