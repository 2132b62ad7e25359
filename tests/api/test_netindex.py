"""The prepared network index answers exactly what the plain functions answer."""

from __future__ import annotations

import itertools
import random
import warnings
from typing import Any

import pytest

from offensief.casework import network as net
from offensief.casework.netindex import IndexCache, NetworkIndex


def synthetic(seed: int = 3, n: int = 300, m: int = 700) -> dict[str, Any]:
    """A network result shaped like ``case_network``'s: nodes by centrality, sorted edges."""
    rng = random.Random(seed)
    ids = [f"e{i:04d}" for i in range(n)]
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for _ in range(m):
        a, b = rng.choice(ids), rng.choice(ids[: n // 2])  # half the ids link more often
        relation = rng.choice(["Ownership", "Directorship", "Payment"])
        year = rng.randint(2018, 2024)
        dated = rng.random() < 0.8
        merged[(a, b, relation)] = {"source": a, "target": b, "relation": relation, "weight": 1,
                                    "first": f"{year}-01-01" if dated else None,
                                    "last": f"{year}-12-31" if dated else None}
    edges = sorted(merged.values(), key=lambda e: (e["source"], e["target"], e["relation"]))
    for i, edge in enumerate(edges):
        edge["id"] = f"e{i}"
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [{"id": i, "centrality": rng.random()} for i in ids if i in linked]
    nodes.sort(key=lambda node: -node["centrality"])
    return {"nodes": nodes, "edges": edges, "relations": ["Directorship", "Ownership", "Payment"]}


FILTERS = [{}, {"relations": ["Ownership"]}, {"start": "2020-01-01", "end": "2021-12-31"},
           {"relations": ["Payment", "Directorship"], "end": "2019-06-30"}]


@pytest.mark.parametrize("filters", FILTERS)
def test_select_and_neighbours_are_identical(filters: dict[str, Any]) -> None:
    result = synthetic()
    index = NetworkIndex(result, **filters)
    for limit in (None, 1, 7, 50, 10_000):
        assert index.select(limit=limit) == net.select(result, limit=limit, **filters)
    for node in result["nodes"] + [{"id": "unknown"}]:
        assert index.neighbours(node["id"]) == net.neighbours(result, node["id"], **filters)


@pytest.mark.parametrize("filters", FILTERS)
def test_shortest_paths_are_shortest_and_linked(filters: dict[str, Any]) -> None:
    result = synthetic()
    index = NetworkIndex(result, **filters)
    rng = random.Random(5)
    ids = [n["id"] for n in result["nodes"]]
    found = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # igraph: "couldn't reach some vertices"
        for _ in range(150):
            a, b = rng.choice(ids), rng.choice(ids)
            ours, plain = index.shortest_path(a, b), net.shortest_path(result, a, b, **filters)
            assert ours["length"] == plain["length"]
            if ours["length"] is None:
                assert ours == plain
                continue
            found += 1
            path = [n["id"] for n in ours["nodes"]]
            assert path[0] == a and path[-1] == b
            steps = {frozenset(p) for p in itertools.pairwise(path)}
            # every edge between consecutive nodes (any relation, either direction), in order
            linking = [e for e in index.edges if frozenset((e["source"], e["target"])) in steps]
            assert ours["edges"] == linking
    assert found > 10


def test_cache_reuses_an_index_per_result_and_filter() -> None:
    cache = IndexCache(size=2)
    first, second = synthetic(1), synthetic(2)
    index = cache.get(first)
    assert cache.get(first) is index
    assert cache.get(first, relations=["Ownership"]) is not index
    assert cache.get(second).result is second
    assert cache.get(first) is not index  # evicted (size 2), rebuilt
