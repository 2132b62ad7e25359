"""Scope level from addresses, countries, linked companies and counter-parties."""

from __future__ import annotations

from pathlib import Path

from offensief.network.entities import EntityRecord
from offensief.network.graph import entity_graph, person_projection
from offensief.network.scope import network_scope, parse_address, scope_of
from offensief.store.duckstore import Store
from tests.network.world import CANONICAL, load_world


def rec(rid: str, schema: str = "Person", **props: str) -> EntityRecord:
    r = EntityRecord(id=rid, schema=schema)
    for k, v in props.items():
        r.props[k].append(v)
    return r


def test_levels() -> None:
    ams1 = rec("a", address="Kerkstraat 1, 1011 AB Amsterdam", country="nl")
    ams2 = rec("b", address="Dam 2, 1012 JS Amsterdam", country="nl")
    zaandam = rec("c", address="Stationsweg 3, 1501 AA Zaandam", country="nl")
    breda = rec("d", address="Markt 4, 4811 XA Breda", country="nl")
    assert scope_of([ams1, ams2])["level"] == "local"
    assert scope_of([ams1, zaandam])["level"] == "regional"
    assert scope_of([ams1, breda])["level"] == "national"
    curacao = rec("e", "Company", jurisdiction="cw")
    assert scope_of([ams1], linked=[curacao])["level"] == "Kingdom"
    colombia = rec("f", "Company", country="co")
    result = scope_of([ams1], linked=[curacao, colombia])
    assert result["level"] == "international" and result["abroad"] == ["co"]
    assert any("co" in e for e in result["evidence"])


def test_parse_address() -> None:
    assert parse_address("Kade 1, 3011 CD Rotterdam") == ("Rotterdam", "Zuid-Holland")
    assert parse_address("Kade 1, Rotterdam") == ("Rotterdam", None)
    assert parse_address("Kade 1") == (None, None)


def test_store_world_is_kingdom_level(store: Store, tmp_path: Path) -> None:
    load_world(store, tmp_path)
    eg = entity_graph(store, canonical=CANONICAL)
    scope = network_scope(person_projection(eg), eg)
    assert scope["level"] == "Kingdom"  # the villa company's flat is in Willemstad (cw)
    assert "cw" in scope["caribbean"]
