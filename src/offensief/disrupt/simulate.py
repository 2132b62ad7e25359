"""Simulate removal strategies on a network and measure what is left after each step.

:func:`removal_order` decides who goes (re-ranking per the mode), then :func:`simulate`
measures the residual network after every removal: weak components by reverse union-find
(incremental), strong components, efficiency, clustering and process capacity by
recomputation where asked. Random removal runs many seeded orders and reports a band.

>>> import igraph as ig
>>> g = ig.Graph.Star(5)
>>> run = simulate(g, strategy="degree", conventions=Conventions(directed=False), steps=1)
>>> run.removed, [row["lcc"] for row in run.rows]
(['0'], [5, 1])
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np

from offensief.disrupt import metrics as metric_functions
from offensief.disrupt.components import strong_trace, weak_trace
from offensief.disrupt.conventions import Conventions
from offensief.disrupt.graphs import prepare
from offensief.disrupt.ordering import sequential_degree_order, tie_ranks
from offensief.disrupt.process import capacity, chain_of
from offensief.disrupt.strategies import STRENGTH_STRATEGIES, Context
from offensief.disrupt.strategies import strategy as strategy_named

Progress = Callable[[int, int], None]
DEGREE_MODES = {"degree": "all", "in-degree": "in", "out-degree": "out"}


@dataclass(slots=True)
class Run:
    """One simulated strategy: who was removed and the network after each removal."""

    strategy: str
    conventions: Conventions
    nodes: int
    edges: int
    removed: list[str]
    rows: list[dict[str, Any]]
    seed: int
    runs: int = 1
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def column(self, name: str) -> list[Any]:
        """One metric over all rows."""
        return [row.get(name) for row in self.rows]

    def as_dict(self) -> dict[str, Any]:
        """JSON shape (see docs/disrupt.md)."""
        return {
            "strategy": self.strategy,
            "conventions": self.conventions.as_dict(),
            "network": {"nodes": self.nodes, "edges": self.edges},
            "seed": self.seed,
            "runs": self.runs,
            "seconds": round(self.seconds, 4),
            "removed": self.removed,
            "rows": self.rows,
            "notes": self.notes,
        }


def _edges(graph: ig.Graph) -> np.ndarray:
    return np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)


def removal_order(
    graph: ig.Graph,
    *,
    strategy: str,
    conventions: Conventions,
    steps: int,
    rng: np.random.Generator,
    custom: Sequence[str] = (),
    notes: list[str] | None = None,
    incremental: bool = True,
) -> list[int]:
    """Input positions of the first ``steps`` nodes a strategy removes (prepared graph)."""
    chosen = strategy_named(strategy)
    ranks = tie_ranks(graph.vs["name"], conventions.ties)
    steps = min(steps, graph.vcount())
    context = Context(conventions=conventions, rng=rng, custom=custom,
                      notes=notes if notes is not None else [])
    mode_key = DEGREE_MODES.get(strategy)
    one_by_one = conventions.mode == "sequential" or conventions.block_size == 1
    if mode_key and one_by_one and incremental:
        mode = mode_key if graph.is_directed() else "all"
        return sequential_degree_order(graph.vcount(), _edges(graph), steps, mode=mode, ranks=ranks)
    static = chosen.static or (strategy in STRENGTH_STRATEGIES and conventions.static_strength)
    per_round = steps if static else (1 if conventions.mode == "sequential" else conventions.block_size)
    residual = graph.copy()
    order: list[int] = []
    while len(order) < steps:
        scores = np.nan_to_num(np.asarray(chosen.score(residual, context), dtype=float), nan=-np.inf)
        index = residual.vs["_index"]
        ranking = sorted(range(residual.vcount()), key=lambda i: (-scores[i], ranks[index[i]]))
        take = ranking[: min(per_round, steps - len(order))]
        if strategy == "custom":
            take = [i for i in take if scores[i] >= 0]
            if not take:
                break
        order.extend(index[i] for i in take)
        residual.delete_vertices(take)
        if static:  # ranked once on the intact network
            break
    return order


def _trace_rows(
    graph: ig.Graph,
    order: list[int],
    *,
    conventions: Conventions,
    metrics: tuple[str, ...],
    chain: tuple[str, ...],
) -> list[dict[str, Any]]:
    weak = weak_trace(graph.vcount(), _edges(graph), order)
    strong = strong_trace(graph, order) if graph.is_directed() and (
        conventions.component == "strong" or graph.vcount() <= metric_functions.ALL_PAIRS_LIMIT
    ) else None
    main = strong if conventions.component == "strong" and strong else weak
    rows: list[dict[str, Any]] = []
    for k in range(len(order) + 1):
        row: dict[str, Any] = {
            "k": k,
            "removed": graph.vs[order[k - 1]]["name"] if k else None,
            "lcc": main.largest[k],
            "lcc_fraction": main.largest[k] / (main.largest[0] or 1),
            "components": main.count[k],
            "lcc_weak": weak.largest[k],
            "lcc_weak_fraction": weak.largest[k] / (weak.largest[0] or 1),
        }
        if strong is not None:
            row["lcc_strong"] = strong.largest[k]
            row["lcc_strong_fraction"] = strong.largest[k] / (strong.largest[0] or 1)
        rows.append(row)
    heavy = [m for m in metrics if m in ("efficiency", "clustering")]
    if heavy or chain:
        alive = np.ones(graph.vcount(), dtype=bool)
        for k in range(len(order) + 1):
            if k:
                alive[order[k - 1]] = False
            residual = graph.induced_subgraph(np.flatnonzero(alive).tolist())
            if "efficiency" in heavy and graph.vcount() <= metric_functions.ALL_PAIRS_LIMIT:
                rows[k]["efficiency"] = metric_functions.efficiency(
                    residual, weighted=conventions.weight_meaning != "none")
            if "clustering" in heavy:
                rows[k]["clustering"] = metric_functions.clustering(residual)
            if chain:
                rows[k]["capacity"] = capacity(residual, chain)["capacity"]
    return rows


def _band(all_rows: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Mean rows of several random runs, with a 90 % band per numeric metric."""
    out: list[dict[str, Any]] = []
    for k in range(len(all_rows[0])):
        row: dict[str, Any] = {"k": k, "removed": None}
        for key, value in all_rows[0][k].items():
            if key in ("k", "removed") or not isinstance(value, (int, float)):
                continue
            values = np.array([rows[k][key] for rows in all_rows], dtype=float)
            row[key] = float(values.mean())
            row[f"{key}_band"] = [float(np.percentile(values, 5)), float(np.percentile(values, 95))]
        out.append(row)
    return out


