"""One error hierarchy for the whole project; views and the API render it the same way."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class ApplicationError(Exception):
    """A refusal the user can understand: translated message, stable code, HTTP status."""

    code = "error"
    http_status = 400

    def __init__(self, message: str | Promise, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code
        self.extra = extra

    def __str__(self) -> str:
        return str(self.message)


class ValidationFailed(ApplicationError):
    code = "invalid"
    http_status = 400


class PermissionRefused(ApplicationError):
    code = "forbidden"
    http_status = 403


class NotFound(ApplicationError):
    code = "not_found"
    http_status = 404


class Conflict(ApplicationError):
    code = "conflict"
    http_status = 409


class RateLimited(ApplicationError):
    code = "rate_limited"
    http_status = 429
