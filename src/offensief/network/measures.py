"""Node measures: degree, strength, betweenness, closeness/harmonic, eigenvector, PageRank,
Katz, k-core — igraph for exact work, NetworKit (KADABRA) and our own shortest-path sampler
(:mod:`offensief.network.pathsample`) for approximate betweenness.

Every result carries ``weights`` (strength / distance / none) and, for betweenness, whether
it is exact or approximate with its error bound.

>>> import igraph as ig
>>> g = ig.Graph.Star(4); g.vs["name"] = list("abcd")
>>> r = node_measures(g, weights="none")
>>> r["measures"]["betweenness"][0], r["betweenness"]["method"]
(1.0, 'exact')
"""

from __future__ import annotations

import math
import multiprocessing as mp
import random
from typing import Any

import igraph as ig
import networkit as nk
import numpy as np
import scipy.sparse as sp

from offensief.model.errors import InputError
from offensief.network.edges import edge_array
from offensief.network.pathsample import path_sampling_betweenness
from offensief.network.weights import distances, edge_weights, running_max_normalised, strengths

#: Conventions of :func:`node_measures` (see there).
CONVENTIONS = ("standard", "anastasiadis2024")

#: Up to this many nodes betweenness is exact (Brandes); above it KADABRA, then path sampling.
EXACT_BETWEENNESS_LIMIT = 5_000
#: Up to this many nodes ``auto`` uses KADABRA (0.5 s at 10k); its exact-diameter start-up took
#: 45 s at 100k, so above this our path sampler (same kind of sampler, cheap start-up) is used.
KADABRA_LIMIT = 20_000
#: Sources drawn by ``method="sample"`` (networkx's ``betweenness_centrality(k=256)`` like for like).
SOURCE_SAMPLES = 256
BETWEENNESS_METHODS = ("exact", "approx", "paths", "sample")
#: Above this many nodes harmonic centrality (one search per node) is left out, and says so.
HARMONIC_LIMIT = 20_000


def to_networkit(graph: ig.Graph) -> nk.Graph:
    """The same topology as a NetworKit graph (unweighted; node ids = igraph indices)."""
    out = nk.Graph(graph.vcount(), weighted=False, directed=graph.is_directed())
    if graph.ecount():
        ends = edge_array(graph).astype(np.uint64)
        out.addEdges((ends[:, 0], ends[:, 1]))
    out.removeMultiEdges()
    out.removeSelfLoops()
    return out


#: Above this many nodes PageRank runs in NetworKit. igraph's PRPACK was faster at every size
#: measured (1M nodes / 4M edges: 7.7 s against 18.2 s for NetworKit with 2 threads, tolerance 1e-9).
NETWORKIT_PAGERANK_LIMIT = 20_000_000


def pagerank(graph: ig.Graph, *, weights: str = "strength", damping: float = 0.85, threads: int = 1) -> list[float]:
    """PageRank (sums to 1): igraph PRPACK, NetworKit (tolerance 1e-9) above :data:`NETWORKIT_PAGERANK_LIMIT`."""
    strength_w = strengths(graph, meaning=weights)
    if graph.vcount() <= NETWORKIT_PAGERANK_LIMIT:
        return list(graph.pagerank(weights=strength_w, directed=graph.is_directed(), damping=damping))
    nk.setNumberOfThreads(threads)
    nk_graph = nk.Graph(graph.vcount(), weighted=strength_w is not None, directed=graph.is_directed())
    ends = edge_array(graph).astype(np.uint64)
    if len(ends) and strength_w is not None:
        nk_graph.addEdges((np.asarray(strength_w, dtype=np.float64), (ends[:, 0], ends[:, 1])))
    elif len(ends):
        nk_graph.addEdges((ends[:, 0], ends[:, 1]))
    algo = nk.centrality.PageRank(nk_graph, damping, 1e-9)
    algo.norm = nk.centrality.Norm.L1_NORM
    algo.run()
    scores = np.asarray(algo.scores(), dtype=float)
    return (scores / scores.sum()).tolist() if scores.sum() > 0 else scores.tolist()


