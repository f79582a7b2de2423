"""Queries over units, agencies and accounts."""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .identifiers import normalise_login
from .models import AdministrativeUnit, Agency, OfficialProfile, User

logger = logging.getLogger(__name__)


@dataclass
class UnitNode:
    """One unit in the tree with its children, ordered by code."""

    unit: AdministrativeUnit
    children: list[UnitNode] = field(default_factory=list)


def units_valid_on(day: dt.date | None = None) -> QuerySet[AdministrativeUnit]:
    """Units in force on ``day`` (today by default)."""
    on = day or timezone.localdate()
    return AdministrativeUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_until__isnull=True) | Q(valid_until__gt=on),
    )


def unit_on(code: str, day: dt.date | None = None) -> AdministrativeUnit | None:
    """The unit that carried ``code`` on ``day``: codes are reused after a merger."""
    return units_valid_on(day).filter(code=code).first()


def unit_tree(
    *, root: AdministrativeUnit | None = None, on: dt.date | None = None
) -> list[UnitNode]:
    """Units in force on ``on`` as a tree: the top-level units, or the children of ``root``.

    One query; a unit whose parent is not in force that day is shown at the top level.
    """
    units = list(units_valid_on(on).order_by("code"))
    by_id = {unit.pk: UnitNode(unit) for unit in units}
    top: list[UnitNode] = []
    for unit in units:
        parent = by_id.get(unit.parent_id) if unit.parent_id is not None else None
        (parent.children if parent is not None else top).append(by_id[unit.pk])
    if root is None:
        return top
    node = by_id.get(root.pk)
    return node.children if node is not None else []


def unit_current_successors(
    unit: AdministrativeUnit, *, on: dt.date | None = None
) -> list[AdministrativeUnit]:
    """The units in force on ``on`` that took over ``unit``, following the successor chain.

    A unit still in force is its own successor; a unit split among several gives several.
    """
    day = on or timezone.localdate()
    result: dict[int, AdministrativeUnit] = {}
    seen: set[int] = set()
    queue: deque[AdministrativeUnit] = deque([unit])
    while queue:
        current = queue.popleft()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.is_valid_on(day):
            result[current.pk] = current
            continue
        queue.extend(current.successors.all())
    return sorted(result.values(), key=lambda u: u.code)


def unit_lineage(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """Every unit ``unit`` descends from, nearest first (for old addresses and dossiers)."""
    seen: set[int] = {unit.pk}
    order: list[AdministrativeUnit] = []
    queue: deque[AdministrativeUnit] = deque(unit.predecessors.all())
    while queue:
        current = queue.popleft()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        order.append(current)
        queue.extend(current.predecessors.all())
    return order


def agency_children(agency: Agency | None = None) -> QuerySet[Agency]:
    """Active agencies directly under ``agency`` (top-level agencies when None)."""
    return Agency.objects.filter(parent=agency, is_active=True).select_related("unit")


def account_by_identifier(identifier: str) -> User | None:
    """The account whose username, email or phone is ``identifier`` (any accepted spelling)."""
    login = normalise_login(identifier)
    return (
        User.objects.filter(Q(username=login) | Q(email__iexact=login) | Q(phone=login))
        .order_by("id")
        .first()
    )


def identifier_taken(identifier: str) -> bool:
    """Whether any account already answers to ``identifier`` at login."""
    return account_by_identifier(identifier) is not None


def _picture_bytes(field: FieldFile) -> bytes | None:
    if not field.name:
        return None
    try:
        with field.storage.open(field.name, "rb") as stored:
            data: bytes = stored.read()
    except OSError:  # the file went missing from storage: sign with text rather than fail
        logger.warning("Picture %s is missing from storage", field.name)
        return None
    return data


def signature_image_of(user: User) -> bytes | None:
    """The PNG of ``user``'s signature (an official's), or None when there is none."""
    profile = OfficialProfile.objects.filter(user_id=user.pk).only("signature_image").first()
    return _picture_bytes(profile.signature_image) if profile is not None else None


def seal_image_of(agency: Agency) -> bytes | None:
    """The PNG of ``agency``'s seal at its real size, or None when there is none."""
    found = Agency.objects.filter(pk=agency.pk).only("seal_image").first()
    return _picture_bytes(found.seal_image) if found is not None else None
