"""Incremental computations agree with the naive ones on random graphs (property tests)."""

from __future__ import annotations

import random

import igraph as ig
import numpy as np
import pytest

from offensief.disrupt.components import strong_trace, weak_trace, weak_trace_naive
from offensief.disrupt.conventions import Conventions
from offensief.disrupt.ordering import (
    sequential_degree_order,
    sequential_degree_order_naive,
    tie_ranks,
)
from offensief.disrupt.simulate import simulate

SEEDS = range(25)


def random_graph(seed: int, *, directed: bool = False) -> tuple[int, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 120))
    m = int(rng.integers(0, 3 * n))
    edges = rng.integers(0, n, size=(m, 2))  # multi-edges and self-loops included
    return n, edges


@pytest.mark.parametrize("seed", SEEDS)
def test_reverse_union_find_matches_recomputation(seed):
    n, edges = random_graph(seed)
    rng = np.random.default_rng(1000 + seed)
    order = rng.permutation(n)[: int(rng.integers(0, n + 1))].tolist()
    assert weak_trace(n, edges, order) == weak_trace_naive(n, edges, order)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mode", ["all", "in", "out"])
def test_incremental_degree_order_matches_naive(seed, mode):
    n, edges = random_graph(seed)
    ranks = np.random.default_rng(seed).permutation(n).tolist()
    k = n // 2
    assert sequential_degree_order(n, edges, k, mode=mode, ranks=ranks) == \
        sequential_degree_order_naive(n, edges, k, mode=mode, ranks=ranks)


@pytest.mark.parametrize("seed", range(8))
def test_simulation_fast_path_equals_generic_rerank(seed):
    random.seed(seed)
    graph = ig.Graph.Erdos_Renyi(n=60, m=150, directed=True)
    graph.vs["name"] = [f"n{i:02d}" for i in range(60)]
    for ties in ("input", "reverse", "id"):
        conventions = Conventions(directed=True, component="weak", ties=ties)
        for strategy in ("degree", "in-degree", "out-degree"):
            fast = simulate(graph, strategy=strategy, conventions=conventions, steps=30)
            slow = simulate(graph, strategy=strategy, conventions=conventions, steps=30,
                            incremental=False)
            assert fast.removed == slow.removed
            assert fast.rows == slow.rows


def test_strong_trace_counts_every_node():
    graph = ig.Graph([(0, 1), (1, 0), (1, 2), (2, 3), (3, 1)], directed=True)
    trace = strong_trace(graph, [1, 0])
    assert trace.largest == [4, 1, 1]
    assert trace.count == [1, 3, 2]


def test_tie_orders():
    names = ["b", "c", "a"]
    assert tie_ranks(names, "input") == [0, 1, 2]
    assert tie_ranks(names, "reverse") == [2, 1, 0]
    assert tie_ranks(names, "id") == [1, 2, 0]