def simulate(
    graph: ig.Graph,
    *,
    strategy: str,
    conventions: Conventions | None = None,
    steps: int | None = None,
    seed: int = 0,
    runs: int = 1,
    custom: Sequence[str] = (),
    metrics: Sequence[str] = ("lcc", "components"),
    chain: Sequence[str] | None = None,
    incremental: bool = True,
    progress: Progress | None = None,
) -> Run:
    """Remove nodes by ``strategy`` and measure the network after every removal."""
    conventions = conventions or Conventions(directed=graph.is_directed())
    started = time.perf_counter()
    g = prepare(graph, conventions)
    steps = g.vcount() - 1 if steps is None else max(0, min(steps, g.vcount()))
    process_chain = chain_of(g, chain) if (chain or "step" in g.vs.attributes()) else ()
    wanted = tuple(metrics)
    notes: list[str] = []
    repeats = runs if strategy == "random" else 1
    all_rows = []
    order: list[int] = []
    for r in range(repeats):
        rng = np.random.default_rng(seed + r)
        order = removal_order(g, strategy=strategy, conventions=conventions, steps=steps, rng=rng,
                              custom=custom, notes=notes, incremental=incremental)
        all_rows.append(_trace_rows(g, order, conventions=conventions, metrics=wanted,
                                    chain=process_chain))
        if progress:
            progress(r + 1, repeats)
    rows = all_rows[0] if repeats == 1 else _band(all_rows)
    removed = [g.vs[v]["name"] for v in order] if repeats == 1 else []
    return Run(strategy=strategy, conventions=conventions, nodes=g.vcount(), edges=g.ecount(),
               removed=removed, rows=rows, seed=seed, runs=repeats,
               seconds=time.perf_counter() - started, notes=sorted(set(notes)))
