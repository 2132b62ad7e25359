"""Graph analytics as Spark DataFrame code give what the in-memory engine gives."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import igraph as ig
import pytest

from offensief.network import spark as sg
from offensief.network.graph import BEHIND_TYPES, MAX_SHARED, RELAYED_TYPES, person_projection
from offensief.network.io import read_network
from offensief.network.weights import strengths
from tests.network.caviar import AGGREGATE

pytestmark = [pytest.mark.spark, pytest.mark.timeout(900)]


def _typed_multigraph(seed: int = 20) -> ig.Graph:
    """A random typed multigraph (as :func:`~offensief.network.graph.entity_graph` makes them)
    holding every case the person projection tells apart: ties between persons of each type
    (meetings too), firms with one to three persons behind them (small or not), calls and
    messages with small firms and between them, small firms on other organisations' boards,
    shared accounts, vehicles and companies, hubs linked by several types, a crowd larger
    than :data:`~offensief.network.graph.MAX_SHARED`, and couples and persons with no ties. Edges are shuffled: their order decides
    which type names a tie through a hub."""
    rng = random.Random(seed)
    loners = [f"q{i:02d}" for i in range(24)]  # couples and persons alone: more than one component
    kinds = {"Person": [f"p{i:03d}" for i in range(240)] + loners, "Company": [f"c{i:02d}" for i in range(60)],
             "Organization": [f"o{i}" for i in range(6)], "BankAccount": [f"a{i:02d}" for i in range(40)],
             "Vehicle": [f"v{i:02d}" for i in range(20)], "RealEstate": [f"r{i:02d}" for i in range(12)]}
    persons, firms, orgs = kinds["Person"][:240], kinds["Company"], kinds["Organization"]
    edges = [(a, b, "family") for a, b in zip(loners[:16:2], loners[1:16:2], strict=True)]
    for kind, n in (("family", 60), ("associate", 60), ("meeting", 150), ("call", 300), ("message", 120),
                    ("payment", 80), ("shared_address", 60), ("shared_phone", 40), ("occupancy", 5)):
        edges += [(rng.choice(persons), rng.choice(persons), kind) for _ in range(n)]
    for firm in firms:
        edges += [(p, firm, rng.choice(BEHIND_TYPES)) for p in rng.sample(persons, rng.choice((1, 1, 2, 2, 3)))]
    edges += [(rng.choice(firms), rng.choice(firms + orgs + kinds["Vehicle"]), rng.choice(BEHIND_TYPES))
              for _ in range(40)]  # trust offices, and firms owning vehicles
    edges += [(p, orgs[0], "employment") for p in persons[:MAX_SHARED + 15]]  # a crowd
    edges += [(rng.choice(persons), rng.choice(orgs + firms), rng.choice(("employment", "membership", "payment")))
              for _ in range(120)]
    for _ in range(300):
        a, b = rng.choice(persons + firms + orgs), rng.choice(firms)
        edges.append((a, b, rng.choice(RELAYED_TYPES)) if rng.random() < 0.5 else (b, a, rng.choice(RELAYED_TYPES)))
    edges += [(rng.choice(persons), rng.choice(firms), "meeting") for _ in range(40)]  # an organiser present
    for account in kinds["BankAccount"]:
        edges += [(h, account, "account") for h in rng.sample(persons + firms, rng.choice((1, 2, 3)))]
    for vehicle in kinds["Vehicle"]:
        edges += [(h, vehicle, "vehicle") for h in rng.sample(persons, rng.choice((1, 2, 3)))]
    for estate in kinds["RealEstate"]:
        edges += [(h, estate, rng.choice(("ownership", "occupancy"))) for h in rng.sample(persons, 3)]
    edges = [e for e in edges if e[0] != e[1]]
    rng.shuffle(edges)
    names = [n for members in kinds.values() for n in members]
    index = {n: i for i, n in enumerate(names)}
    graph = ig.Graph(n=len(names), edges=[(index[s], index[t]) for s, t, _ in edges], directed=True)
    graph.vs["name"] = names
    graph.vs["schema"] = [k for k, members in kinds.items() for _ in members]
    for attr in ("caption", "source_ids", "record"):
        graph.vs[attr] = names
    graph.es["type"] = [k for _, _, k in edges]
    graph.es["weight"] = [1.0] * len(edges)
    return graph


def _frames(spark: Any, graph: ig.Graph) -> tuple[Any, Any]:
    nodes = spark.createDataFrame([(v["name"], v["schema"]) for v in graph.vs], "id string, schema string")
    edges = spark.createDataFrame([(e.index, graph.vs[e.source]["name"], graph.vs[e.target]["name"], e["type"])
                                   for e in graph.es], "eid long, src string, dst string, type string")
    return nodes, edges


def test_person_projection_and_components_equal_igraph(spark: Any) -> None:
    graph = _typed_multigraph()
    nodes, edges = _frames(spark, graph)
    expected = person_projection(graph)
    names = expected.vs["name"]
    want = {tuple(sorted((names[e.source], names[e.target]))): (e["types"], e["weight"]) for e in expected.es}
    got = {(r["a"], r["b"]): (dict(r["types"]), r["weight"])
           for r in sg.person_projection(nodes, edges).collect()}
    counts = Counter(k for types, _ in want.values() for k in types)
    assert len(want) > 1000 and len(expected.connected_components()) > 10 and set(counts) == {
        "family", "associate", "meeting", "call", "message", "payment", "shared_address", "shared_phone",
        "occupancy", "co_company", "shared_account", "shared_vehicle"}
    assert got.keys() == want.keys()
    assert {k: got[k][0] for k in want} == {k: want[k][0] for k in want}
    assert all(got[k][1] == pytest.approx(want[k][1], rel=1e-12) for k in want)
    projection = spark.createDataFrame([(names[e.source], names[e.target], e["weight"]) for e in expected.es],
                                       "src string, dst string, weight double")
    persons = spark.createDataFrame([(n,) for n in names], "id string")
    found: dict[str, set[str]] = {}
    for row in sg.connected_components(projection, vertices=persons).collect():
        found.setdefault(row["component"], set()).add(row["id"])
    assert sorted(map(sorted, found.values())) == sorted(
        sorted(names[i] for i in members) for members in expected.connected_components())


def test_relation_weights_reach_the_spark_projection(spark: Any) -> None:
    """A changed weight table (``--relation-weight``) weighs the Spark ties as it does igraph's."""
    graph = _typed_multigraph(seed=3)
    nodes, edges = _frames(spark, graph)
    weights = {"meeting": 2.0, "co_company": 0.1}
    expected = person_projection(graph, weights=weights)
    names = expected.vs["name"]
    want = {tuple(sorted((names[e.source], names[e.target]))): e["weight"] for e in expected.es}
    got = {(r["a"], r["b"]): r["weight"] for r in sg.person_projection(nodes, edges, weights=weights).collect()}
    assert got.keys() == want.keys()
    assert all(got[k] == pytest.approx(want[k], rel=1e-12) for k in want)
    assert want != {tuple(sorted((names[e.source], names[e.target]))): e["weight"]
                    for e in person_projection(graph).es}


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
