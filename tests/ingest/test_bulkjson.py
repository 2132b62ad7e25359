"""The DuckDB JSON lines path stores exactly what the entity-at-a-time path stores."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from offensief.ingest import ingest_file, loader
from offensief.store.duckstore import Store

ENTITIES = [
    {"id": "p1", "schema": "Person", "properties": {
        "name": ["Jan  de   Vries ", "Jan de Vries", None], "birthDate": ["1988-07-03"],
        "nationality": ["Netherlands", "nl"], "phone": ["+31 6 12345678"]}, "datasets": ["x"]},
    {"id": " p1\u00a0", "schema": "Person", "properties": {"name": "J. de Vries\u3000", "notes": ["tab\there"]}},
    {"id": "c1", "schema": "Company", "properties": {"name": ["Vries Holding B.V."], "jurisdiction": ["nl"],
                                                     "incorporationDate": ["2001-02"]}},
    {"id": "a1", "schema": "BankAccount", "properties": {"iban": ["NL91ABNA0417164300", "nl20 ingb 0001 2345 67"]}},
    {"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["c1"], "percentage": ["51"]}},
    {"id": "t1", "schema": "Payment", "properties": {"payerAccount": ["a1"], "amount": ["10.5", "9"],
                                                     "date": ["2025-03-05T10:22:00"], "currency": ["EUR"]}},
    {"id": "t1", "schema": "Payment", "properties": {"description": ["cash"], "amount": ["10.5"]}},
    {"id": "e1", "schema": "Person", "properties": {}},
    {"id": "\u00a0e2 ", "schema": "Person", "properties": {"name": ["Piet\u2003"]}, "caption": "Piet"},
]


def write(path: Path, entities: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in entities) + b"\n")
    return path


def snapshot(store: Store) -> tuple:
    statements = set(store.con.execute(
        "SELECT id, entity_id, schema, prop, prop_type, value, dataset FROM statements").fetchall())
    transactions = store.con.execute("SELECT * FROM transactions ORDER BY id").fetchall()
    return statements, transactions


def spy(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    calls: list[bool] = []
    original = loader._load_bulkjson

    def watch(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(loader, "_load_bulkjson", watch)
    return calls


def test_bulk_and_exact_paths_agree(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "in.jsonl", ENTITIES)
    calls = spy(monkeypatch)
    fast = ingest_file(store, dataset="politie-bvh", path=path)
    assert calls == [True], "the DuckDB path should take this file"
    fast_rows = snapshot(store)
    store.con.execute("DELETE FROM statement_rows; DELETE FROM loads; DELETE FROM transaction_rows")
    monkeypatch.setattr(loader, "_load_bulkjson", lambda *a, **k: None)
    exact = ingest_file(store, dataset="politie-bvh", path=path)
    assert snapshot(store) == fast_rows
    assert (fast.records, fast.statements_in, fast.statements_added, fast.per_schema) == (
        exact.records, exact.statements_in, exact.statements_added, exact.per_schema)
    assert fast.records == len(ENTITIES) and len(fast_rows[1]) == 1


def test_second_load_into_dataset_adds_only_new(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = spy(monkeypatch)
    ingest_file(store, dataset="politie-bvh", path=write(tmp_path / "a.jsonl", ENTITIES[:3]))
    result = ingest_file(store, dataset="politie-bvh", path=write(tmp_path / "b.jsonl", ENTITIES))
    assert calls == [True, True]
    total = store.con.execute("SELECT count(*), count(DISTINCT id) FROM statements").fetchone()
    assert total[0] == total[1] and result.statements_added < result.statements_in


@pytest.mark.parametrize("odd", [
    {"id": "x", "schema": "Person", "properties": {"name": [42]}},
    {"id": "x", "schema": "Person", "properties": {"name": [True]}},
    {"id": 7, "schema": "Person", "properties": {"name": ["x"]}},
    {"id": "x", "schema": "Person", "properties": {"nonsense": ["x"]}},
    {"id": "x", "schema": "Nonsense", "properties": {"name": ["x"]}},
    {"id": "x", "schema": "Person", "properties": {"birthDate": ["2025-02-30"]}},
    {"id": "x", "schema": "Person", "properties": None},
    {"id": "x", "schema": "Person"},
    {"id": "x\t", "schema": "Person", "properties": {"name": ["x"]}},
    {"id": "x", "schema": "Thing", "properties": {"name": ["x"]}},
    {"id": "x", "schema": "Person", "properties": {"ownershipOwner": ["o1"]}},
])
def test_irregular_input_goes_to_exact_path(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd: dict) -> None:
    calls = spy(monkeypatch)
    path = write(tmp_path / "in.jsonl", [*ENTITIES, odd])
    try:
        ingest_file(store, dataset="politie-bvh", path=path)
    except Exception as exc:  # the exact path's error, naming the line  # noqa: BLE001
        assert getattr(exc, "line", None) == len(ENTITIES) + 1
    assert calls == [False]
