"""The one rule for the deepest schema agrees with FtM's hierarchy and with the store's SQL."""

from __future__ import annotations

import itertools

import pytest
from followthemoney import model
from followthemoney.exc import InvalidData

from offensief.model.schemata import RANK, deepest
from offensief.store.duckstore import Store


def test_deepest_is_ftms_common_schema_on_one_line() -> None:
    compared = 0
    for a, b in itertools.permutations(sorted(model.schemata), 2):
        try:
            common = model.common_schema(a, b).name
        except InvalidData:
            continue
        assert deepest([a, b]) == common, (a, b)
        compared += 1
    assert compared > 100  # the hierarchy was really walked


def test_deepest_does_not_depend_on_order_and_ignores_unknown_names() -> None:
    names = ["Person", "Company", "LegalEntity", "NoSuchSchema"]
    assert {deepest(p) for p in itertools.permutations(names)} == {"Company"}
    assert deepest(["NoSuchSchema"]) == "Thing"
    assert deepest(["NoSuchSchema"], default="Person") == "Person"


def test_equal_depth_takes_the_first_name() -> None:
    same = [n for n in model.schemata if len(model.get(n).schemata) == len(model.get("Vessel").schemata)]
    assert len(same) > 1
    assert deepest(same) == min(same)


@pytest.mark.parametrize("schemata", [("LegalEntity", "Person"), ("Company", "Person", "Organization"),
                                      ("Vessel", "Person"), ("Airplane", "Vessel")])
def test_the_store_ranks_schemata_by_the_same_rule(schemata: tuple[str, ...]) -> None:
    store = Store.memory()
    store.con.executemany(
        "INSERT INTO statement_rows VALUES ('e1', ?, 'name', 'name', 'x', 'd', now(), now(), 'l')",
        [(s,) for s in schemata])
    assert store.con.execute("SELECT schema FROM entities WHERE id = 'e1'").fetchone()[0] == deepest(schemata)
    assert dict(store.con.execute("SELECT schema, depth FROM schema_depth").fetchall()) == RANK
