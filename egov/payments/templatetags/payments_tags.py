"""Template helpers of the payment pages, and the entries payments adds to the portal's
menu ("Phí, lệ phí" for applicants, "Kế toán" for accountants)."""

from __future__ import annotations

from typing import Any

from django import template

from .. import permissions
from ..selectors import method_label as _method_label

register = template.Library()

PAYER_PAGES = frozenset({"payments:owed", "payments:pay", "payments:payment"})
ACCOUNTANT_PAGES = frozenset(
    {
        "payments:accounts",
        "payments:accounts_payment",
        "payments:statements",
        "payments:statement",
        "payments:unmatched",
        "payments:settle_line",
        "payments:refunds",
        "payments:refund_decide",
        "payments:figures",
    }
)


@register.filter
def method_label(code: str) -> str:
    """The translated name of a payment method from its code."""
    return _method_label(code)


@register.simple_tag(takes_context=True)
def payments_menu(context: Any) -> dict[str, bool]:
    """Which of payments' menu entries the signed-in user gets, and which is the page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match is not None else ""
    return {
        "payer": not context.get("is_official", False),
        "payer_current": current in PAYER_PAGES,
        "accountant": permissions.is_any_accountant(user),
        "accountant_current": current in ACCOUNTANT_PAGES,
    }
