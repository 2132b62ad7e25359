"""What an edge weight means: strength (more is closer) or distance (more is farther).

Criminal-network data count contacts (calls, payments, meetings): a *strength*. Path-based
measures (betweenness, closeness, harmonic, efficiency) need a *distance*. Every measure
that uses weights says which meaning it used; this module makes the conversion explicit.

The default conversion follows Anastasiadis & Antoniou (2024):
``distance = (1/w) / max(1/w)`` so that the strongest tie has the smallest distance and the
weakest tie has distance 1.

>>> import igraph as ig
>>> g = ig.Graph([(0, 1), (1, 2)], directed=True); g.es["weight"] = [4.0, 1.0]
>>> strength_to_distance(g.es["weight"])
[0.25, 1.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import igraph as ig

from offensief.model.errors import InputError

#: Meanings a weight can have.
MEANINGS = ("strength", "distance", "none")


def strength_to_distance(weights: Sequence[float]) -> list[float]:
    """``(1/w) / max(1/w)``: the paper convention; raises on non-positive weights."""
    if any(w <= 0 for w in weights):
        raise InputError("edge weights must be positive to be read as strengths")
    if not weights:
        return []
    inverse = [1.0 / w for w in weights]
    top = max(inverse)
    return [x / top for x in inverse]


def normalised_strength(weights: Sequence[float]) -> list[float]:
    """``w / max(w)`` (used by weighted clustering)."""
    if not weights:
        return []
    top = max(weights)
    return [w / top for w in weights]


def edge_weights(graph: ig.Graph) -> list[float]:
    """The ``weight`` attribute, or 1.0 per edge when the graph has none."""
    if "weight" in graph.es.attributes():
        return [1.0 if w is None else float(w) for w in graph.es["weight"]]
    return [1.0] * graph.ecount()


def distances(graph: ig.Graph, *, meaning: str) -> list[float] | None:
    """Edge lengths for path measures under ``meaning`` (None = unweighted hops)."""
    if meaning not in MEANINGS:
        raise InputError(f"weight meaning must be one of {', '.join(MEANINGS)}", field="weights")
    if meaning == "none" or graph.ecount() == 0:
        return None
    weights = edge_weights(graph)
    if meaning == "distance":
        return weights
    return strength_to_distance(weights)


def strengths(graph: ig.Graph, *, meaning: str) -> list[float] | None:
    """Edge weights to sum as tie strength (None when weights are distances or absent)."""
    if meaning not in MEANINGS:
        raise InputError(f"weight meaning must be one of {', '.join(MEANINGS)}", field="weights")
    if meaning != "strength" or graph.ecount() == 0:
        return None
    return edge_weights(graph)


def running_max_normalised(weights: Sequence[float]) -> list[float]:
    """Weights divided in edge order by the *current* maximum, as the published code did.

    Anastasiadis & Antoniou (2024) normalised weights in place, recomputing the maximum
    after each edge: edges up to and including the first heaviest edge are divided by the
    global maximum, later ones by the largest weight not yet processed (at least 1). Their
    average clustering is reproduced exactly only under this rule (convention
    ``"anastasiadis2024"``); the standard rule is :func:`normalised_strength`.
    """
    values = [float(w) for w in weights]
    if not values:
        return []
    top = max(values)
    first_top = values.index(top)
    suffix = values[:]
    for k in range(len(values) - 2, -1, -1):
        suffix[k] = max(values[k], suffix[k + 1])
    return [w / top if k <= first_top else w / max(1.0, suffix[k]) for k, w in enumerate(values)]
