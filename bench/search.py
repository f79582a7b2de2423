"""Catalogue search latency against a primary-key lookup of a ProcedureVersion."""

from __future__ import annotations

import random
from typing import Any

from .timing import Op, Sample, measure

# (query, field code): with and without diacritics, one and several words, with a filter,
# a national code and a query that matches nothing.
QUERIES: list[tuple[str, str | None]] = [
    ("khai sinh", None),
    ("Khai Sinh", None),
    ("đăng ký kết hôn", None),
    ("dang ky ket hon", None),
    ("giấy phép xây dựng", None),
    ("giay phep", None),
    ("đất", None),
    ("cấp lại", None),
    ("hộ kinh doanh lần đầu", None),
    ("chứng thực bản sao", None),
    ("cap", "dat-dai"),
    ("giấy chứng nhận", "dat-dai"),
    ("", "ho-tich"),
    ("nuoc ngoai", "ho-tich"),
    ("1.001", None),
    ("không tồn tại xyz", None),
]


def check_search() -> None:
    """Fail loudly if search stops ignoring diacritics or finds nothing: the bench would
    otherwise time a query that no longer does the real work."""
    from egov.catalog.selectors import procedure_search

    def codes(q: str, field: str | None = None) -> list[str]:
        return [v.procedure.code for v in procedure_search(q=q, field=field)[:20]]

    if not codes("khai sinh"):
        raise SystemExit("bench: search for 'khai sinh' found nothing")
    if codes("đăng ký kết hôn") != codes("DANG KY KET HON"):
        raise SystemExit("bench: search results depend on diacritics or case")


def run(*, version_pks: list[int], searches: int, warmup: int) -> dict[str, Any]:
    from egov.catalog.models import ProcedureVersion
    from egov.catalog.selectors import procedure_search

    def search(case: tuple[str, str | None]) -> object:
        q, field = case
        return list(procedure_search(q=q, field=field)[:20])

    pks = random.Random(7).sample(version_pks, len(version_pks))
    baseline, searched = measure(
        [
            Op("pk lookup", lambda pk: ProcedureVersion.objects.get(pk=pk), pks, searches),
            Op("procedure_search", search, QUERIES, searches),
        ],
        warmup=warmup,
    )
    per_query = {
        f"{q!r} field={field}": Sample(
            name=q, durations_ns=searched.durations_ns[i :: len(QUERIES)]
        ).as_dict()
        for i, (q, field) in enumerate(QUERIES)
        if searched.durations_ns[i :: len(QUERIES)]
    }
    return {
        "baseline": baseline,
        "search": searched,
        "ratio_median": searched.median_ms / baseline.median_ms,
        "ratio_p95": searched.p95_ms / baseline.p95_ms,
        "per_query": per_query,
    }
