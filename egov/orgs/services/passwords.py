"""Password rules: Django's validators (AUTH_PASSWORD_VALIDATORS) decide, services refuse."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from egov.core.errors import ValidationFailed

from ..models import User


def set_checked_password(user: User, password: str | None) -> None:
    """Validate and set ``password``; None leaves the account without a usable password."""
    if password is None:
        user.set_unusable_password()
        return
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationFailed(" ".join(error.messages), field="password") from error
    user.set_password(password)
