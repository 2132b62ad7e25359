"""Metrics of a (residual) network: components, efficiency, clustering.

Efficiency follows Latora & Marchiori (2001) on path lengths per the weight meaning,
multiplied by the harmonic mean of the edge lengths (so that a network whose ties are all
"short" is not more than fully efficient; the normalisation Anastasiadis & Antoniou 2024
use). Clustering is the weighted clustering of Onnela et al. (undirected) / Fagiolo
(directed) on strengths divided by the current largest weight, averaged over all nodes.

>>> import igraph as ig
>>> g = ig.Graph.Full(3); g.es["_length"] = [1.0] * 3; g.es["_scaled"] = [1.0] * 3
>>> round(efficiency(g), 6), round(clustering(g), 6)
(1.0, 1.0)
"""

from __future__ import annotations

from typing import Any

import igraph as ig
import numpy as np
from scipy.sparse import csr_matrix

from offensief.disrupt.components import component_sizes

#: Metrics the simulator can record per step.
METRICS = ("lcc", "components", "efficiency", "clustering")
#: Above this many nodes the all-pairs metrics are skipped (quadratic memory and time).
ALL_PAIRS_LIMIT = 5000


def efficiency(graph: ig.Graph, *, weighted: bool = True) -> float:
    """Global efficiency: mean of 1/d over ordered pairs, times the harmonic mean length."""
    n = graph.vcount()
    if n < 2:
        return 0.0
    lengths = graph.es["_length"] if weighted and graph.ecount() else None
    dist = np.asarray(graph.distances(weights=lengths, mode="out"), dtype=float)
    with np.errstate(divide="ignore"):
        inverse = np.where(np.isfinite(dist) & (dist > 0), 1.0 / dist, 0.0)
    if lengths is None:
        mean_length = 1.0
    elif lengths:
        mean_length = len(lengths) / sum(1.0 / x for x in lengths)
    else:
        mean_length = 0.0
    return float(mean_length * inverse.sum() / (n * (n - 1)))


def clustering(graph: ig.Graph) -> float:
    """Average weighted clustering (Onnela / Fagiolo) over all nodes, 0 where undefined."""
    n = graph.vcount()
    if n == 0 or graph.ecount() == 0:
        return 0.0
    edges = np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    weights = np.asarray(graph.es["_scaled"], dtype=float)
    weights = np.cbrt(weights / weights.max())
    if not graph.is_directed():
        edges = np.vstack([edges, edges[:, ::-1]])
        weights = np.concatenate([weights, weights])
    w = csr_matrix((weights, (edges[:, 0], edges[:, 1])), shape=(n, n))
    s = w + w.T
    triangles = np.asarray((s @ s).multiply(s.T).sum(axis=1)).ravel() / 2.0
    binary = csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    binary.data[:] = 1.0
    total = np.asarray(binary.sum(axis=0)).ravel() + np.asarray(binary.sum(axis=1)).ravel()
    reciprocal = np.asarray(binary.multiply(binary.T).sum(axis=1)).ravel()
    denominator = total * (total - 1) - 2 * reciprocal
    with np.errstate(divide="ignore", invalid="ignore"):
        per_node = np.where(denominator > 0, triangles / np.where(denominator > 0, denominator, 1), 0.0)
    return float(per_node.mean())


def measure(graph: ig.Graph, *, metrics: tuple[str, ...], strong: bool) -> dict[str, Any]:
    """The requested metrics of one residual network."""
    out: dict[str, Any] = {}
    if "lcc" in metrics or "components" in metrics:
        sizes = component_sizes(graph, strong=strong)
        out["lcc"] = max(sizes, default=0)
        out["components"] = len(sizes)
    if "efficiency" in metrics and graph.vcount() <= ALL_PAIRS_LIMIT:
        out["efficiency"] = efficiency(graph)
    if "clustering" in metrics:
        out["clustering"] = clustering(graph)
    return out