def power_pagerank(
    graph: ig.Graph, weights: list[float] | None, *, damping: float = 0.85, tol: float = 1e-6, max_iter: int = 100
) -> list[float]:
    """PageRank by plain power iteration, stopped when the L1 change is below n·``tol``.

    This is the stopping rule of networkx's ``pagerank`` (default ``tol=1e-6``), so it gives
    the values of published work that used it, including their small non-convergence
    (≈1e-5 per node on CAVIAR). Dangling nodes spread their rank uniformly; weights are
    per-edge transition weights (None = 1).
    """
    n = graph.vcount()
    if n == 0:
        return []
    ends = edge_array(graph)
    vals = np.ones(len(ends)) if weights is None else np.asarray(weights, dtype=float)
    a = sp.csr_matrix((vals, (ends[:, 0], ends[:, 1])), shape=(n, n))
    if not graph.is_directed():
        a = a + a.T
    out = np.asarray(a.sum(axis=1)).ravel()
    inverse = np.divide(1.0, out, out=np.zeros(n), where=out != 0)
    transition = (sp.diags(inverse) @ a).T.tocsr()  # column-stochastic (rows of dangling nodes empty)
    dangling = out == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = x
        x = damping * (transition @ x + x[dangling].sum() / n) + (1.0 - damping) / n
        if np.abs(x - previous).sum() < n * tol:
            return x.tolist()
    raise InputError(f"PageRank did not converge in {max_iter} iterations", field="pagerank")


def _hoeffding_bound(n: int, samples: int, delta: float) -> float:
    """Half-width that holds for every node at once with probability ≥ 1 − ``delta``.

    One sampled source contributes a value in [0, n/(n−1)] to the normalised estimate;
    Hoeffding's inequality (which also holds when sampling without replacement) and a union
    bound over the n nodes give ε = n/(n−1)·√(ln(2n/δ)/(2k)).
    """
    return n / (n - 1) * math.sqrt(math.log(2 * n / delta) / (2 * samples))


_FORKED: ig.Graph | None = None  # graph shared with forked workers (copy-on-write)


def _subset_betweenness(job: tuple[list[int], list[float] | None]) -> np.ndarray:
    sources, lengths = job
    assert _FORKED is not None
    return np.asarray(_FORKED.betweenness(directed=_FORKED.is_directed(), weights=lengths, sources=sources))


def _source_sums(graph: ig.Graph, sources: list[int], lengths: list[float] | None, threads: int) -> np.ndarray:
    """Σ over ``sources`` of the pair dependencies (igraph), split over forked processes."""
    global _FORKED
    if threads <= 1 or len(sources) < 2 * threads or "fork" not in mp.get_all_start_methods():
        return np.asarray(graph.betweenness(directed=graph.is_directed(), weights=lengths, sources=sources))
    chunks = [sources[i::threads] for i in range(threads)]
    _FORKED = graph
    try:
        with mp.get_context("fork").Pool(threads) as pool:
            parts = pool.map(_subset_betweenness, [(c, lengths) for c in chunks])
    finally:
        _FORKED = None
    return np.sum(parts, axis=0)


