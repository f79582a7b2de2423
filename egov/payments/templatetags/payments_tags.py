"""Template helpers of the payment pages."""

from __future__ import annotations

from django import template

from ..selectors import method_label as _method_label

register = template.Library()


@register.filter
def method_label(code: str) -> str:
    """The translated name of a payment method from its code."""
    return _method_label(code)
