"""Leiden communities: planted partitions, modularity, stability, both engines."""

from __future__ import annotations

import random

import igraph as ig
import pytest

from offensief.model.errors import InputError
from offensief.network.communities import leiden
from offensief.network.io import read_network
from tests.network.caviar import AGGREGATE


def planted(groups: int = 4, size: int = 25) -> tuple[ig.Graph, list[int]]:
    rng = random.Random(7)
    n = groups * size
    truth = [i // size for i in range(n)]
    edges = [(u, v) for u in range(n) for v in range(u + 1, n)
             if rng.random() < (0.4 if truth[u] == truth[v] else 0.01)]
    return ig.Graph(n=n, edges=edges), truth


@pytest.mark.parametrize("engine", ["leidenalg", "igraph", "networkit"])
def test_planted_partition_recovered(engine: str) -> None:
    g, truth = planted()
    result = leiden(g, seeds=3, engine=engine)
    assert result.count == 4
    assert ig.compare_communities(result.membership, truth, method="nmi") > 0.95
    assert result.modularity == pytest.approx(g.modularity(result.membership), abs=1e-9)
    assert result.sizes() == sorted(result.sizes(), reverse=True)


def test_caviar_communities_and_stability() -> None:
    result = leiden(read_network(AGGREGATE), seeds=5)
    assert 0.3 < result.modularity < 0.8
    assert 0.0 < result.stability_nmi <= 1.0 and result.min_nmi <= result.stability_nmi
    assert len(result.node_stability) == 110 and all(0 < s <= 1 for s in result.node_stability)
    data = result.to_dict()
    assert data["count"] == result.count and sum(data["sizes"]) == 110


def test_bad_options() -> None:
    with pytest.raises(InputError):
        leiden(ig.Graph.Ring(5), seeds=0)
    with pytest.raises(InputError):
        leiden(ig.Graph.Ring(5), engine="louvain")
