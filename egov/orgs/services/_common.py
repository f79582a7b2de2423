"""Checks shared by the orgs services.

``actor=None`` means the system itself (a management command, an import, the demo seed);
views always pass ``request.user``, which is never None.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.core.errors import PermissionRefused, ValidationFailed

from ..models import Agency, Role
from ..permissions import is_system_admin, require_role


def require_system_admin(actor: Any | None) -> None:
    if actor is not None and not is_system_admin(actor):
        raise PermissionRefused(_("Only a system administrator may do this."))


def require_agency_admin(actor: Any | None, agency: Agency) -> None:
    """A system administrator, or an agency administrator of ``agency`` or an agency above."""
    if actor is not None:
        require_role(actor, agency=agency, roles=[Role.AGENCY_ADMIN])


def refusal_from(error: ValidationError) -> ValidationFailed:
    """The first message of a Django ValidationError, with the field it concerns."""
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return ValidationFailed(messages[0], field=field)
    return ValidationFailed(error.messages[0])


def clean_fields(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's field validators; refuse with the first problem found."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        raise refusal_from(error) from error


def required_text(value: str, *, field: str, label: str | Promise) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValidationFailed(_("Please enter the %(field)s.") % {"field": label}, field=field)
    return text
