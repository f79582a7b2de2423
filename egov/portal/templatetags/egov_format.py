"""Money and working days as Vietnamese readers expect them: "50.000 đ", "0,5 ngày làm việc"."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.filter
def vnd(amount: int | Decimal | str | None) -> str:
    """An amount in đồng with dots between thousands; zero reads as free."""
    if amount is None or amount == "":
        return ""
    value = int(Decimal(str(amount)))
    if value == 0:
        return gettext("Free")
    # Đồng are always grouped with dots, whatever the page language (DOMAIN.md).
    return f"{value:,}".replace(",", ".") + " đ"


@register.filter
def workdays(days: Decimal | int | str | None) -> str:
    """A processing time in working days, in half days: 5 -> "5 ngày làm việc"."""
    if days is None or days == "":
        return ""
    value = Decimal(str(days))
    whole = value == value.to_integral_value()
    shown = number_format(value, decimal_pos=0 if whole else 1)
    # A half day takes the plural in English ("0.5 working days").
    count = int(value) if whole else 2
    return ngettext("%(days)s working day", "%(days)s working days", count) % {"days": shown}
