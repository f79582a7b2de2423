"""Failed logins go to the log and the audit trail (Axes keeps its own attempt records)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from egov.core.audit import audit_record
from egov.core.http import client_ip

from .identifiers import normalise_login

logger = logging.getLogger("egov.orgs.login")


@receiver(user_login_failed, dispatch_uid="egov_orgs_login_failed")
def record_login_failed(
    sender: Any,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    # Django has already masked the password in ``credentials``.
    identifier = normalise_login(str(credentials.get("username") or ""))
    ip = client_ip(request)
    logger.warning("login_failed identifier=%r ip=%s", identifier, ip)
    with transaction.atomic():
        audit_record(
            "login_failed",
            actor=None,
            summary=identifier,
            data={"identifier": identifier, "ip": ip},
        )
