"""Removal strategies: how to score the members of a (residual) network.

A strategy scores every node of the current graph; the simulator removes the highest
score (ties per the conventions). Scores are read from the residual network, so in
sequential mode every removal re-ranks. Graphs carry the vertex attributes ``name`` and
``_index`` (position in the input) and the edge attributes ``weight`` (raw strength),
``_length`` (path length per the weight meaning) and ``_scaled`` (scaled strength), all
set by :func:`offensief.disrupt.graphs.prepare`.

>>> sorted(STRATEGIES)[:3]
['betweenness', 'bridges', 'collective-influence']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import igraph as ig
import numpy as np
from scipy.sparse import csr_matrix, identity
from scipy.sparse.linalg import spsolve

from offensief.disrupt.conventions import Conventions
from offensief.model.errors import InputError


@dataclass(slots=True)
class Context:
    """What a strategy may use besides the graph."""

    conventions: Conventions
    rng: np.random.Generator
    custom: Sequence[str] = ()
    notes: list[str] = field(default_factory=list)


Score = Callable[[ig.Graph, Context], list[float]]


@dataclass(frozen=True, slots=True)
class Strategy:
    """A named scoring rule; ``static`` ones are ranked once on the intact network."""

    name: str
    score: Score
    description: str
    static: bool = False


def _lengths(graph: ig.Graph, conventions: Conventions) -> list[float] | None:
    return None if conventions.weight_meaning == "none" else graph.es["_length"]


def _normalised(values: list[float], graph: ig.Graph, ctx: Context) -> list[float]:
    if not ctx.conventions.degree_normalised or graph.vcount() < 2:
        return values
    return [v / (graph.vcount() - 1) for v in values]


def _degree(mode: str) -> Score:
    return lambda graph, ctx: _normalised([float(d) for d in graph.degree(mode=mode)], graph, ctx)


def _strength(mode: str) -> Score:
    return lambda graph, ctx: _normalised([float(x) for x in graph.strength(mode=mode, weights="weight")],
                                          graph, ctx)


def _betweenness(graph: ig.Graph, ctx: Context) -> list[float]:
    scores = graph.betweenness(directed=graph.is_directed(), weights=_lengths(graph, ctx.conventions))
    return [float(x) for x in scores]


def _harmonic(mode: str) -> Score:
    def score(graph: ig.Graph, ctx: Context) -> list[float]:
        scores = graph.harmonic_centrality(mode=mode, weights=_lengths(graph, ctx.conventions),
                                           normalized=False)
        return [float(x) for x in scores]
    return score


def _katz(mode: str) -> Score:
    """Katz x = (I - alpha M)^-1 1 with M the scaled strengths (``in``: along arcs)."""

    def score(graph: ig.Graph, ctx: Context) -> list[float]:
        n = graph.vcount()
        if n == 0:
            return []
        edges = np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        kind = ctx.conventions.katz_weights
        weights = (np.ones(graph.ecount()) if kind == "none"
                   else np.asarray(graph.es["_scaled" if kind == "scaled" else "weight"], dtype=float))
        if not graph.is_directed():
            edges = np.vstack([edges, edges[:, ::-1]])
            weights = np.concatenate([weights, weights])
        rows, cols = (edges[:, 1], edges[:, 0]) if mode == "in" else (edges[:, 0], edges[:, 1])
        matrix = csr_matrix((weights, (rows, cols)), shape=(n, n))
        alpha = ctx.conventions.katz_alpha
        if n <= 2000:
            radius = float(np.max(np.abs(np.linalg.eigvals(matrix.toarray()))))
        else:  # Gershgorin bound: the largest row sum
            radius = float(np.asarray(abs(matrix).sum(axis=1)).max())
        if radius and alpha * radius >= 1 and ctx.conventions.katz_lower_alpha:
            alpha = 0.9 / radius
            ctx.notes.append(f"katz alpha lowered to {alpha:.4g} (spectral radius {radius:.4g})")
        x = spsolve((identity(n, format="csc") - alpha * matrix).tocsc(), np.ones(n))
        x = np.asarray(x, dtype=float)
        norm = float(np.sign(x.sum()) * np.linalg.norm(x)) or 1.0  # networkx's normalisation
        return [float(value) for value in x / norm]

    return score


def _pagerank(graph: ig.Graph, ctx: Context) -> list[float]:
    return [float(x) for x in graph.pagerank(directed=graph.is_directed(), weights="weight")]


def _collective_influence(graph: ig.Graph, ctx: Context, radius: int | None = None) -> list[float]:
    """Collective influence CI_ℓ (Morone & Makse 2015): (k_i − 1) · Σ (k_j − 1) over the rim of
    the ball of radius ℓ = ``conventions.ci_radius`` (1, 2 or 3)."""
    radius = radius or ctx.conventions.ci_radius
    degree = graph.degree(mode="all")
    scores = []
    for v in range(graph.vcount()):
        rim = graph.neighborhood(v, order=radius, mode="all", mindist=radius)
        scores.append(float((degree[v] - 1) * sum(degree[u] - 1 for u in rim)))
    return scores


def fragmentation(sizes: Sequence[int], n: int) -> float:
    """Borgatti's fragmentation: share of node pairs that cannot reach each other."""
    if n < 2:
        return 1.0
    return 1.0 - sum(s * (s - 1) for s in sizes) / (n * (n - 1))