def betweenness(
    graph: ig.Graph,
    *,
    weights: str = "strength",
    method: str = "auto",
    epsilon: float = 0.01,
    delta: float = 0.1,
    threads: int = 1,
    seed: int = 0,
    samples: int = SOURCE_SAMPLES,
) -> tuple[list[float], dict[str, Any]]:
    """Betweenness normalised to [0, 1] plus a description of how it was computed.

    ``method`` is

    * ``exact``: Brandes (igraph) on weighted paths;
    * ``approx``: KADABRA (NetworKit) on the undirected, unweighted view: |estimate − true| ≤
      ``error_bound`` (= ``epsilon``·n/(2(n−2)) in this normalisation) for all nodes with
      probability ≥ 1 − ``delta``. Its start-up (an exact diameter) grows fast with size;
    * ``paths``: shortest-path sampling with balanced bidirectional search
      (:func:`~offensief.network.pathsample.path_sampling_betweenness`) on hop distance:
      |estimate − true| ≤ ``epsilon`` for all nodes with probability ≥ 1 − ``delta``;
      7 s for 1M nodes / 4M edges on 2 threads;
    * ``sample``: source sampling (Brandes–Pich; igraph on weighted paths, like ``exact``):
      ``samples`` sources drawn without replacement, estimate = n/k × their dependencies;
      unbiased, ``error_bound`` from Hoeffding for all nodes with probability ≥ 1 − ``delta``
      (see :func:`_hoeffding_bound`; loose: the real error is usually far smaller). With
      ``threads`` > 1 the sources are split over forked processes (igraph holds the GIL):
      meant for batch runs, not for a threaded server, which keeps the default 1;
    * ``auto``: exact up to :data:`EXACT_BETWEENNESS_LIMIT` nodes, KADABRA up to
      :data:`KADABRA_LIMIT` for undirected graphs, path sampling above and for directed graphs
      (both approximations on hop distance, on the simple graph: igraph's exact Brandes counts
      parallel edges as separate paths, the approximations do not).
    """
    n = graph.vcount()
    if method == "auto":
        # KADABRA works on the undirected view: directed graphs go to the (direction-aware) path sampler
        kadabra = n <= KADABRA_LIMIT and not graph.is_directed()
        method = "exact" if n <= EXACT_BETWEENNESS_LIMIT else "approx" if kadabra else "paths"
    if method not in BETWEENNESS_METHODS:
        raise InputError("betweenness method must be auto, exact, approx, paths or sample", field="betweenness")
    if n < 3:
        return [0.0] * n, {"method": "exact", "weights": weights}
    if method == "paths":
        return path_sampling_betweenness(graph, epsilon=epsilon, delta=delta, seed=seed, threads=threads)
    directed = graph.is_directed()
    scale = (n - 1) * (n - 2) / (1 if directed else 2)
    lengths = distances(graph, meaning=weights)
    if method == "sample" and samples >= n:
        method = "exact"
    if method == "exact":
        raw = graph.betweenness(weights=lengths, directed=directed)
        return [b / scale for b in raw], {"method": "exact", "weights": weights, "normalised": "(n-1)(n-2)"
                                          + ("" if directed else "/2")}
    if method == "sample":
        sources = sorted(random.Random(seed).sample(range(n), samples))
        sums = _source_sums(graph, sources, lengths, threads)
        bound = _hoeffding_bound(n, samples, delta)
        info = {"method": "approx", "algorithm": "source sampling (Brandes-Pich, igraph)", "samples": samples,
                "delta": delta, "seed": seed, "weights": weights,
                "normalised": "(n-1)(n-2)" + ("" if directed else "/2"), "error_bound": bound,
                "guarantee": f"|error| <= {bound:.4g} for every node with probability >= {1 - delta} "
                             "(Hoeffding, union bound)"}
        return (sums * (n / samples) / scale).tolist(), info
    nk.setNumberOfThreads(threads)
    nk.setSeed(seed, False)
    undirected = graph if not directed else graph.as_undirected(mode="collapse")
    nk_graph = to_networkit(undirected)  # keep a reference: NetworKit does not own the graph
    kadabra = nk.centrality.KadabraBetweenness(nk_graph, epsilon, delta)
    kadabra.run()
    # KADABRA's score is 4·raw/(n(n-1)); rescale to raw/((n-1)(n-2)/2) like the exact measure.
    rescale = n / (2.0 * (n - 2))
    bound = epsilon * rescale
    info = {"method": "approx", "algorithm": "KADABRA (NetworKit)", "epsilon": epsilon, "delta": delta,
            "seed": seed, "weights": "none (hop distance, undirected view)", "normalised": "(n-1)(n-2)/2",
            "error_bound": bound,
            "guarantee": f"|error| <= {bound:.4g} for every node with probability >= {1 - delta}"}
    return [x * rescale for x in kadabra.scores()], info


def katz(graph: ig.Graph, *, weights: str = "strength", alpha: float | None = None, tol: float = 1e-9) -> list[float]:
    """Katz centrality x = 1 + α Aᵀx (incoming walks), α = 1/(1 + max degree) by default, L2-normalised."""
    n = graph.vcount()
    if n == 0 or graph.ecount() == 0:
        return [1.0 / max(n, 1) ** 0.5] * n
    ends = edge_array(graph)
    w = strengths(graph, meaning=weights)
    vals = np.asarray(w if w is not None else np.ones(len(ends)), dtype=float)
    a = sp.csr_matrix((vals, (ends[:, 0], ends[:, 1])), shape=(n, n))
    if not graph.is_directed():
        a = a + a.T
    at = a.T.tocsr()
    if alpha is None:
        alpha = 1.0 / (1.0 + float(np.asarray(at.sum(axis=1)).max()))
    x = np.ones(n)
    for _ in range(1000):
        nxt = 1.0 + alpha * (at @ x)
        if np.abs(nxt - x).max() < tol:
            x = nxt
            break
        x = nxt
    return (x / np.linalg.norm(x)).tolist()


