"""Tables of the dossier benchmarks, every figure set against the baseline of the same run."""

from __future__ import annotations

from typing import Any

from .report import _row

FIGURES_GOAL = 1.3  # live figures at most 1.3x the hand-written SQL
DAILY_GOAL = 0.10  # the daily table's reader at most 10% of the live query
RPS_GOAL = 0.8  # the real lookup at least 0.8x the bare view's requests/s
TAIL_GOAL = 1.6  # p99 at most 1.6x p50


_JUDGED = [True]  # False for --quick: tiny sizes, goals not judged


def _mark(ok: bool) -> str:
    if not _JUDGED[0]:
        return "(quick)"
    return "ok" if ok else "MISSED"


def judge_goals(judged: bool) -> None:
    _JUDGED[0] = judged


def dataset_lines(datasets: dict[str, Any]) -> list[str]:
    lines = []
    for data in datasets.values():
        rows = data["rows"]
        daily = ", ".join(
            f"{count:,} {name} rows" for name, count in rows.items() if name.startswith("daily")
        )
        how = (
            f"reused, built {data['built_at'][:10]} in {data['seconds']:.0f} s"
            if data["reused"]
            else f"generated now in {data['seconds']:.0f} s"
        )
        lines.append(
            f"  {data['database']}: {rows['dossier']:,} dossiers, {rows['step']:,} steps, "
            f"{rows['dossierfile']:,} files, {rows['event']:,} history lines, "
            f"{daily} for {data['daily_days']} days ({how})"
        )
    return lines


def figures_table(figures: dict[str, Any]) -> list[str]:
    widths = [46, 12, 14, 14]
    lines = []
    for result in figures.values():
        totals = result["totals"]
        lines += [
            _row(
                [
                    f"Figures {result['period']}, {result['database']}",
                    "median ms",
                    "× baseline",
                    "goal",
                ],
                widths,
            ),
            f"  ({totals['agencies']} agencies, {totals['rows']} agency-procedure rows, "
            f"{totals['received']:,} received, {totals['resolved']:,} resolved)",
            _row(["one hand-written SQL query (baseline)",
                  f"{result['counts_sql']['median_ms']:,.1f}", "1.00", ""], widths),
            _row(
                [
                    "figures.dossier_figures (live, ORM)",
                    f"{result['dossier_figures']['median_ms']:,.1f}",
                    f"{result['ratio_orm_to_sql']:.2f}",
                    f"≤{FIGURES_GOAL} {_mark(result['ratio_orm_to_sql'] <= FIGURES_GOAL)}",
                ],
                widths,
            ),
            _row(
                [
                    "figures_daily.daily_figures (daily table)",
                    f"{result['daily_figures']['median_ms']:,.1f}",
                    f"{result['ratio_daily_to_live']:.1%} of live",
                    f"≤10% {_mark(result['ratio_daily_to_live'] <= DAILY_GOAL)}",
                ],
                widths,
            ),
            _row(
                [
                    "officials' page /can-bo/so-lieu/, live",
                    f"{result['page_live']['median_ms']:,.1f}",
                    "",
                    "",
                ],
                widths,
            ),
            _row(
                [
                    "officials' page, from the daily table",
                    f"{result['page_daily']['median_ms']:,.1f}",
                    f"{result['ratio_page_daily_to_live']:.1%} of live",
                    f"≤10% {_mark(result['ratio_page_daily_to_live'] <= DAILY_GOAL)}",
                ],
                widths,
            ),
            f"  keeping the daily table current: one agency's day "
            f"{result['refresh_ms']['one_agency_today']:,.0f} ms, a whole day "
            f"{result['refresh_ms']['whole_day']:,.0f} ms",
            "",
        ]  # fmt: skip
    return lines[:-1]


def load_table(load: dict[str, Any]) -> list[str]:
    if "skipped" in load:
        return [f"  Lookup under load: SKIPPED ({load['skipped']})"]
    server, endpoints = load["server"], load["endpoints"]
    bare = endpoints["bare"]
    widths = [44, 10, 9, 9, 9, 9, 9]
    lines = [
        f"  Lookup under load: {load['connections']} connections ({load['client']}), "
        f"{load['rounds']} × {load['seconds_per_run']:.0f} s per path, taking turns",
        f"  {server['command']}; cache {server['cache']}; "
        f"{server['db_connections_held'] or '-'} DB connections held "
        f"(max_connections {server['max_connections'] or '-'})",
        _row(["", "req/s", "× bare", "p50 ms", "p99 ms", "p99/p50", "failed"], widths),
    ]
    for key in ("raw", "hello", "bare_wsgi", "bare", "bare_mw", "real"):
        result = endpoints[key]
        lines.append(
            _row(
                [
                    result["label"],
                    f"{result['rps']:,.0f}",
                    f"{result['rps'] / bare['rps']:.2f}" if bare["rps"] else "-",
                    f"{result['p50_ms']:.1f}",
                    f"{result['p99_ms']:.1f}",
                    f"{result['p99_over_p50']:.2f}",
                    f"{result['failures']:,}",
                ],
                widths,
            )
        )
    real = endpoints["real"]
    failures = sum(e["failures"] for e in endpoints.values())
    with_middleware = endpoints["bare_mw"]["rps"]
    lines.append(
        f"  real / bare through the same middleware: {real['rps'] / with_middleware:.2f}"
        if with_middleware
        else ""
    )
    floor = endpoints.get("bare_wsgi", {}).get("rps")
    if floor:
        lines.append(
            f"  real / bare called without Django's handler (a floor, not the goal's "
            f"baseline): {real['rps'] / floor:.2f}"
        )
    ratios = load.get("ratio_rounds") or []
    if ratios:
        lines.append(
            f"  real / bare, round by round (back to back): median "
            f"{load['ratio_real_to_bare_rps']:.2f}, from {min(ratios):.2f} to {max(ratios):.2f}"
        )
    lines.append(
        f"  goals: real ≥ {RPS_GOAL}× bare: {load['ratio_real_to_bare_rps']:.2f} "
        f"{_mark(load['ratio_real_to_bare_rps'] >= RPS_GOAL)}; "
        f"p99 ≤ {TAIL_GOAL}× p50: {real['p99_over_p50']:.2f} "
        f"{_mark(real['p99_over_p50'] <= TAIL_GOAL)}; "
        f"no failed request: {failures} {_mark(failures == 0)}"
    )
    return lines


def load_json(load: dict[str, Any]) -> dict[str, Any]:
    """The load results with rounded figures (rounds kept raw)."""
    if "skipped" in load:
        return load
    endpoints = {
        key: {k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}
        for key, result in load["endpoints"].items()
    }
    return {
        **load,
        "endpoints": endpoints,
        "ratio_real_to_bare_rps": round(load["ratio_real_to_bare_rps"], 3),
        "ratio_rounds": [round(r, 3) for r in load.get("ratio_rounds", [])],
    }
