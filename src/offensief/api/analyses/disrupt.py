"""Disruption what-if and intervention plan on the case's person network.

The person network (``offensief.network`` projection, roles applied as in
``offensief.disrupt.case``) is built from the datasets the viewer may see; the curve comes
from :func:`offensief.disrupt.simulate.simulate` (immediate) and
:func:`offensief.disrupt.recovery.assess` at checkpoints (after recovery, Monte Carlo with a
5–95 % band); the plan from :func:`offensief.disrupt.plan.make_plan`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import igraph as ig

from offensief.disrupt.case import apply_roles
from offensief.disrupt.conventions import Conventions
from offensief.disrupt.plan import PlanOptions, make_plan
from offensief.disrupt.recovery import assess
from offensief.disrupt.simulate import simulate
from offensief.disrupt.strategies import STRATEGIES
from offensief.model.errors import InputError
from offensief.network.graph import entity_graph, person_projection
from offensief.network.roles import analyse_roles
from offensief.resolve.canonical import load_mapping
from offensief.store.duckstore import Store

Progress = Callable[..., None]
#: Strategies offered in the what-if (static "custom" needs a list, so it is left out).
OFFERED = tuple(name for name in STRATEGIES if name != "custom")


def person_network(store: Store, *, datasets: list[str], seeds: int = 1) -> ig.Graph:
    """The visible person network with ``role``/``step``/``group`` vertex attributes."""
    entities = entity_graph(store, canonical=load_mapping(store) or None, datasets=datasets)
    people = person_projection(entities)
    if people.vcount() < 2 or people.ecount() == 0:
        raise InputError("the data you may see hold no person network to disrupt", field="case")
    analysis = analyse_roles(people, entity_graph=entities, seeds=seeds, top=40)
    apply_roles(people, analysis)
    return people


def conventions(mode: str, steps: int) -> Conventions:
    """Undirected person network, weak components, strengths read as distances 1/w."""
    block = max(1, steps // 10) if mode == "block" else 1
    return Conventions(directed=False, component="weak", weight_meaning="distance", mode=mode,
                       block_size=block)


def what_if(store: Store, *, datasets: list[str], strategy: str, mode: str, steps: int,
            runs: int = 20, checkpoints: int = 6, progress: Progress | None = None) -> dict[str, Any]:
    """Largest-component curve, immediate and after recovery, for one strategy and mode."""
    if strategy not in OFFERED:
        raise InputError(f"unknown strategy {strategy!r}; known: {', '.join(OFFERED)}", field="strategy")
    step = progress or (lambda *a, **k: None)
    step(0, checkpoints + 2, "person network and roles")
    graph = person_network(store, datasets=datasets)
    steps = min(steps, graph.vcount() - 1)
    conv = conventions(mode, steps)
    step(1, checkpoints + 2, f"simulating {strategy} ({mode})")
    run = simulate(graph, strategy=strategy, conventions=conv, steps=steps, seed=0)
    base = run.rows[0]["lcc"] or 1
    ks = sorted({round(i * steps / checkpoints) for i in range(checkpoints + 1)})
    recovered: dict[int, dict[str, float]] = {}
    for i, k in enumerate(ks):
        step(2 + i, checkpoints + 2, f"recovery after {k} removals")
        if k == 0:
            recovered[k] = {"mean": 1.0, "p05": 1.0, "p95": 1.0}
            continue
        result = assess(graph, run.removed[:k], conventions=conv, runs=runs, seed=0)
        lcc = result.recovered["lcc"]
        recovered[k] = {key: lcc[key] / base for key in ("mean", "p05", "p95")}
    curve = [
        {"k": row["k"], "removed": row["removed"], "immediate": row["lcc_fraction"],
         "after_recovery": recovered.get(row["k"], {}).get("mean"),
         "band": [recovered[row["k"]]["p05"], recovered[row["k"]]["p95"]] if row["k"] in recovered else None}
        for row in run.rows
    ]
    return {
        "strategy": strategy, "mode": mode, "steps": steps, "runs": runs,
        "network": {"nodes": graph.vcount(), "edges": graph.ecount()},
        "conventions": conv.as_dict(), "curve": curve, "removed": run.removed,
        "notes": run.notes + ["after-recovery values are Monte Carlo means (band 5–95 %) at checkpoints"],
        "metric": "share of the largest (weakly connected) component that remains",
    }


def plan(store: Store, *, datasets: list[str], size: int = 8, runs: int = 20,
         progress: Progress | None = None) -> dict[str, Any]:
    """The intervention plan (advice for a person to accept) per partner and instrument."""
    step = progress or (lambda *a, **k: None)
    step(0, 2, "person network and roles")
    graph = person_network(store, datasets=datasets)

    def report(label: str, done: int, total: int) -> None:
        step(done, total, label)

    return make_plan(graph, options=PlanOptions(size=min(size, graph.vcount()), runs=runs), progress=report)
