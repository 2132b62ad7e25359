"""Recovery after removals: how a criminal network adapts, simulated by Monte Carlo.

Three mechanisms (Duijn, Kashirin & Sloot 2014; Bright et al. 2017):

* **re-linking** — two former contacts of a removed member link up directly with
  probability ``relink`` when they share a trusted intermediary (a common remaining
  contact), else with probability ``relink_stranger``;
* **succession** — a removed ``kingpin``'s ties pass, with probability ``takeover``, to a
  lieutenant among his contacts (the strongest-tied one; else his strongest contact);
* **replacement** — a removed ``facilitator`` is replaced, with probability ``replace``,
  by a newcomer with the same role and process step who wins back each former contact
  with probability ``replace_ties``; every replacement costs ``replacement_cost``;
* **re-hiring** — while a group's kingpin is free, a removed lieutenant or worker of that
  group (vertex attribute ``group``) is replaced with probability ``rehire`` in the same way.

New ties are two-way and carry the weaker of the two ties they replace. Each Monte Carlo
run uses its own seed; :func:`assess` reports the immediate effect of a removal package
and the distribution of the effect after recovery.

>>> import igraph as ig
>>> g = ig.Graph.Star(4); g.vs["name"] = list("habc")
>>> r = assess(g, ["h"], params=RecoveryParams(relink_stranger=1.0), runs=3)
>>> r.immediate["lcc"], r.recovered["lcc"]["mean"]
(1, 3.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

import igraph as ig
import numpy as np

from offensief.disrupt.components import component_sizes
from offensief.disrupt.conventions import Conventions
from offensief.disrupt.graphs import prepare
from offensief.disrupt.metrics import efficiency
from offensief.disrupt.process import capacity, chain_of
from offensief.model.errors import InputError

#: Above this many nodes recovery runs skip efficiency (all pairs, every run).
EFFICIENCY_LIMIT = 300
#: Roles a group re-hires while its kingpin is free.
HIREABLE = frozenset({"lieutenant", "worker", "money_mule", "straw_man"})


@dataclass(frozen=True, slots=True)
class RecoveryParams:
    """Probabilities of the recovery mechanisms (per opportunity) and the replacement cost."""

    relink: float = 0.5
    relink_stranger: float = 0.05
    takeover: float = 0.8
    replace: float = 0.6
    replace_ties: float = 0.7
    replacement_cost: float = 1.0
    rehire: float = 0.5

    def __post_init__(self) -> None:
        for name in ("relink", "relink_stranger", "takeover", "replace", "replace_ties",
                     "rehire"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InputError(f"recovery probability {name} must be in [0, 1]", field=name)

    def as_dict(self) -> dict[str, float]:
        """Plain data for JSON output."""
        return asdict(self)


@dataclass(slots=True)
class Assessment:
    """Immediate and post-recovery effect of one removal package."""

    targets: list[str]
    start: dict[str, float]
    immediate: dict[str, float]
    recovered: dict[str, dict[str, float]]
    runs: int
    seed: int
    params: RecoveryParams
    events: dict[str, float] = field(default_factory=dict)

    def effect(self, metric: str) -> dict[str, Any]:
        """Relative drop of a metric: immediate, and after recovery (mean and 90 % band)."""
        base = self.start.get(metric) or 0.0
        if not base:
            return {"immediate": 0.0, "recovered": 0.0, "band": [0.0, 0.0]}
        post = self.recovered[metric]
        return {
            "immediate": 1.0 - self.immediate[metric] / base,
            "recovered": 1.0 - post["mean"] / base,
            "band": [1.0 - post["p95"] / base, 1.0 - post["p05"] / base],
        }

    def as_dict(self) -> dict[str, Any]:
        """JSON shape (see docs/disrupt.md)."""
        return {
            "targets": self.targets,
            "start": self.start,
            "immediate": self.immediate,
            "recovered": self.recovered,
            "effect": {m: self.effect(m) for m in self.start},
            "events": self.events,
            "runs": self.runs,
            "seed": self.seed,
            "params": self.params.as_dict(),
        }


def _roles(graph: ig.Graph) -> list[str | None]:
    return graph.vs["role"] if "role" in graph.vs.attributes() else [None] * graph.vcount()


def _ties_of(graph: ig.Graph, v: int, gone: set[int]) -> dict[int, float]:
    """Remaining contacts of ``v`` with the strongest tie weight to each."""
    weights = graph.es["weight"]
    ties: dict[int, float] = {}
    for e in graph.incident(v, mode="all"):
        source, target = graph.es[e].tuple
        u = target if source == v else source
        if u != v and u not in gone:
            ties[u] = max(ties.get(u, 0.0), float(weights[e]))
    return ties


def recover(
    graph: ig.Graph,
    removed: Sequence[int],
    *,
    params: RecoveryParams,
    rng: np.random.Generator,
    conventions: Conventions,
) -> tuple[ig.Graph, dict[str, int]]:
    """One random recovery of the prepared ``graph`` after removing ``removed`` (positions)."""
    gone = set(removed)
    roles = _roles(graph)
    contacts = {v: _ties_of(graph, v, gone) for v in removed}
    keep = [v for v in range(graph.vcount()) if v not in gone]
    position = {v: i for i, v in enumerate(keep)}
    residual = graph.induced_subgraph(keep)
    known: dict[int, set[int]] = {}

    def neighbours(i: int) -> set[int]:
        if i not in known:
            known[i] = set(residual.neighbors(i, mode="all")) if i < len(keep) else set()
        return known[i]

    new_ties: dict[tuple[int, int], float] = {}
    events = {"relinked": 0, "takeovers": 0, "replacements": 0, "rehired": 0}
    groups = graph.vs["group"] if "group" in graph.vs.attributes() else [None] * graph.vcount()
    led = {groups[v] for v in keep if roles[v] == "kingpin" and groups[v] not in (None, "")}

    def tie(a: int, b: int, weight: float) -> None:
        key = (min(a, b), max(a, b))
        if a != b and b not in neighbours(a) and key not in new_ties:
            new_ties[key] = weight

    for v in removed:
        weight_to = contacts[v]
        near = sorted(weight_to, key=lambda u: (-weight_to[u], u))
        if roles[v] == "kingpin" and near and rng.random() < params.takeover:
            heirs = [u for u in near if roles[u] == "lieutenant"] or near
            heir = position[heirs[0]]
            for u in near:
                tie(heir, position[u], weight_to[u])
            events["takeovers"] += 1
        facilitator = roles[v] == "facilitator"
        hireable = roles[v] in HIREABLE and groups[v] in led
        if (facilitator and rng.random() < params.replace) or (
                hireable and rng.random() < params.rehire):
            residual.add_vertices(1)
            newcomer = residual.vcount() - 1
            for attribute in residual.vs.attributes():
                residual.vs[newcomer][attribute] = graph.vs[v][attribute]
            residual.vs[newcomer]["name"] = f"{graph.vs[v]['name']}~replacement"
            for u in near:
                if rng.random() < params.replace_ties:
                    tie(newcomer, position[u], weight_to[u])
            events["replacements" if facilitator else "rehired"] += 1
        for a, b in combinations(near, 2):
            pa, pb = position[a], position[b]
            trusted = bool(neighbours(pa) & neighbours(pb))
            if rng.random() < (params.relink if trusted else params.relink_stranger):
                tie(pa, pb, min(weight_to[a], weight_to[b]))
                events["relinked"] += 1
    if new_ties:
        pairs = list(new_ties)
        arcs = pairs + [(b, a) for a, b in pairs] if residual.is_directed() else pairs
        weights = [new_ties[p] for p in pairs]
        weights = weights + weights if residual.is_directed() else weights
        lightest, heaviest = min(graph.es["weight"]), max(graph.es["weight"])
        distance = conventions.weight_meaning == "distance"
        residual.add_edges(arcs, attributes={
            "weight": weights,
            "_length": [lightest / w if distance else w for w in weights],
            "_scaled": [w / heaviest for w in weights],
        })
    return residual, events


def state(
    graph: ig.Graph, *, conventions: Conventions, chain: Sequence[str]
) -> dict[str, float]:
    """The metrics recovery is judged on: largest component, components, efficiency, capacity."""
    strong = conventions.component == "strong" and graph.is_directed()
    sizes = component_sizes(graph, strong=strong)
    out: dict[str, float] = {"lcc": max(sizes, default=0), "components": len(sizes)}
    if graph.vcount() <= EFFICIENCY_LIMIT:
        out["efficiency"] = efficiency(graph, weighted=conventions.weight_meaning != "none")
    if chain:
        out["capacity"] = capacity(graph, chain)["capacity"]
    return out


def _summary(values: list[float]) -> dict[str, float]:
    array = np.asarray(values, dtype=float)
    return {"mean": float(array.mean()), "std": float(array.std()),
            "p05": float(np.percentile(array, 5)), "p95": float(np.percentile(array, 95))}


def assess(
    graph: ig.Graph,
    targets: Sequence[str],
    *,
    conventions: Conventions | None = None,
    params: RecoveryParams | None = None,
    runs: int = 200,
    seed: int = 0,
    chain: Sequence[str] | None = None,
    prepared: bool = False,
) -> Assessment:
    """Immediate effect of removing ``targets`` and its distribution after recovery."""
    conventions = conventions or Conventions(directed=graph.is_directed(),
                                             component="weak")
    params = params or RecoveryParams()
    g = graph if prepared else prepare(graph, conventions)
    names = g.vs["name"]
    index = {name: i for i, name in enumerate(names)}
    unknown = [t for t in targets if t not in index]
    if unknown:
        raise InputError(f"unknown targets: {', '.join(unknown[:5])}", field="targets")
    removed = [index[t] for t in targets]
    steps = chain_of(g, chain) if (chain or "step" in g.vs.attributes()) else ()
    start = state(g, conventions=conventions, chain=steps)
    keep = [v for v in range(g.vcount()) if v not in set(removed)]
    immediate = state(g.induced_subgraph(keep), conventions=conventions, chain=steps)
    samples: dict[str, list[float]] = {key: [] for key in start}
    counts: dict[str, list[int]] = {"relinked": [], "takeovers": [], "replacements": [],
                                    "rehired": []}
    for r in range(runs):
        recovered, events = recover(g, removed, params=params, conventions=conventions,
                                    rng=np.random.default_rng([seed, r]))
        for key, value in state(recovered, conventions=conventions, chain=steps).items():
            samples[key].append(value)
        for key, value in events.items():
            counts[key].append(value)
    mean_events = {key: float(np.mean(v)) if v else 0.0 for key, v in counts.items()}
    mean_events["replacement_cost"] = mean_events["replacements"] * params.replacement_cost
    return Assessment(targets=list(targets), start=start, immediate=immediate,
                      recovered={key: _summary(v) for key, v in samples.items()},
                      runs=runs, seed=seed, params=params, events=mean_events)
