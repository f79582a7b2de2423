"""Write audit entries; callers run inside the transaction of the change they record."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from .models import AuditEvent


def audit_record(
    action: str,
    *,
    actor: Any | None,
    target: models.Model | None = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one state change. Must be called inside the change's own transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change.")
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        summary=summary[:500],
        data=data or {},
    )
