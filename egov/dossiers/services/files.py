"""Storing dossier files: every upload is checked by content, size and name first."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile

from egov.catalog.models import Component
from egov.core.uploads import FileKind, check_upload

from ..models import Dossier, DossierFile, Event
from .signatures import read_signatures


def store(
    dossier: Dossier,
    uploaded: File[Any],
    *,
    kind: DossierFile.Kind,
    actor: Any,
    component: Component | None = None,
    digitised: bool = False,
    event: Event | None = None,
) -> DossierFile:
    """Check and keep one uploaded file; refuses with ValidationFailed, storing nothing."""
    checked = check_upload(uploaded)
    found: list[dict[str, Any]] = []
    if checked.kind == FileKind.PDF:
        # A citizen's e-copy or a signed paper may carry signatures: the page shows them.
        found = read_signatures(uploaded.read())
        uploaded.seek(0)
    record = DossierFile(
        dossier=dossier,
        kind=kind,
        component=component,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        digitised=digitised,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        event=event,
        signatures=found,
    )
    record.file.save(checked.name, uploaded, save=False)
    record.save()
    return record


def store_generated(
    dossier: Dossier,
    content: bytes,
    *,
    name: str,
    kind: DossierFile.Kind,
    actor: Any,
    form_code: str = "",
    event: Event | None = None,
    content_type: str = "application/pdf",
    verification_code: str = "",
    signatures: list[dict[str, Any]] | None = None,
) -> DossierFile:
    """Keep a file egov produced itself (a form, a generated result), or an upload egov
    stamped and signed (a result): ``signatures`` as ``read_signatures`` found them."""
    record = DossierFile(
        dossier=dossier,
        kind=kind,
        form_code=form_code,
        name=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        event=event,
        verification_code=verification_code,
        signatures=signatures or [],
    )
    record.file.save(name, ContentFile(content), save=False)
    record.save()
    return record


def attach(
    dossier: Dossier, attachment: File[Any] | None, *, actor: Any, event: Event
) -> DossierFile | None:
    """Keep the file an official attached to an action (``ATTACHMENT``, on its history
    line), checked like any upload; nothing when there is none."""
    if attachment is None:
        return None
    return store(dossier, attachment, kind=DossierFile.Kind.ATTACHMENT, actor=actor, event=event)
