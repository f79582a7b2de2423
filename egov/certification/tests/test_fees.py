"""The fee of Circular 226/2016/TT-BTC: 2.000 đ a page for pages 1-2, 1.000 đ a page from
the third, at most 200.000 đ a copy."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.certification.fees import CIRCULAR_226_2016, FeeRule, copy_fee


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (1, 2_000),
        (2, 4_000),
        (3, 5_000),
        (10, 12_000),
        (197, 199_000),
        (198, 200_000),
        (199, 200_000),
        (1_000, 200_000),
    ],
)
def test_fee_per_page_with_cheaper_pages_from_the_third_and_a_cap(pages, fee):
    assert copy_fee(pages) == fee


def test_the_cap_is_per_copy():
    assert copy_fee(3, copies=2) == 10_000
    assert copy_fee(500, copies=3) == 600_000


def test_a_copy_has_pages_and_at_least_one_copy_is_made():
    with pytest.raises(ValueError):
        copy_fee(0)
    with pytest.raises(ValueError):
        copy_fee(2, copies=0)


def test_another_rule_is_data_not_code():
    halved = FeeRule(
        source="a later circular",
        effective_from=dt.date(2030, 1, 1),
        first_pages=1,
        first_page_fee=1_000,
        further_page_fee=500,
        max_per_copy=100_000,
    )
    assert copy_fee(3, rule=halved) == 2_000
    assert copy_fee(3, rule=CIRCULAR_226_2016) == 5_000
