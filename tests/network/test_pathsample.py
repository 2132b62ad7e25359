"""Shortest-path sampling betweenness: within its stated bound, unbiased, reproducible."""

from __future__ import annotations

import random

import igraph as ig
import numpy as np
import pytest

from offensief.network.pathsample import (
    _eccentricity_bound,
    _sample_pairs,
    csr_views,
    path_sampling_betweenness,
    sample_size,
)


def exact(graph: ig.Graph) -> np.ndarray:
    n = graph.vcount()
    scale = (n - 1) * (n - 2) / (1 if graph.is_directed() else 2)
    return np.asarray(graph.betweenness(directed=graph.is_directed())) / scale


def test_within_bound_and_finds_the_top_nodes() -> None:
    random.seed(11)
    g = ig.Graph.Barabasi(3000, 3)
    values, info = path_sampling_betweenness(g, epsilon=0.01, delta=0.1, threads=2)
    truth = exact(g)
    assert info["error_bound"] == 0.01 and info["samples"] == sample_size(0.01 * 2998 / 3000, 0.1,
                                                                          info["vertex_diameter_bound"])
    assert np.abs(np.asarray(values) - truth).max() <= 0.01
    top = set(np.argsort(-truth)[:10]) & set(np.argsort(-np.asarray(values))[:10])
    assert len(top) >= 8


@pytest.mark.parametrize("graph", [ig.Graph.Famous("Zachary"), ig.Graph.Lattice([5, 7], circular=False),
                                   ig.Graph.Erdos_Renyi(40, 0.08, directed=True)],
                         ids=["zachary", "grid", "directed"])
def test_unbiased_every_node(graph: ig.Graph) -> None:
    """With many pairs every node's estimate is within 5 standard errors of the exact value."""
    random.seed(2)
    n = graph.vcount()
    r = 300_000
    counts = _sample_pairs(*csr_views(graph), r, np.uint64(7))
    share = counts / r  # estimates b̃, the ordered-pair share
    truth = exact(graph) * (n - 2) / n
    se = np.sqrt(np.maximum(truth * (1 - truth), 1e-9) / r)
    assert np.all(np.abs(share - truth) <= 5 * se + 1e-9)


def test_same_result_whatever_the_threads_and_seed_matters() -> None:
    random.seed(3)
    g = ig.Graph.Barabasi(800, 2)
    one, _ = path_sampling_betweenness(g, epsilon=0.05, seed=4, threads=1)
    two, _ = path_sampling_betweenness(g, epsilon=0.05, seed=4, threads=2)
    other, _ = path_sampling_betweenness(g, epsilon=0.05, seed=5, threads=2)
    assert one == two and one != other


def test_parallel_edges_loops_and_components() -> None:
    """Parallel edges and loops do not add paths; pairs in different components count as zero."""
    g = ig.Graph([(0, 1), (0, 1), (1, 2), (2, 2), (3, 4), (4, 5), (5, 6)])
    simple = g.copy()
    simple.simplify()
    values, info = path_sampling_betweenness(g, epsilon=0.02, seed=1)
    assert np.abs(np.asarray(values) - exact(simple)).max() <= 0.02
    assert info["vertex_diameter_bound"] >= 4  # the path 3-4-5-6 has 4 nodes


def test_degenerate_graphs() -> None:
    values, _ = path_sampling_betweenness(ig.Graph.Full(6))  # every shortest path is one edge
    assert values == [0.0] * 6
    values, info = path_sampling_betweenness(ig.Graph(5))
    assert values == [0.0] * 5 and info["samples"] == 0
    assert path_sampling_betweenness(ig.Graph(2))[0] == [0.0, 0.0]
    star, _ = path_sampling_betweenness(ig.Graph.Star(30), epsilon=0.02, seed=2)
    assert star[0] == pytest.approx(1.0, abs=0.02) and max(star[1:]) == 0.0


def test_vertex_diameter_bound_is_an_upper_bound() -> None:
    random.seed(9)
    for g in (ig.Graph.Lattice([30], circular=False), ig.Graph.Tree(200, 3), ig.Graph.Barabasi(500, 1),
              ig.Graph.Lattice([8, 9], circular=False) + ig.Graph.Ring(25)):
        ptr, idx, _, _ = csr_views(g)
        assert _eccentricity_bound(ptr, idx) >= max(g.diameter(directed=False), 0)


def test_path_counts_beyond_float_range_stay_uniform() -> None:
    """1,000 layers of 3 nodes, each layer joined completely to the next: 3^999 shortest paths
    end to end (beyond float64). The 3 nodes of a layer are interchangeable, so they must be
    counted about equally (before per-level rescaling the last candidate always won)."""
    layers = 1000
    edges = [(3 * k + a, 3 * (k + 1) + b) for k in range(layers - 1) for a in range(3) for b in range(3)]
    g = ig.Graph(n=3 * layers, edges=edges)
    counts = _sample_pairs(*csr_views(g), 30_000, np.uint64(3)).reshape(layers, 3)
    middle = counts[400:600].sum(axis=0)
    assert middle.min() > 0.95 * middle.max()
