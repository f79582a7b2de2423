"""The fee for certifying a copy from its original (Circular 226/2016/TT-BTC Art. 4):
2.000 đồng a page for the first two pages, 1.000 đồng a page from the third, at most
200.000 đồng a copy. A pure function of the rule, so a later circular is a new ``FeeRule``.

The pages counted are those of the copy, i.e. of the scanned original; the statement page
that egov adds is the certification itself, not a page of the copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class FeeRule:
    """A per-page fee with a cheaper rate after the first pages and a cap per copy."""

    source: str
    effective_from: dt.date
    first_pages: int
    first_page_fee: int
    further_page_fee: int
    max_per_copy: int


CIRCULAR_226_2016 = FeeRule(
    source="Thông tư 226/2016/TT-BTC",
    effective_from=dt.date(2017, 1, 1),
    first_pages=2,
    first_page_fee=2_000,
    further_page_fee=1_000,
    max_per_copy=200_000,
)


def copy_fee(pages: int, *, copies: int = 1, rule: FeeRule = CIRCULAR_226_2016) -> int:
    """The fee in đồng for ``copies`` certified copies of a ``pages``-page original."""
    if pages < 1:
        raise ValueError("a copy has at least one page")
    if copies < 1:
        raise ValueError("at least one copy is certified")
    first = min(pages, rule.first_pages)
    further = pages - first
    per_copy = first * rule.first_page_fee + further * rule.further_page_fee
    return min(per_copy, rule.max_per_copy) * copies
