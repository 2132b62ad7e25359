"""Disruption what-if and intervention plan on the case pipeline's person network.

Both run on :func:`offensief.casework.pipeline.people_graph` (the roles every other view
shows) under one set of conventions (:func:`conventions`: undirected, weak components,
strengths read as distances 1/w) and one simulation (:func:`point`): removing ``k`` members
by a strategy, the share of the largest component that remains immediately
(:func:`offensief.disrupt.simulate.simulate`) and after recovery
(:func:`offensief.disrupt.recovery.assess`, Monte Carlo mean with a 5–95 % band). The
what-if draws that curve for one strategy; the plan's strategy comparison reads the same
function at the plan's size, so the two pages give the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import igraph as ig

from offensief.disrupt.conventions import Conventions
from offensief.disrupt.plan import COMPARED, PlanOptions, make_plan
from offensief.disrupt.recovery import assess
from offensief.disrupt.simulate import simulate
from offensief.disrupt.strategies import STRATEGIES
from offensief.model.errors import InputError

Progress = Callable[..., None]
#: Strategies offered in the what-if (static "custom" needs a list, so it is left out).
OFFERED = tuple(name for name in STRATEGIES if name != "custom")
#: Monte Carlo recovery runs per point, and the random seed, for what-if and plan alike.
RUNS = 20
SEED = 0
#: Targets in the proposed package.
PLAN_SIZE = 8
METRIC = "share of the largest (weakly connected) component that remains"


def conventions(mode: str = "sequential", steps: int = 1) -> Conventions:
    """Undirected person network, weak components, strengths read as distances 1/w."""
    block = max(1, steps // 10) if mode == "block" else 1
    return Conventions(directed=False, component="weak", weight_meaning="distance", mode=mode,
                       block_size=block)


def _checked(graph: ig.Graph) -> ig.Graph:
    if graph.vcount() < 2 or graph.ecount() == 0:
        raise InputError("the data you may see hold no person network to disrupt", field="case")
    return graph


def point(graph: ig.Graph, removed: list[str], base: float, conv: Conventions) -> dict[str, Any]:
    """The share of the largest component left after removing ``removed``, after recovery
    (mean and 5–95 % band over :data:`RUNS` runs)."""
    if not removed:
        return {"mean": 1.0, "p05": 1.0, "p95": 1.0}
    lcc = assess(graph, removed, conventions=conv, runs=RUNS, seed=SEED).recovered["lcc"]
    return {key: lcc[key] / base for key in ("mean", "p05", "p95")}


def what_if(graph: ig.Graph, *, strategy: str, mode: str, steps: int, checkpoints: int = 6,
            progress: Progress | None = None) -> dict[str, Any]:
    """Largest-component curve, immediate and after recovery, for one strategy and mode.
    Recovery is assessed at ``checkpoints`` evenly spaced removal counts and at the plan's
    size, so the plan's comparison can be read off the curve."""
    if strategy not in OFFERED:
        raise InputError(f"unknown strategy {strategy!r}; known: {', '.join(OFFERED)}", field="strategy")
    step = progress or (lambda *a, **k: None)
    graph = _checked(graph)
    steps = min(steps, graph.vcount() - 1)
    conv = conventions(mode, steps)
    step(1, checkpoints + 2, f"simulating {strategy} ({mode})")
    graph = graph.copy()
    run = simulate(graph, strategy=strategy, conventions=conv, steps=steps, seed=SEED)
    base = run.rows[0]["lcc"] or 1
    ks = sorted({round(i * steps / checkpoints) for i in range(checkpoints + 1)}
                | ({PLAN_SIZE} if PLAN_SIZE <= steps else set()))
    recovered: dict[int, dict[str, float]] = {}
    for i, k in enumerate(ks):
        step(2 + i, len(ks) + 2, f"recovery after {k} removals")
        recovered[k] = point(graph, run.removed[:k], base, conv)
    curve = [
        {"k": row["k"], "removed": row["removed"], "immediate": row["lcc_fraction"],
         "after_recovery": recovered.get(row["k"], {}).get("mean"),
         "band": [recovered[row["k"]]["p05"], recovered[row["k"]]["p95"]] if row["k"] in recovered else None}
        for row in run.rows
    ]
    return {
        "strategy": strategy, "mode": mode, "steps": steps, "runs": RUNS,
        "network": {"nodes": graph.vcount(), "edges": graph.ecount()},
        "conventions": conv.as_dict(), "curve": curve, "removed": run.removed,
        "notes": run.notes + ["after-recovery values are Monte Carlo means (band 5–95 %) at checkpoints"],
        "metric": METRIC,
    }


def compare(graph: ig.Graph, *, size: int, strategies: tuple[str, ...] = COMPARED) -> list[dict[str, Any]]:
    """Per strategy, the what-if's point after ``size`` sequential removals."""
    conv = conventions("sequential", size)
    rows = []
    for name in strategies:
        if name not in OFFERED:
            continue
        run = simulate(graph, strategy=name, conventions=conv, steps=size, seed=SEED)
        base = run.rows[0]["lcc"] or 1
        after = point(graph, run.removed[:size], base, conv)
        rows.append({"strategy": name, "k": size, "targets": run.removed[:size],
                     "immediate": run.rows[-1]["lcc_fraction"], "after_recovery": after["mean"],
                     "band": [after["p05"], after["p95"]], "metric": METRIC})
    return rows


def plan(graph: ig.Graph, *, size: int = PLAN_SIZE, progress: Progress | None = None) -> dict[str, Any]:
    """The intervention plan (advice for a person to accept) per partner and instrument,
    under the what-if's conventions; its strategy comparison is the what-if's :func:`compare`."""
    step = progress or (lambda *a, **k: None)
    graph = _checked(graph)
    size = min(size, graph.vcount() - 1)

    def report(label: str, done: int, total: int) -> None:
        step(done, total, label)

    # each on its own copy: the plan prepares (changes) the graph it is given
    result = make_plan(graph.copy(), options=PlanOptions(size=size, runs=RUNS, seed=SEED, compare=()),
                       conventions=conventions("sequential", size), progress=report)
    step(0, 1, "comparing strategies")
    return result | {"strategies": compare(graph.copy(), size=size)}