def node_measures(
    graph: ig.Graph,
    *,
    weights: str = "strength",
    betweenness_method: str = "auto",
    epsilon: float = 0.01,
    delta: float = 0.1,
    threads: int = 1,
    include: tuple[str, ...] | None = None,
    convention: str = "standard",
) -> dict[str, Any]:
    """All node measures of ``graph`` as ``{"names", "measures": {measure: [..]}, ...}``.

    Degree centralities are normalised by n−1; strengths are sums of the ``weight``
    attribute when ``weights="strength"``; harmonic centrality is the sum of 1/d over
    paths into (``harmonic_in``) or out of (``harmonic_out``) a node.

    ``convention="anastasiadis2024"`` computes strength and PageRank as the published
    CAVIAR pipeline did: on weights normalised by
    :func:`~offensief.network.weights.running_max_normalised`, strengths multiplied by the
    harmonic mean of those weights, PageRank stopped at networkx's default tolerance
    (:func:`power_pagerank`). Other measures do not depend on the convention.
    """
    if convention not in CONVENTIONS:
        raise InputError(f"convention must be one of {', '.join(CONVENTIONS)}", field="convention")
    n = graph.vcount()
    directed = graph.is_directed()
    dist = distances(graph, meaning=weights)
    strength_w = strengths(graph, meaning=weights)
    scale = max(n - 1, 1)
    wanted = set(include) if include else None

    def want(name: str) -> bool:
        return wanted is None or name in wanted

    m: dict[str, list[float]] = {}
    if want("degree"):
        m["in_degree"] = [k / scale for k in graph.degree(mode="in")]
        m["out_degree"] = [k / scale for k in graph.degree(mode="out")]
        m["degree"] = [k / scale for k in graph.degree(mode="all")]
    published = convention == "anastasiadis2024" and strength_w is not None
    paper_w = running_max_normalised(edge_weights(graph)) if published else None
    if want("strength"):
        if paper_w is not None:
            mean = len(paper_w) / sum(1.0 / w for w in paper_w)  # harmonic mean of the weights
            m["in_strength"] = [s * mean for s in graph.strength(mode="in", weights=paper_w)]
            m["out_strength"] = [s * mean for s in graph.strength(mode="out", weights=paper_w)]
        else:
            m["in_strength"] = graph.strength(mode="in", weights=strength_w)
            m["out_strength"] = graph.strength(mode="out", weights=strength_w)
    info: dict[str, Any] = {}
    if want("betweenness"):
        m["betweenness"], info = betweenness(graph, weights=weights, method=betweenness_method,
                                             epsilon=epsilon, delta=delta, threads=threads)
    left_out: dict[str, str] = {}
    if want("harmonic") and n > HARMONIC_LIMIT:
        left_out["harmonic"] = f"all-pairs shortest paths, O(n·m): computed up to {HARMONIC_LIMIT:,} nodes"
    elif want("harmonic"):
        m["harmonic_in"] = graph.harmonic_centrality(mode="in", weights=dist, normalized=False)
        m["harmonic_out"] = graph.harmonic_centrality(mode="out", weights=dist, normalized=False)
    if want("pagerank"):
        m["pagerank"] = (power_pagerank(graph, paper_w) if paper_w is not None
                         else pagerank(graph, weights=weights, threads=threads))
    if want("eigenvector"):
        undirected = graph.as_undirected(mode="collapse", combine_edges={"weight": "sum"}) if directed else graph
        m["eigenvector"] = undirected.eigenvector_centrality(
            weights=strengths(undirected, meaning=weights), scale=True)
    if want("katz"):
        m["katz"] = katz(graph, weights=weights)
    if want("coreness"):
        m["coreness"] = [float(c) for c in graph.coreness(mode="all")]
    return {
        "names": list(graph.vs["name"]) if "name" in graph.vs.attributes() else [str(i) for i in range(n)],
        "directed": directed,
        "weights": weights,
        "convention": convention,
        "betweenness": info,
        "measures": m,
    } | ({"left_out": left_out} if left_out else {})
