"""Disruption conventions as data: pair merge, normalised degree, Katz as networkx computes it,
collective-influence radius, tie order, and presets written as small files."""

from __future__ import annotations

import json
from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import pytest

from offensief.disrupt.conventions import Conventions, load_conventions, preset
from offensief.disrupt.graphs import prepare
from offensief.disrupt.simulate import simulate
from offensief.disrupt.strategies import STRATEGIES, Context
from offensief.model.errors import InputError


def _score(graph: ig.Graph, name: str, conventions: Conventions) -> list[float]:
    g = prepare(graph, conventions)
    return STRATEGIES[name].score(g, Context(conventions=conventions, rng=np.random.default_rng(0)))


def _listed_twice() -> ig.Graph:
    g = ig.Graph(n=3, edges=[(0, 1), (0, 1), (1, 2)], directed=True)
    g.vs["name"] = ["a", "b", "c"]
    g.es["weight"] = [2.0, 5.0, 1.0]
    return g


@pytest.mark.parametrize(("merge", "weight"), [("sum", 7.0), ("max", 5.0), ("first", 2.0), ("last", 5.0)])
def test_pair_listed_twice(merge: str, weight: float) -> None:
    g = prepare(_listed_twice(), Conventions(pair_merge=merge))
    assert g.ecount() == 2 and g.es[g.get_eid(0, 1)]["weight"] == weight


def test_keep_leaves_parallel_arcs_and_undirected_merges_by_max() -> None:
    assert prepare(_listed_twice(), Conventions()).ecount() == 3
    g = prepare(_listed_twice(), Conventions(directed=False, component="weak"))
    assert g.es[g.get_eid(0, 1)]["weight"] == 5.0


def test_weighted_degree_normalised_by_n_minus_1() -> None:
    plain = _score(_listed_twice(), "strength", Conventions())
    scaled = _score(_listed_twice(), "strength", Conventions(degree_normalised=True))
    assert plain == [7.0, 8.0, 1.0] and scaled == pytest.approx([3.5, 4.0, 0.5])


@pytest.mark.parametrize("weights", ["raw", "none"])
@pytest.mark.parametrize("alpha", [0.05, 0.3])
def test_katz_as_networkx_katz_centrality_numpy(weights: str, alpha: float) -> None:
    g = ig.Graph.Erdos_Renyi(n=30, m=70, directed=True, loops=False)
    rng = np.random.default_rng(4)
    g.es["weight"] = [float(w) for w in rng.integers(1, 5, g.ecount())]
    g.vs["name"] = [str(i) for i in range(30)]
    conventions = Conventions(katz_alpha=alpha, katz_weights=weights, katz_lower_alpha=False)
    ours = _score(g, "in-katz", conventions)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(30))
    graph.add_weighted_edges_from((e.source, e.target, e["weight"]) for e in g.es)
    theirs = nx.katz_centrality_numpy(graph, alpha=alpha, weight="weight" if weights == "raw" else None)
    assert ours == pytest.approx([theirs[i] for i in range(30)], abs=1e-9)


@pytest.mark.parametrize("radius", [1, 2, 3])
def test_collective_influence_radius(radius: int) -> None:
    g = ig.Graph.Tree(40, 3)
    g.vs["name"] = [str(i) for i in range(40)]
    ours = _score(g, "collective-influence", Conventions(directed=False, component="weak", ci_radius=radius))
    degree = g.degree()
    for v in (0, 1, 5):
        rim = [u for u in range(40) if g.distances(v, u)[0][0] == radius]
        assert ours[v] == (degree[v] - 1) * sum(degree[u] - 1 for u in rim)


def test_tie_order_decides_among_equals() -> None:
    star = ig.Graph(n=4, edges=[(0, 1), (2, 3)])  # two equal pairs: all degrees 1
    star.vs["name"] = ["d", "c", "b", "a"]
    first = {ties: simulate(star, strategy="degree", steps=1,
                            conventions=Conventions(directed=False, component="weak", ties=ties)).removed[0]
             for ties in ("input", "reverse", "id")}
    assert first == {"input": "d", "reverse": "a", "id": "a"}


def test_a_study_written_as_a_file(tmp_path: Path) -> None:
    study = tmp_path / "study.yaml"
    study.write_text("preset: anastasiadis2024\ndescription: as published\nmode: block\nblock_size: 5\n"
                     "pair_merge: sum\nkatz_weights: none\nkatz_lower_alpha: false\nci_radius: 3\n")
    c = preset(str(study))
    assert (c.mode, c.block_size, c.pair_merge, c.katz_weights, c.ci_radius) == ("block", 5, "sum", "none", 3)
    assert c.weight_scaling == "running-max"  # the rest from the preset
    (tmp_path / "s.json").write_text(json.dumps({"ties": "id", "degree_normalised": True}))
    assert load_conventions(tmp_path / "s.json").ties == "id"


@pytest.mark.parametrize(("text", "field"), [("pair_merge: mean\n", "pair_merge"), ("ci_radius: 4\n", "ci_radius"),
                                             ("katz_alpah: 0.1\n", "katz_alpah"), ("preset: nope\n", "preset"),
                                             ("degree_normalised: 1\n", "degree_normalised")])
def test_bad_conventions_file_names_the_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        preset(str(path))
    assert field in str(err.value)
