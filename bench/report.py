"""Print the figures as a table and keep them as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .timing import Sample


def _row(cells: list[str], widths: list[int]) -> str:
    first, *rest = cells
    return (
        "  "
        + first.ljust(widths[0])
        + "".join(c.rjust(w) for c, w in zip(rest, widths[1:], strict=True))
    )


def deadlines_table(result: dict[str, Any]) -> list[str]:
    baseline: Sample = result["baseline"]
    widths = [38, 12, 12, 16]
    lines = [_row(["Deadlines", "ops/s", "calls", "× pk lookup/s"], widths)]
    for sample in [baseline, *result["samples"]]:
        ratio = sample.ops_per_second / baseline.ops_per_second
        label = "pk lookup (baseline)" if sample is baseline else sample.name
        lines.append(
            _row(
                [label, f"{sample.ops_per_second:,.0f}", f"{sample.count:,}", f"{ratio:,.2f}"],
                widths,
            )
        )
    return lines


def search_table(result: dict[str, Any], *, procedures: int) -> list[str]:
    baseline: Sample = result["baseline"]
    search: Sample = result["search"]
    widths = [38, 12, 12, 16]
    lines = [
        _row(
            [f"Catalogue search ({procedures:,} procedures)", "median ms", "p95 ms", "calls"],
            widths,
        ),
        _row(
            [
                "pk lookup (baseline)",
                f"{baseline.median_ms:.3f}",
                f"{baseline.p95_ms:.3f}",
                f"{baseline.count:,}",
            ],
            widths,
        ),
        _row(
            [
                "procedure_search[:20]",
                f"{search.median_ms:.3f}",
                f"{search.p95_ms:.3f}",
                f"{search.count:,}",
            ],
            widths,
        ),
        _row(
            [
                "ratio search / pk lookup",
                f"{result['ratio_median']:.1f}×",
                f"{result['ratio_p95']:.1f}×",
                "",
            ],
            widths,
        ),
    ]
    return lines


def to_json(
    *, meta: dict[str, Any], deadlines: dict[str, Any], search: dict[str, Any]
) -> dict[str, Any]:
    baseline: Sample = deadlines["baseline"]
    return {
        "meta": meta,
        "deadlines": {
            "baseline": {"name": "ProcedureVersion pk lookup", **baseline.as_dict()},
            "calendar_overrides": deadlines["calendar_overrides"],
            **{
                s.name: {
                    **s.as_dict(),
                    "ratio_to_baseline": round(s.ops_per_second / baseline.ops_per_second, 3),
                }
                for s in deadlines["samples"]
            },
        },
        "search": {
            "baseline": {"name": "ProcedureVersion pk lookup", **search["baseline"].as_dict()},
            "procedure_search": search["search"].as_dict(),
            "ratio_median": round(search["ratio_median"], 3),
            "ratio_p95": round(search["ratio_p95"], 3),
            "per_query": search["per_query"],
        },
    }


def write_json(data: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
