"""Benchmark: disclosure control of the demo's area tables (300 areas x 4 years + totals).

For each table indicator of the demo (``offensief.demo.areas``) it times ``publish`` (primary
and secondary suppression, the LP audit, rounding) and counts withheld cells and LPs solved.
The obvious alternative, auditing every withheld cell with its own two LPs (min and max) over
the whole table, is timed on up to 120 of the withheld cells per table (extrapolated to all)
and must find every one of them protected as well.

    .venv/bin/python benchmarks/prevent.py

Writes benchmarks/results/prevent.json.
"""

from __future__ import annotations

import csv
import io
import json
import platform
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linprog

from offensief.demo.areas import demo_areas
from offensief.prevent import disclosure
from offensief.prevent.areas import Area, Hierarchy
from offensief.prevent.disclosure import BELOW, protect
from offensief.prevent.tables import Observation, build_table

OUT = Path(__file__).resolve().parent / "results" / "prevent.json"


def naive_ranges(table: disclosure.Table, cells: dict, threshold: int, sample: int) -> dict:
    """Withheld cells' min and max by their own two LPs over the whole table (for at most
    ``sample`` cells, spread over the table; the time is extrapolated to all)."""
    hidden = [k for k, c in cells.items() if c.value is None]
    index = {k: i for i, k in enumerate(hidden)}
    rows, rhs = [], []
    for rel in table.relations:
        row, known = np.zeros(len(hidden)), float(rel.offset)
        for c, sign in ((rel.total, 1.0), *((p, -1.0) for p in rel.parts)):
            if c in index:
                row[index[c]] += sign
            else:
                known -= sign * table.values[c]
        if row.any():
            rows.append(row)
            rhs.append(known)
    bounds = [(0, threshold - 1) if cells[k].status == BELOW else (0, None) for k in hidden]
    out = {}
    step = max(1, len(hidden) // sample)
    for k, i in list(index.items())[::step]:
        c = np.zeros(len(hidden))
        c[i] = 1
        lo = linprog(c, A_eq=np.array(rows), b_eq=rhs, bounds=bounds).fun
        hi = linprog(-c, A_eq=np.array(rows), b_eq=rhs, bounds=bounds)
        out[k] = (lo, np.inf if hi.status == 3 else -hi.fun)
    return out


def main() -> None:
    data = demo_areas()
    areas = [Area(r["code"], r["name"]) for r in csv.DictReader(io.StringIO(data.areas))]
    hierarchy = Hierarchy.of(areas)
    observations: dict[str, list[Observation]] = {}
    for r in csv.DictReader(io.StringIO(data.values)):
        observations.setdefault(r["indicator"], []).append(
            Observation(r["area"], r["indicator"], r["period"], int(r["value"]), int(r["base"]) if r["base"] else None))
    results = []
    calls = {"n": 0}
    original = disclosure.linprog

    def counting(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        return original(*args, **kwargs)

    disclosure.linprog = counting  # type: ignore[assignment]
    for indicator, obs in observations.items():
        table, _, _ = build_table(obs, hierarchy)
        calls["n"] = 0
        started = time.perf_counter()
        result = protect(table)
        fast = time.perf_counter() - started
        withheld = sum(1 for c in result.cells.values() if c.value is None)
        started = time.perf_counter()
        ranges = naive_ranges(table, result.cells, result.threshold, sample=120)
        naive = (time.perf_counter() - started) * withheld / max(1, len(ranges))
        narrow = sum(1 for lo, hi in ranges.values() if hi - lo < 1 - 1e-6)
        row = {"indicator": indicator, "cells": len(table.values), "withheld": withheld,
               "lps": calls["n"], "seconds": round(fast, 3), "naive_audit_lps": 2 * withheld,
               "naive_audit_seconds": round(naive, 1), "naive_cells_checked": len(ranges),
               "naive_finds_recoverable": narrow, "ratio": round(naive / fast, 1)}
        print(row)
        results.append(row)
    disclosure.linprog = original  # type: ignore[assignment]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({"machine": platform.platform(), "tables": results}, indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
