"""Administrative units: creation and mergers. Names are never rewritten: a change of name
or territory closes the old unit and links it to the unit that replaces it (DOMAIN.md §1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, ValidationFailed

from ..models import AdministrativeUnit
from ._common import require_system_admin, required_text

Kind = AdministrativeUnit.Kind

# Decision 19/2025/QĐ-TTg: province 2 digits, commune 5; old districts had 3.
CODE_LENGTH: dict[str, int] = {
    **dict.fromkeys(AdministrativeUnit.PROVINCE_LEVEL, 2),
    **dict.fromkeys(AdministrativeUnit.DISTRICT_LEVEL, 3),
    **dict.fromkeys(AdministrativeUnit.COMMUNE_LEVEL, 5),
}
ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(AdministrativeUnit.PROVINCE_LEVEL, ()),
    **dict.fromkeys(AdministrativeUnit.DISTRICT_LEVEL, AdministrativeUnit.PROVINCE_LEVEL),
    **dict.fromkeys(
        AdministrativeUnit.COMMUNE_LEVEL,
        AdministrativeUnit.PROVINCE_LEVEL + AdministrativeUnit.DISTRICT_LEVEL,
    ),
}


def _overlaps(
    unit: AdministrativeUnit, valid_from: dt.date | None, valid_until: dt.date | None
) -> bool:
    return (unit.valid_until is None or valid_from is None or valid_from < unit.valid_until) and (
        unit.valid_from is None or valid_until is None or valid_until > unit.valid_from
    )


def _check_unit(
    *,
    code: str,
    kind: str,
    parent: AdministrativeUnit | None,
    valid_from: dt.date | None,
    valid_until: dt.date | None,
) -> None:
    if kind not in CODE_LENGTH:
        raise ValidationFailed(_("Unknown type of administrative unit."), field="kind")
    length = CODE_LENGTH[kind]
    if not (code.isdigit() and len(code) == length):
        raise ValidationFailed(
            _("The code of a %(kind)s has %(digits)d digits.")
            % {"kind": Kind(kind).label, "digits": length},
            field="code",
        )
    if valid_from and valid_until and valid_until <= valid_from:
        raise ValidationFailed(
            _("A unit must start before it ends."),
            field="valid_until",
        )
    allowed = ALLOWED_PARENTS[kind]
    if parent is None and allowed:
        raise ValidationFailed(_("This type of unit needs a parent unit."), field="parent")
    if parent is not None:
        if parent.kind not in allowed:
            raise ValidationFailed(
                _("A %(kind)s cannot belong to a %(parent)s.")
                % {"kind": Kind(kind).label, "parent": Kind(parent.kind).label},
                field="parent",
            )
        if not _overlaps(parent, valid_from, valid_until):
            raise ValidationFailed(
                _("The parent unit is not in force during this unit's validity."),
                field="parent",
            )
    clashes = AdministrativeUnit.objects.filter(code=code)
    if valid_from is not None:
        clashes = clashes.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=valid_from))
    if valid_until is not None:
        clashes = clashes.filter(Q(valid_from__isnull=True) | Q(valid_from__lt=valid_until))
    if clashes.exists():
        raise Conflict(
            _("Another unit carries the code %(code)s during the same period.") % {"code": code},
            field="code",
        )


def _create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: AdministrativeUnit | None,
    valid_from: dt.date | None,
    valid_until: dt.date | None = None,
) -> AdministrativeUnit:
    code = code.strip()
    name = required_text(name, field="name", label=_("name"))
    _check_unit(code=code, kind=kind, parent=parent, valid_from=valid_from, valid_until=valid_until)
    return AdministrativeUnit.objects.create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_until=valid_until,
    )


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: AdministrativeUnit | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    actor: Any | None,
) -> AdministrativeUnit:
    """Add a unit (historical ones too, with ``valid_until``); system administrators only."""
    require_system_admin(actor)
    unit = _create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    audit_record(
        "unit_created",
        actor=actor,
        target=unit,
        summary=f"{unit.code} {unit.name}",
        data={"code": unit.code, "kind": unit.kind, "parent": parent.code if parent else None},
    )
    return unit


def _lock_sources(
    sources: Sequence[AdministrativeUnit], effective_on: dt.date
) -> list[AdministrativeUnit]:
    ids = {unit.pk for unit in sources}
    if not ids:
        raise ValidationFailed(_("Choose at least one unit to merge."), field="sources")
    locked = list(AdministrativeUnit.objects.select_for_update().filter(pk__in=ids))
    for unit in locked:
        if unit.valid_until is not None:
            raise Conflict(
                _("%(unit)s has already been closed.") % {"unit": unit.name}, field="sources"
            )
        if unit.valid_from is not None and unit.valid_from >= effective_on:
            raise ValidationFailed(
                _("%(unit)s starts on or after the merger date.") % {"unit": unit.name},
                field="effective_on",
            )
    return locked


@transaction.atomic
def unit_merge(
    *,
    sources: Sequence[AdministrativeUnit],
    into: AdministrativeUnit | None = None,
    code: str = "",
    name: str = "",
    kind: str = "",
    parent: AdministrativeUnit | None = None,
    effective_on: dt.date,
    actor: Any | None,
) -> AdministrativeUnit:
    """Close ``sources`` on ``effective_on`` and make them predecessors of the resulting unit.

    The result is ``into`` (an existing unit that absorbs them) or a new unit from ``code``,
    ``name``, ``kind`` and ``parent`` (the sources' common parent by default); the new unit
    may reuse a source's code. Units still in force under a source move to the result.
    """
    require_system_admin(actor)
    if (into is None) == (not code and not name and not kind):
        raise ValidationFailed(
            _("Merge into an existing unit or describe a new one, not both."), field="into"
        )
    locked = _lock_sources(sources, effective_on)
    if into is not None:
        if into.pk in {unit.pk for unit in locked}:
            raise ValidationFailed(_("A unit cannot be merged into itself."), field="into")
        if not into.is_valid_on(effective_on):
            raise ValidationFailed(
                _("%(unit)s is not in force on the merger date.") % {"unit": into.name},
                field="into",
            )
    for unit in locked:
        unit.valid_until = effective_on
        unit.save(update_fields=["valid_until"])
    if into is None:
        parents = {unit.parent_id for unit in locked}
        if parent is None and len(parents) == 1 and locked[0].parent is not None:
            parent = locked[0].parent
        result = _create(code=code, name=name, kind=kind, parent=parent, valid_from=effective_on)
    else:
        result = into
    result.predecessors.add(*locked)
    # Children still in force follow their unit; their own names and codes stay.
    children = dict(
        AdministrativeUnit.objects.filter(parent__in=locked)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=effective_on))
        .values_list("id", "code")
    )
    AdministrativeUnit.objects.filter(id__in=children).update(parent=result)
    for unit in sources:  # the caller's copies now tell the truth too
        unit.valid_until = effective_on
    audit_record(
        "unit_merged",
        actor=actor,
        target=result,
        summary=f"{', '.join(u.code for u in locked)} -> {result.code}",
        data={
            "sources": sorted(u.code for u in locked),
            "into": result.code,
            "created": into is None,
            "effective_on": effective_on.isoformat(),
            "moved_children": sorted(children.values()),
        },
    )
    return result
