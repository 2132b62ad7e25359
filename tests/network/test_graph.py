"""Graphs and roles from the statement store (real DuckDB workspace, real ingest)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from offensief.network.graph import entity_graph, person_projection
from offensief.network.roles import analyse_roles
from offensief.store.duckstore import Store
from tests.network.world import CANONICAL, load_world


@pytest.fixture()
def world(store: Store, tmp_path: Path) -> Store:
    load_world(store, tmp_path)
    return store


def top(result: dict, role: str) -> list[str]:
    return [r["id"] for r in result["roles"] if r["role"] == role]


def test_typed_multigraph(world: Store) -> None:
    g = entity_graph(world, canonical=CANONICAL)
    types = set(g.es["type"])
    assert {"call", "directorship", "ownership", "payment", "family", "account"} <= types
    kop = g.vs.find(name="p-ka")
    assert kop["source_ids"] == ["k-ka", "p-ka"]  # canonical id keeps both source ids
    payments = [e for e in g.es if e["type"] == "payment"]
    assert len(payments) == 9 + 3 + 4  # payments between accounts reach their holders
    assert {g.vs[e.target]["name"] for e in payments} == {"b-mule", "p-la2", "p-ka"}


def test_without_mapping_sources_stay_apart(world: Store) -> None:
    g = entity_graph(world)
    assert {"k-ka", "p-ka"} <= set(g.vs["name"])


def test_person_projection_weights(world: Store) -> None:
    p = person_projection(entity_graph(world, canonical=CANONICAL), weights={"call": 2.0})
    assert set(p.vs["schema"]) == {"Person"}
    a, b = p.vs.find(name="p-ka").index, p.vs.find(name="p-la1").index
    edge = p.es[p.get_eid(a, b)]
    assert edge["types"] == {"call": 4, "family": 1}
    assert edge["weight"] == pytest.approx(2.0 * (1 + math.log(4)) + 1.0)


def test_roles_on_the_store_world(world: Store) -> None:
    eg = entity_graph(world, canonical=CANONICAL)
    result = analyse_roles(person_projection(eg), entity_graph=eg, top=5)
    assert top(result, "kingpin")[:2] == ["p-ka", "p-la2"] or top(result, "kingpin")[0] == "p-ka"
    assert top(result, "financial_facilitator")[0] == "k-acc"
    assert top(result, "digital_facilitator") == ["p-dig"]
    assert top(result, "logistics_facilitator") == ["p-log"]
    assert top(result, "money_mule")[0] == "b-mule"
    assert top(result, "straw_man")[0] == "k-straw"
    acc = next(r for r in result["roles"] if r["id"] == "k-acc" and r["role"] == "financial_facilitator")
    assert "registeraccountant" in acc["explanation"]["text"]
    ben = [r for r in result["roles"] if r["id"] == "k-ben" and r["role"] == "financial_facilitator"]
    assert not ben or ben[0]["score"] < acc["score"]
