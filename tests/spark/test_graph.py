"""Graph analytics as Spark DataFrame code give what the in-memory engine gives."""

from __future__ import annotations

from typing import Any

import igraph as ig
import pytest

from offensief.network import spark as sg
from offensief.network.graph import entity_graph, person_projection
from offensief.network.io import read_network
from offensief.network.weights import strengths
from offensief.store.duckstore import Store
from tests.network.caviar import AGGREGATE

pytestmark = [pytest.mark.spark, pytest.mark.timeout(1800)]


@pytest.fixture(scope="module")
def graph(duck: Store) -> ig.Graph:
    return entity_graph(duck)


def _frames(spark: Any, graph: ig.Graph) -> tuple[Any, Any]:
    nodes = spark.createDataFrame([(v["name"], v["schema"]) for v in graph.vs], "id string, schema string")
    edges = spark.createDataFrame([(e.index, graph.vs[e.source]["name"], graph.vs[e.target]["name"], e["type"])
                                   for e in graph.es], "eid long, src string, dst string, type string")
    return nodes, edges


@pytest.mark.spark_equality
def test_person_projection_and_components_equal_igraph(spark: Any, graph: ig.Graph) -> None:
    nodes, edges = _frames(spark, graph)
    expected = person_projection(graph)
    names = expected.vs["name"]
    want = {tuple(sorted((names[e.source], names[e.target]))): (e["types"], e["weight"]) for e in expected.es}
    got = {(r["a"], r["b"]): (dict(r["types"]), r["weight"])
           for r in sg.person_projection(nodes, edges).collect()}
    assert len(want) > 1000
    assert got.keys() == want.keys()
    assert all(got[k][0] == want[k][0] and got[k][1] == pytest.approx(want[k][1]) for k in want)
    projection = spark.createDataFrame([(names[e.source], names[e.target], e["weight"]) for e in expected.es],
                                       "src string, dst string, weight double")
    persons = spark.createDataFrame([(n,) for n in names], "id string")
    found: dict[str, set[str]] = {}
    for row in sg.connected_components(projection, vertices=persons).collect():
        found.setdefault(row["component"], set()).add(row["id"])
    assert sorted(map(sorted, found.values())) == sorted(
        sorted(names[i] for i in members) for members in expected.connected_components())


def test_pagerank_equals_igraph_on_caviar(spark: Any) -> None:
    graph = read_network(AGGREGATE)
    vertices, edges = sg.graph_frames(spark, graph)
    ranks = {r["id"]: r["pagerank"] for r in sg.pagerank(edges, vertices=vertices, directed=graph.is_directed())
             .collect()}
    reference = graph.pagerank(weights=strengths(graph, meaning="strength"), directed=graph.is_directed())
    names = graph.vs["name"] if "name" in graph.vs.attributes() else [str(i) for i in range(graph.vcount())]
    assert len(ranks) == graph.vcount() > 100
    assert max(abs(ranks[names[i]] - reference[i]) for i in range(graph.vcount())) < 1e-6


def test_label_propagation_finds_two_cliques_joined_by_a_bridge(spark: Any) -> None:
    left = [(f"a{i}", f"a{j}") for i in range(5) for j in range(i + 1, 5)]
    right = [(f"b{i}", f"b{j}") for i in range(5) for j in range(i + 1, 5)]
    edges = spark.createDataFrame(left + right + [("a0", "b0")], "src string, dst string")
    labels = {r["id"]: r["community"] for r in sg.label_propagation(edges).collect()}
    assert len({labels[f"a{i}"] for i in range(5)}) == 1 and len({labels[f"b{i}"] for i in range(5)}) == 1
    assert labels["a1"] != labels["b1"]
    assert sg.summary(sg.connected_components(edges)) == {"count": 1, "largest": 10}
