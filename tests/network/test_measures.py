"""Node measures: the published time-averaged CAVIAR centralities, KADABRA error bound."""

from __future__ import annotations

import csv
import random

import igraph as ig
import networkx as nx
import pytest

from offensief.network.io import read_network
from offensief.network import measures
from offensief.network.measures import betweenness, katz, node_measures, pagerank
from tests.network.caviar import AGGREGATE, PUBLISHED


def published() -> dict[str, dict[str, float]]:
    with open(PUBLISHED / "Centralities_directed.csv", newline="") as fh:
        return {r["Nodes"]: {k: float(v) for k, v in r.items() if k != "Nodes"} for r in csv.DictReader(fh)}


def test_time_averaged_centralities_reproduced() -> None:
    pub = published()
    result = node_measures(read_network(AGGREGATE))
    names, m = result["names"], result["measures"]
    assert result["betweenness"]["method"] == "exact" and result["weights"] == "strength"
    for column, key in (("Betweenness", "betweenness"), ("In-Degree", "in_degree"), ("Out-Degree", "out_degree")):
        for name, value in zip(names, m[key]):
            assert value == pytest.approx(pub[name][column], abs=1e-9), (column, name)
    # The published harmonic columns hold exactly our values, but their rows are permuted
    # (dict order in the original pipeline), so compare them as multisets.
    for column, key in (("In-Harmonic", "harmonic_in"), ("Out-Harmonic", "harmonic_out")):
        assert sorted(m[key]) == pytest.approx(sorted(p[column] for p in pub.values()), abs=1e-6)


def test_kadabra_within_its_error_bound() -> None:
    random.seed(1)
    g = ig.Graph.Barabasi(600, 3)
    exact, _ = betweenness(g, weights="none", method="exact")
    approx, info = betweenness(g, weights="none", method="approx", epsilon=0.01, delta=0.1)
    assert info["method"] == "approx" and info["epsilon"] == 0.01
    assert 0.005 < info["error_bound"] < 0.0051
    worst = max(abs(a - e) for a, e in zip(approx, exact))
    assert worst <= info["error_bound"]
    top_exact = sorted(range(600), key=lambda i: -exact[i])[:5]
    top_approx = sorted(range(600), key=lambda i: -approx[i])[:10]
    assert set(top_exact[:3]) <= set(top_approx)


def test_pagerank_and_katz_match_networkx() -> None:
    g = read_network(AGGREGATE)
    ref = nx.DiGraph()
    ref.add_nodes_from(range(g.vcount()))
    ref.add_weighted_edges_from((e.source, e.target, e["weight"]) for e in g.es)
    m = node_measures(g, include=("pagerank",))["measures"]
    pr = nx.pagerank(ref, weight="weight", tol=1e-12)
    assert m["pagerank"] == pytest.approx([pr[i] for i in range(g.vcount())], abs=1e-6)
    und = ig.Graph.Famous("Zachary")
    ref_u = nx.karate_club_graph()
    alpha = 1 / (1 + max(und.degree()))
    kz = nx.katz_centrality(ref_u, alpha=alpha, beta=1.0, weight=None, tol=1e-12)
    assert katz(und, weights="none") == pytest.approx([kz[i] for i in range(34)], abs=1e-6)


def test_networkit_pagerank_matches_igraph(monkeypatch: pytest.MonkeyPatch) -> None:
    random.seed(3)
    g = ig.Graph.Barabasi(300, 3)
    small = pagerank(g, weights="none")
    monkeypatch.setattr(measures, "NETWORKIT_PAGERANK_LIMIT", 10)
    large = pagerank(g, weights="none")
    assert large == pytest.approx(small, abs=1e-6)
