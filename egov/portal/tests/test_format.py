"""Money and working-day formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from egov.portal.templatetags.egov_format import vnd, workdays


@pytest.mark.parametrize(
    ("amount", "text"),
    [(50000, "50.000 đ"), (1500000, "1.500.000 đ"), (500, "500 đ"), ("20000", "20.000 đ")],
)
def test_vnd_groups_thousands_with_dots(amount, text) -> None:
    assert vnd(amount) == text


def test_vnd_zero_is_free_in_each_language() -> None:
    with translation.override("vi"):
        assert vnd(0) == "Miễn phí"
    with translation.override("en"):
        assert vnd(0) == "Free"
        assert vnd(50000) == "50.000 đ"


def test_vnd_empty_is_blank() -> None:
    assert vnd(None) == ""


@pytest.mark.parametrize(
    ("days", "vi", "en"),
    [
        (Decimal("0.5"), "0,5 ngày làm việc", "0,5 working days"),
        (Decimal("1.0"), "1 ngày làm việc", "1 working day"),
        (Decimal("5"), "5 ngày làm việc", "5 working days"),
        (Decimal("7.5"), "7,5 ngày làm việc", "7,5 working days"),
        (3, "3 ngày làm việc", "3 working days"),
    ],
)
def test_workdays(days, vi, en) -> None:
    with translation.override("vi"):
        assert workdays(days) == vi
    with translation.override("en"):
        assert workdays(days) == en
