"""Whole-network measures: centralisation, efficiency, degree entropy, clustering.

Conventions (stated in every result, and those of Anastasiadis & Antoniou 2024 so that their
CAVIAR table is reproduced exactly):

* degree centralisation = Σ(max − k_i) / ((n−1)(n−2)), k_i the (in/out) degree count;
* betweenness centralisation = Σ(max − b_i) / (n−1), b_i betweenness normalised by
  (n−1)(n−2) (directed) or (n−1)(n−2)/2 (undirected), with distance = (1/w)/max(1/w);
* global efficiency = H · Σ_{i≠j} 1/d(i,j) / (n(n−1)), H the harmonic mean of the edge
  distances (so a weighted network is compared with its own typical tie);
* degree entropy = Shannon entropy (base 2) of k_i/Σk, divided by log2(n−1);
* average clustering = mean over all nodes of Fagiolo's weighted clustering on
  (w/max w)^(1/3) (Onnela's geometric mean; directed triangles for directed graphs).

>>> import igraph as ig
>>> star = ig.Graph.Star(5)  # undirected: the most centralised graph of 5 nodes
>>> round(degree_centralisation(star), 3)
1.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import igraph as ig
import numpy as np
import scipy.sparse as sp
from numba import njit

from offensief.model.errors import InputError
from offensief.network.edges import edge_array, over_rows
from offensief.network.measures import EXACT_BETWEENNESS_LIMIT, betweenness
from offensief.network.weights import (
    distances,
    edge_weights,
    normalised_strength,
    running_max_normalised,
)

#: Weight conventions: the standard one and the published code's (see weights.py).
CONVENTIONS_NAMES = ("standard", "anastasiadis2024")

#: Above this many nodes, all-pairs efficiency is skipped (it is O(n·m)).
EFFICIENCY_LIMIT = 20_000

CONVENTIONS = {
    "degree_centralisation": "sum(max-k_i)/((n-1)(n-2)), k_i degree counts",
    "betweenness_centralisation": "sum(max-b_i)/(n-1), b_i normalised, distance=(1/w)/max(1/w)",
    "efficiency": "harmonic-mean-of-edge-distances * sum 1/d_ij / (n(n-1))",
    "degree_entropy": "H2(k_i/sum k)/log2(n-1)",
    "clustering": "mean Fagiolo/Onnela weighted clustering on (w/max w)^(1/3)",
}


def _mode(graph: ig.Graph, mode: str) -> str:
    return mode if graph.is_directed() else "all"


def degree_centralisation(graph: ig.Graph, *, mode: str = "all") -> float:
    """Σ(max − k_i)/((n−1)(n−2)) over degree counts in direction ``mode`` (in/out/all)."""
    n = graph.vcount()
    if n < 3:
        return 0.0
    k = graph.degree(mode=_mode(graph, mode), loops=False)
    top = max(k)
    return sum(top - x for x in k) / ((n - 1) * (n - 2))


def normalised_betweenness(graph: ig.Graph, *, weights: str = "strength") -> list[float]:
    """Exact betweenness normalised as networkx does, paths over ``weights`` as distance."""
    n = graph.vcount()
    raw = graph.betweenness(weights=distances(graph, meaning=weights), directed=graph.is_directed())
    if n < 3:
        return [0.0] * n
    scale = (n - 1) * (n - 2)
    if not graph.is_directed():
        scale /= 2
    return [b / scale for b in raw]


def betweenness_centralisation(graph: ig.Graph, *, weights: str = "strength",
                               values: Sequence[float] | None = None) -> float:
    """Σ(max − b_i)/(n−1) over normalised betweenness (exact, or ``values`` when given)."""
    n = graph.vcount()
    if n < 2:
        return 0.0
    b = normalised_betweenness(graph, weights=weights) if values is None else list(values)
    top = max(b)
    return sum(top - x for x in b) / (n - 1)


def global_efficiency(graph: ig.Graph, *, weights: str = "strength") -> float | None:
    """Latora–Marchiori efficiency scaled by the harmonic mean of edge distances.

    Returns None above :data:`EFFICIENCY_LIMIT` nodes (all-pairs paths would be too slow).
    In-efficiency and out-efficiency are equal (the same ordered pairs), so one number serves.
    """
    n, m = graph.vcount(), graph.ecount()
    if n < 2 or m == 0:
        return 0.0
    if n > EFFICIENCY_LIMIT:
        return None
    dist = distances(graph, meaning=weights)
    lengths = dist if dist is not None else [1.0] * m
    harmonic_mean = m / sum(1.0 / d for d in lengths)
    matrix = np.asarray(graph.distances(weights=dist, mode="out"), dtype=float)
    np.fill_diagonal(matrix, np.inf)
    with np.errstate(divide="ignore"):
        total = float(np.sum(1.0 / matrix[np.isfinite(matrix) & (matrix > 0)]))
    return harmonic_mean * total / (n * (n - 1))


def degree_entropy(graph: ig.Graph, *, mode: str = "all") -> float:
    """Shannon entropy (bits) of the degree shares, divided by log2(n−1)."""
    n = graph.vcount()
    k = np.asarray(graph.degree(mode=_mode(graph, mode), loops=False), dtype=float)
    if n < 3 or k.sum() == 0:
        return 0.0
    p = k[k > 0] / k.sum()
    return float(-(p * np.log2(p)).sum() / math.log2(n - 1))


@njit(cache=True, nogil=True)
def _closed_triples(ptr: np.ndarray, idx: np.ndarray, val: np.ndarray, first: int, step: int,
                    out: np.ndarray) -> None:
    """(s³)_ii = Σ_j Σ_k s_ij s_jk s_ki of a symmetric CSR without loops, rows first, first+step, ..."""
    n = len(ptr) - 1
    back = np.zeros(n)
    for i in range(first, n, step):
        for e in range(ptr[i], ptr[i + 1]):
            back[idx[e]] = val[e]
        acc = 0.0
        for e in range(ptr[i], ptr[i + 1]):
            j, s_ij = idx[e], val[e]
            for f in range(ptr[j], ptr[j + 1]):
                acc += s_ij * val[f] * back[idx[f]]
        out[i] = acc
        for e in range(ptr[i], ptr[i + 1]):
            back[idx[e]] = 0.0


def clustering(graph: ig.Graph, *, weighted: bool = True, convention: str = "standard",
               threads: int = 1) -> list[float]:
    """Per-node clustering: Fagiolo (directed) / Onnela (undirected) on (w/max w)^(1/3).

    ``convention="anastasiadis2024"`` normalises the weights with
    :func:`~offensief.network.weights.running_max_normalised` first (the published code).
    The weighted triangles (s³)_ii, s = W + Wᵀ, come from a compiled kernel over the sparse
    matrix (a sparse s·s would hold Σ degree² entries: too many at 1M nodes).
    """
    n = graph.vcount()
    if n == 0 or graph.ecount() == 0:
        return [0.0] * n
    simple = graph.copy()
    raw = edge_weights(graph)
    simple.es["weight"] = running_max_normalised(raw) if convention == "anastasiadis2024" else raw
    simple.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
    ends = edge_array(simple)
    values = normalised_strength(simple.es["weight"]) if weighted else [1.0] * simple.ecount()
    cube = np.cbrt(np.asarray(values, dtype=float))
    w = sp.csr_matrix((cube, (ends[:, 0], ends[:, 1])), shape=(n, n))
    s = (w + w.T).tocsr()
    triangles = np.empty(n)
    ptr, idx = s.indptr.astype(np.int64), s.indices.astype(np.int64)
    over_rows(lambda first, step: _closed_triples(ptr, idx, s.data, first, step, triangles), threads=threads)
    a = sp.csr_matrix((np.ones(len(ends)), (ends[:, 0], ends[:, 1])), shape=(n, n))
    if simple.is_directed():
        total = np.asarray(a.sum(axis=0)).ravel() + np.asarray(a.sum(axis=1)).ravel()
        mutual = np.asarray(a.multiply(a.T).sum(axis=1)).ravel()
        possible = 2.0 * (total * (total - 1) - 2 * mutual)
    else:
        degree = np.asarray((a + a.T).sum(axis=1)).ravel()
        possible = degree * (degree - 1)
    out = np.zeros(n)
    mask = (possible > 0) & (triangles > 0)
    out[mask] = triangles[mask] / possible[mask]
    return out.tolist()


def average_clustering(graph: ig.Graph, *, weighted: bool = True, convention: str = "standard",
                       threads: int = 1) -> float:
    """Mean of :func:`clustering` over all nodes (zeros included)."""
    values = clustering(graph, weighted=weighted, convention=convention, threads=threads)
    return float(np.mean(values)) if values else 0.0


def graph_metrics(
    graph: ig.Graph, *, weights: str = "strength", convention: str = "standard", threads: int = 1,
    betweenness_values: Sequence[float] | None = None, betweenness_info: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """All whole-network measures of one graph, with the conventions used.

    ``convention`` is ``"standard"`` or ``"anastasiadis2024"`` (reproduces their Table of
    per-phase CAVIAR metrics, including the running-max weight normalisation of clustering).
    Betweenness centralisation is exact up to
    :data:`~offensief.network.measures.EXACT_BETWEENNESS_LIMIT` nodes and uses
    :func:`~offensief.network.measures.betweenness` (approximate, with its bound) above;
    ``betweenness_values`` with their ``betweenness_info`` may be passed in when computed already.
    """
    if convention not in CONVENTIONS_NAMES:
        raise InputError(f"convention must be one of {', '.join(CONVENTIONS_NAMES)}", field="convention")
    directed = graph.is_directed()
    efficiency = global_efficiency(graph, weights=weights)
    metrics: dict[str, Any] = {"nodes": graph.vcount(), "edges": graph.ecount(), "directed": directed}
    if betweenness_values is None and graph.vcount() > EXACT_BETWEENNESS_LIMIT:
        betweenness_values, betweenness_info = betweenness(graph, weights=weights, threads=threads)
    estimate = betweenness_info or {"method": "exact", "weights": weights}
    if estimate.get("method") == "approx":  # (n·max − Σb_i)/(n−1): max and Σb_i/n each move by ≤ the bound
        n = graph.vcount()
        metrics["betweenness_centralisation_error_bound"] = 2 * estimate["error_bound"] * n / max(n - 1, 1)
    metrics["betweenness_estimate"] = estimate
    centralisation = betweenness_centralisation(graph, weights=weights, values=betweenness_values)
    if directed:
        metrics |= {
            "in_degree_centralisation": degree_centralisation(graph, mode="in"),
            "out_degree_centralisation": degree_centralisation(graph, mode="out"),
            "betweenness_centralisation": centralisation,
            "in_efficiency": efficiency,
            "out_efficiency": efficiency,
            "in_degree_entropy": degree_entropy(graph, mode="in"),
            "out_degree_entropy": degree_entropy(graph, mode="out"),
        }
    else:
        metrics |= {
            "degree_centralisation": degree_centralisation(graph),
            "betweenness_centralisation": centralisation,
            "efficiency": efficiency,
            "degree_entropy": degree_entropy(graph),
        }
    metrics["average_clustering"] = average_clustering(
        graph, weighted=weights == "strength", convention=convention, threads=threads
    )
    metrics["weights"] = weights
    metrics["convention"] = convention
    metrics["conventions"] = CONVENTIONS
    return metrics
