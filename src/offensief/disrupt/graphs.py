"""Prepare a network for disruption: orientation, weight meanings, input positions.

:func:`prepare` returns a copy of the graph with what every strategy and metric reads:
vertex ``_index`` (input position, for tie order), edge ``_length`` (path length per the
weight meaning) and ``_scaled`` (strength scaled to at most 1). These are fixed on the
intact network, so removals never rescale them.

>>> import igraph as ig
>>> g = ig.Graph([(0, 1), (1, 2)], directed=True)
>>> g.vs["name"] = ["a", "b", "c"]; g.es["weight"] = [1.0, 4.0]
>>> prepare(g, Conventions()).es["_length"]
[1.0, 0.25]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import igraph as ig

from offensief.disrupt.conventions import Conventions
from offensief.model.errors import InputError
from offensief.network.io import read_network

#: Vertex attributes describing members; file formats spell "missing" in several ways.
MEMBER_ATTRIBUTES = ("role", "group", "step", "facilitator_type")
EMPTY = frozenset({"", "None", "none", "nan", "NaN", "null"})


def running_max_scaling(weights: Sequence[float]) -> list[float]:
    """Divide each weight, in order, by the maximum of the list *as it is at that moment*.

    This reproduces a published normalisation loop: once the heaviest edge has been
    divided (becoming 1), later edges are divided by the largest weight not yet scaled.
    """
    values = [float(w) for w in weights]
    if not values:
        return []
    # suffix maxima of the unscaled values; scaled values are all <= 1
    suffix = values[:]
    for i in range(len(values) - 2, -1, -1):
        suffix[i] = max(values[i], suffix[i + 1])
    scaled: list[float] = []
    top_scaled = 0.0
    for i, w in enumerate(values):
        current = max(top_scaled, suffix[i])
        scaled.append(w / current)
        top_scaled = max(top_scaled, scaled[-1])
    return scaled


def prepare(graph: ig.Graph, conventions: Conventions) -> ig.Graph:
    """A copy of ``graph`` ready for strategies and metrics under ``conventions``."""
    if graph.vcount() == 0:
        raise InputError("the network has no nodes", field="network")
    g = graph.copy()
    if "name" not in g.vs.attributes():
        g.vs["name"] = [str(i) for i in range(g.vcount())]
    g.vs["name"] = [str(name) for name in g.vs["name"]]
    for attribute in MEMBER_ATTRIBUTES:
        if attribute in g.vs.attributes():
            g.vs[attribute] = [None if str(value) in EMPTY else value for value in g.vs[attribute]]
    if "weight" not in g.es.attributes() or g.ecount() == 0:
        g.es["weight"] = [1.0] * g.ecount()
    weights = [1.0 if w is None else float(w) for w in g.es["weight"]]
    if any(w <= 0 for w in weights):
        raise InputError("edge weights must be positive", field="weight")
    g.es["weight"] = weights
    merge = "max" if conventions.pair_merge == "keep" else conventions.pair_merge
    if g.is_directed() and not conventions.directed:
        g = g.as_undirected(mode="collapse", combine_edges={"weight": merge})
    elif conventions.pair_merge != "keep" and not g.is_simple():
        g.simplify(multiple=True, loops=False, combine_edges={"weight": merge})
    g.vs["_index"] = list(range(g.vcount()))
    weights = g.es["weight"]
    if conventions.weight_meaning == "distance":
        inverse = [1.0 / w for w in weights]
        top = max(inverse, default=1.0)
        g.es["_length"] = [x / top for x in inverse]
    else:
        g.es["_length"] = list(weights)
    # matrix (row-major) order of the arcs, as an adjacency matrix lists them
    order = sorted(range(g.ecount()), key=lambda e: g.es[e].tuple)
    if conventions.weight_scaling == "running-max":
        scaled_in_order = running_max_scaling([weights[e] for e in order])
        scaled = [0.0] * g.ecount()
        for e, value in zip(order, scaled_in_order, strict=True):
            scaled[e] = value
    elif conventions.weight_scaling == "max":
        top = max(weights, default=1.0)
        scaled = [w / top for w in weights]
    else:
        scaled = list(weights)
    g.es["_scaled"] = scaled
    return g


def load(path: str | Path, *, directed: bool | None = None) -> ig.Graph:
    """Read a network file (adjacency CSV, edge list, GraphML) for disruption."""
    return read_network(path, directed=directed)
