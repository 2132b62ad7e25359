"""The statement repository and the schema definition, on a small in-memory store."""

from __future__ import annotations

import pytest

from offensief.store import statements
from offensief.store.duckstore import Store
from offensief.store.purge import purge_datasets
from offensief.store.schema import STATEMENTS, TABLES, TRANSACTIONS

ROWS = [  # entity, schema, prop, prop_type, value, dataset
    ("p1", "Person", "name", "name", "Jan de Vries", "police"),
    ("p1", "Person", "birthDate", "date", "1980-01-02", "police"),
    ("p1", "Person", "phone", "phone", "+31 6 2727 2309", "telecom"),
    ("p2", "Person", "name", "name", "Piet Bakker", "register"),
    ("o1", "Ownership", "owner", "entity", "p1", "register"),
    ("o1", "Ownership", "asset", "entity", "c1", "register"),
    ("c1", "Company", "name", "name", "Bakker BV", "register"),
]


@pytest.fixture
def store() -> Store:
    s = Store.memory()
    s.con.executemany("INSERT INTO statement_rows VALUES (?, ?, ?, ?, ?, ?, now(), now(), 'l')", ROWS)
    return s


def test_every_table_is_created_from_its_definition(store: Store) -> None:
    for table in (*TABLES, STATEMENTS):  # statements: the view over statement_rows, with the ids
        found = [r[0] for r in store.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position", [table.name]).fetchall()]
        assert tuple(found) == table.names, table.name
    assert TRANSACTIONS.names[0] == "id" and TRANSACTIONS.names[-1] == "dataset"


def test_reads_stay_inside_the_named_datasets(store: Store) -> None:
    assert statements.entity_ids(store, ["police"]) == {"p1"}
    assert statements.entity_ids(store, []) == set()
    rows = statements.rows(store, ["police", "telecom"], ids=["p1", "p2"])
    assert {r["dataset"] for r in rows} == {"police", "telecom"}
    assert set(rows[0]) == set(statements.COLUMNS)
    assert statements.rows(store, ["register"], ids=[]) == []
    assert statements.values_of(store, ["register"], ["name"], schemata=["Person"]) == [
        ("p2", "Piet Bakker", "register")]
    assert statements.having(store, ["police"], ["p1", "p2"], prop="birthDate", value="1980-01-02") == {"p1"}
    assert statements.having(store, ["register"], ["p1"], prop="birthDate", value="1980-01-02") == set()


def test_look_ups_by_text_links_and_counts(store: Store) -> None:
    assert [r[0] for r in statements.containing(store, ["register"], "bakker", limit=10)] == ["c1", "p2"]
    assert statements.containing(store, ["police"], "bakker", limit=10) == []
    assert [r[0] for r in statements.ending_in_key(store, ["telecom"], "627272309")] == ["p1"]
    assert statements.pointing_at(store, ["p1"]) == {"o1"}
    assert statements.counts(store) == {"police": 2, "telecom": 1, "register": 4}
    assert {r[0] for r in statements.values(store, ["police"], entity_id="p1")} == {"p1"}
    assert dict(statements.schemata_of(store, datasets=["register"]))["o1"] == ["Ownership"]
    links = statements.network_rows(store, ("name",), datasets=["register"])
    assert {(r[0], r[2]) for r in links} == {("p2", "name"), ("o1", "owner"), ("o1", "asset"), ("c1", "name")}


def test_a_purge_reports_the_entities_that_vanished(store: Store) -> None:
    removed, vanished = purge_datasets(store, ["police", "telecom"])
    assert removed["statements"] == 3 and vanished == {"p1"}
    assert statements.counts(store) == {"register": 4}
