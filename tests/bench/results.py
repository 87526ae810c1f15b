"""One place where every benchmark reports a figure: printed, and merged into `bench-results.json`.

Entries are `{"name", "value", "unit", "budget", "ok"}`; a rerun of one benchmark replaces its
own entries and keeps the others'. `budget` is a string such as "<= 50" or ">= 20" (None when a
figure is only informative, which is then always ok).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parents[2] / "bench-results.json"


def _ok(value: float, budget: str | None) -> bool:
    if budget is None:
        return True
    op, limit = budget.split()
    return {"<=": value <= float(limit), "<": value < float(limit), ">=": value >= float(limit)}[op]


def record(name: str, value: float, unit: str, budget: str | None = None) -> bool:
    """Print the figure and store it; returns whether it meets its budget."""
    ok = _ok(value, budget)
    entries: list[dict[str, Any]] = []
    if RESULTS.exists():
        try:
            entries = [e for e in json.loads(RESULTS.read_text(encoding="utf-8")) if e.get("name") != name]
        except (ValueError, AttributeError):
            entries = []  # a damaged file from an interrupted run: start again
    entries.append({"name": name, "value": round(value, 3), "unit": unit, "budget": budget, "ok": ok})
    RESULTS.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    verdict = "" if budget is None else ("  ok" if ok else "  OVER BUDGET")
    print(f"\n[bench] {name}: {value:.3f} {unit} (budget {budget or '-'}){verdict}", flush=True)
    return ok


def median_ms(fn: Callable[[], Any], runs: int = 7, prepare: Callable[[], Any] | None = None) -> float:
    """The median wall time of `fn` in milliseconds over `runs` runs; `prepare` runs untimed before each."""
    times = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