def _key_player(graph: ig.Graph, ctx: Context) -> list[float]:
    """Greedy key-player fragmentation: the fragmentation left after removing each node."""
    n = graph.vcount()
    strong = ctx.conventions.component == "strong" and graph.is_directed()
    mode = "strong" if strong else "weak"
    scores = []
    for v in range(n):
        rest = graph.copy()
        rest.delete_vertices([v])
        sizes = rest.connected_components(mode=mode).sizes() if rest.vcount() else []
        scores.append(fragmentation(sizes, n - 1))
    return scores


def _role(*roles: str) -> Score:
    """Members with one of ``roles`` first (by degree), then everybody else by degree."""

    def score(graph: ig.Graph, ctx: Context) -> list[float]:
        have = graph.vs["role"] if "role" in graph.vs.attributes() else [None] * graph.vcount()
        if not any(r in roles for r in have):
            ctx.notes.append(f"no member has role {'/'.join(roles)}; ranked by degree only")
        degree = graph.degree(mode="all")
        big = float(graph.vcount() * 4 + 1)
        return [(big if r in roles else 0.0) + d for r, d in zip(have, degree, strict=True)]

    return score


def _bridges(graph: ig.Graph, ctx: Context) -> list[float]:
    """Community bridges: number of other communities a member reaches (then degree)."""
    if graph.vcount() == 0:
        return []
    simple = graph.as_undirected(mode="collapse", combine_edges={"weight": "sum"})
    if "community" in graph.vs.attributes():
        membership = graph.vs["community"]
    else:
        membership = simple.community_multilevel(weights="weight").membership
    degree = simple.degree()
    scores = []
    for v in range(simple.vcount()):
        others = {membership[u] for u in simple.neighbors(v)} - {membership[v]}
        scores.append(len(others) * (simple.vcount() + 1) + degree[v])
    return scores


def _custom(graph: ig.Graph, ctx: Context) -> list[float]:
    if not ctx.custom:
        raise InputError("strategy 'custom' needs a list of node ids", field="custom")
    position = {name: i for i, name in enumerate(ctx.custom)}
    unknown = set(position) - set(graph.vs["name"])
    if unknown:
        raise InputError(f"custom list names unknown nodes: {', '.join(sorted(unknown)[:5])}",
                         field="custom")
    n = len(position)
    return [float(n - position[name]) if name in position else -1.0 for name in graph.vs["name"]]


def _random(graph: ig.Graph, ctx: Context) -> list[float]:
    return [float(x) for x in ctx.rng.random(graph.vcount())]


STRATEGIES: dict[str, Strategy] = {s.name: s for s in (
    Strategy("degree", _degree("all"), "number of contacts, direction ignored"),
    Strategy("in-degree", _degree("in"), "number of incoming arcs"),
    Strategy("out-degree", _degree("out"), "number of outgoing arcs"),
    Strategy("strength", _strength("all"), "sum of tie weights"),
    Strategy("in-strength", _strength("in"), "sum of incoming weights"),
    Strategy("out-strength", _strength("out"), "sum of outgoing weights"),
    Strategy("betweenness", _betweenness, "shortest-path brokerage (weights per meaning)"),
    Strategy("katz", _katz("in"), "Katz centrality on scaled strengths"),
    Strategy("in-katz", _katz("in"), "Katz along incoming arcs"),
    Strategy("out-katz", _katz("out"), "Katz along outgoing arcs (reversed graph)"),
    Strategy("pagerank", _pagerank, "PageRank, damping 0.85, weighted"),
    Strategy("harmonic", _harmonic("all"), "harmonic closeness"),
    Strategy("in-harmonic", _harmonic("in"), "harmonic closeness from all others"),
    Strategy("out-harmonic", _harmonic("out"), "harmonic closeness to all others"),
    Strategy("collective-influence", _collective_influence, "CI_ℓ (Morone & Makse 2015), ℓ = conventions.ci_radius (default 2)"),
    Strategy("key-player", _key_player, "greedy fragmentation (Borgatti 2006)"),
    Strategy("kingpins", _role("kingpin"), "kingpins first, then by degree"),
    Strategy("lieutenants", _role("lieutenant"), "lieutenants first, then by degree"),
    Strategy("facilitators", _role("facilitator"), "facilitators first, then by degree"),
    Strategy("bridges", _bridges, "members linking most other communities"),
    Strategy("custom", _custom, "a given list, in the given order", static=True),
    Strategy("random", _random, "uniformly random order (Monte Carlo)", static=True),
)}

STRENGTH_STRATEGIES = frozenset({"strength", "in-strength", "out-strength"})


def strategy(name: str) -> Strategy:
    """The named strategy; unknown names are an :class:`InputError`."""
    try:
        return STRATEGIES[name]
    except KeyError:
        raise InputError(f"unknown strategy {name!r}; known: {', '.join(sorted(STRATEGIES))}",
                         field="strategy") from None
