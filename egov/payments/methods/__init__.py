"""Payment methods behind one interface (``base.PaymentMethod``), registered by the dotted
class paths of the ``EGOV_PAYMENT_METHODS`` setting."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import PaymentMethod

__all__ = ["PaymentMethod", "blocking_methods", "get_method", "registered_methods"]


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> dict[str, PaymentMethod]:
    found: dict[str, PaymentMethod] = {}
    for path in paths:
        cls = import_string(path)
        if not (isinstance(cls, type) and issubclass(cls, PaymentMethod)):
            raise TypeError(f"{path} is not a PaymentMethod.")
        method = cls()
        if method.code in found:
            raise ValueError(f"Two payment methods use the code {method.code!r}.")
        found[method.code] = method
    return found


def registered_methods() -> dict[str, PaymentMethod]:
    """The configured methods by code, in the order of the setting."""
    return _load(tuple(settings.EGOV_PAYMENT_METHODS))


def get_method(code: str) -> PaymentMethod | None:
    return registered_methods().get(code)


def blocking_methods() -> list[str]:
    """Codes of the methods whose pending payments may complete at any moment."""
    return [code for code, method in registered_methods().items() if method.in_flight]
