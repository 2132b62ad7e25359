"""Brokerage: Burt's measures against networkx, Gould–Fernandez roles on small cases."""

from __future__ import annotations

import math
import random

import igraph as ig
import networkx as nx
import pytest

from offensief.model.errors import InputError
from offensief.network.brokerage import constraint, effective_size, gould_fernandez
from offensief.network.io import read_network
from tests.network.caviar import phase


def test_burt_measures_match_networkx_on_weighted_caviar_phase() -> None:
    g = read_network(phase(4)).as_undirected(mode="collapse", combine_edges={"weight": "sum"})
    ref = nx.Graph()
    ref.add_nodes_from(range(g.vcount()))
    ref.add_weighted_edges_from((e.source, e.target, e["weight"]) for e in g.es)
    # nodes=... selects networkx's definitional code path; its sparse shortcut (nodes=None)
    # disagrees with its own definition on weighted graphs (networkx 3.6).
    es = nx.effective_size(ref, nodes=list(ref), weight="weight")
    cs = nx.constraint(ref, weight="weight")
    assert effective_size(g) == pytest.approx([es[i] for i in range(g.vcount())], abs=1e-9)
    assert constraint(g) == pytest.approx([cs[i] for i in range(g.vcount())], abs=1e-9)


@pytest.mark.parametrize("weighted", [True, False])
def test_compiled_constraint_equals_igraph(weighted: bool) -> None:
    """The kernel (undirected simple graphs) gives igraph's values, isolates as 1.0, any thread count."""
    random.seed(8)
    g = ig.Graph.Barabasi(2000, 3) + ig.Graph(3)  # three isolates
    g.es["weight"] = [random.choice([0.5, 1.0, 2.0, 7.0]) for _ in range(g.ecount())]
    reference = [1.0 if math.isnan(v) else v for v in g.constraint(weights="weight" if weighted else None)]
    assert constraint(g, weighted=weighted) == pytest.approx(reference, abs=1e-12)
    assert constraint(g, weighted=weighted, threads=2) == constraint(g, weighted=weighted)
    assert constraint(g)[-3:] == [1.0, 1.0, 1.0]


def test_zero_weight_ties_are_no_ties() -> None:
    g = ig.Graph([(0, 1), (0, 3), (0, 2), (2, 1)])
    g.es["weight"] = [1.0, 1.0, 0.0, 0.0]
    ref = nx.Graph()
    ref.add_weighted_edges_from((e.source, e.target, e["weight"]) for e in g.es)
    expected = nx.constraint(ref, weight="weight")
    assert constraint(g)[:2] == pytest.approx([expected[0], expected[1]]) and constraint(g)[0] == 0.5
    assert constraint(g)[2] == 1.0  # all its ties weigh 0: an isolate


def test_constraint_of_directed_and_multigraphs_uses_igraph() -> None:
    g = ig.Graph([(0, 1), (0, 1), (1, 2), (2, 0), (2, 3)], directed=True)
    g.es["weight"] = [1.0, 2.0, 1.0, 3.0, 1.0]
    assert constraint(g) == pytest.approx(g.constraint(weights="weight"))
    multi = g.as_undirected(mode="each")
    assert constraint(multi) == pytest.approx(multi.constraint(weights="weight"))


def test_unweighted_effective_size_is_degree_minus_redundancy() -> None:
    g = ig.Graph([(0, 1), (0, 2), (0, 3), (1, 2)])
    # node 0: 3 contacts, one tie among them -> 3 - 2*1/3
    assert effective_size(g, weighted=False)[0] == pytest.approx(3 - 2 / 3)


def test_gould_fernandez_roles() -> None:
    g = ig.Graph([(0, 1), (1, 2), (3, 1), (1, 4), (5, 1), (1, 6), (0, 2)], directed=True)
    groups = ["x", "x", "x", "y", "y", "z", "y"]
    roles = gould_fernandez(g, groups=groups)[1]
    # 0->1->2 is closed by 0->2: not counted
    assert roles["coordinator"] == 0
    assert roles["itinerant"] == 2  # 3->1->4, 3->1->6
    assert roles["representative"] == 2  # 0->1->4, 0->1->6
    assert roles["gatekeeper"] == 2  # 3->1->2, 5->1->2
    assert roles["liaison"] == 2  # 5->1->4, 5->1->6
    undirected = gould_fernandez(ig.Graph([(0, 1), (1, 2)]), groups=["x", "x", "y"])[1]
    assert undirected == {"coordinator": 0, "itinerant": 0, "representative": 1, "gatekeeper": 1, "liaison": 0}


def test_gould_fernandez_needs_one_group_per_node() -> None:
    with pytest.raises(InputError):
        gould_fernandez(ig.Graph(3), groups=["a"])
