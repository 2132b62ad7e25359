"""Payments of a tabular delivery stored wide (``payment_rows``) read back as exactly the
statements, ids and provenance the row-per-statement layout gives."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from offensief.ingest import ingest_file, loader
from offensief.store.duckstore import Store
from offensief.store.purge import purge_datasets
from offensief.store.schema import STATEMENTS_VIEW
from tests.ingest.test_compiled import MAPPING, ROWS

#: The same payments 1 and 3 again (3 with another amount) and a new one.
LATER = """txid,holder_name,holder_dob,country,account_id,iban,amount,date,channel
1,Jan de Vries,1988-07-03,nl,acc-1,NL91ABNA0417164300,10.5,2025-03-05T10:22:00,transfer
3,M. el Idrissi,,,acc-2,NL20INGB0001234567,-4.25,2025-03-05T10:22,transfer
6,Piet Bakker,1970-01-01,nl,acc-9,,8,2025-04-01,card
"""


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    first, later, mapping = tmp_path / "x.csv", tmp_path / "y.csv", tmp_path / "x.yml"
    first.write_text(ROWS)
    later.write_text(LATER)
    mapping.write_text(MAPPING)
    return first, later, mapping


def _statements(store: Store) -> list[tuple]:
    """Every statement (duplicates kept), with whether it was first and last seen by the first load."""
    return sorted(store.con.execute(
        "SELECT s.id, entity_id, schema, prop, prop_type, value, s.dataset, "
        "first_seen = (SELECT min(loaded_at) FROM loads), last_seen = (SELECT min(loaded_at) FROM loads) "
        "FROM statements s").fetchall())


def _transactions(store: Store) -> list[tuple]:
    return store.con.execute("SELECT * FROM transactions ORDER BY id").fetchall()


def _clear(store: Store) -> None:
    store.con.execute("DELETE FROM statement_rows; DELETE FROM payment_rows; DELETE FROM loads; "
                      "DELETE FROM transaction_rows")


def test_wide_payments_read_back_as_the_exact_paths_statements(store: Store, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    first, later, mapping = _files(tmp_path)
    fast = [ingest_file(store, dataset="bank", path=f, mapping=mapping) for f in (first, later)]
    # the second load touched payments 1 and 3: their rows moved to statement_rows, each statement
    # with its own last_seen; payment 6 is new to the dataset, but the load overlaps, so not wide
    assert store.con.execute("SELECT count(*) FROM payment_rows").fetchone() == (3,)
    assert store.con.execute("SELECT count(DISTINCT entity_id) FROM statement_rows WHERE prop = 'amount'"
                             ).fetchone() == (3,)
    wide, tx_wide = _statements(store), _transactions(store)
    _clear(store)
    monkeypatch.setattr(loader, "_load_compiled", lambda *a, **k: None)
    exact = [ingest_file(store, dataset="bank", path=f, mapping=mapping) for f in (first, later)]
    assert store.con.execute("SELECT count(*) FROM payment_rows").fetchone() == (0,)
    assert _statements(store) == wide
    assert _transactions(store) == tx_wide
    assert [(r.records, r.statements_in, r.statements_added, r.per_schema) for r in fast] == \
        [(r.records, r.statements_in, r.statements_added, r.per_schema) for r in exact]


def test_a_json_lines_load_touching_a_wide_payment_moves_only_that_row(store: Store, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first, _later, mapping = _files(tmp_path)
    ingest_file(store, dataset="bank", path=first, mapping=mapping)
    pid, amount = store.con.execute(
        "SELECT entity_id, amount FROM payment_rows ORDER BY entity_id LIMIT 1").fetchone()
    touch = tmp_path / "p.jsonl"
    touch.write_text(json.dumps({"id": pid, "schema": "Payment",
                                 "properties": {"amount": [amount], "purpose": ["huur"]}}) + "\n")
    ingest_file(store, dataset="bank", path=touch)
    assert store.con.execute("SELECT count(*) FROM payment_rows").fetchone() == (4,)
    assert store.con.execute("SELECT count(*) FROM payment_rows WHERE entity_id = ?", [pid]).fetchone() == (0,)
    wide, tx_wide = _statements(store), _transactions(store)
    _clear(store)
    monkeypatch.setattr(loader, "_load_compiled", lambda *a, **k: None)
    monkeypatch.setattr(loader, "_load_bulkjson", lambda *a, **k: None)
    ingest_file(store, dataset="bank", path=first, mapping=mapping)
    ingest_file(store, dataset="bank", path=touch)
    assert _statements(store) == wide
    assert _transactions(store) == tx_wide


def test_a_load_of_new_payments_into_a_dataset_with_data_stays_wide(store: Store, tmp_path: Path) -> None:
    first, later, mapping = _files(tmp_path)
    later.write_text(LATER.replace("\n1,", "\n11,").replace("\n3,", "\n13,"))
    ingest_file(store, dataset="bank", path=first, mapping=mapping)
    ingest_file(store, dataset="bank", path=later, mapping=mapping)
    assert store.con.execute("SELECT count(*) FROM payment_rows").fetchone() == (8,)
    assert store.con.execute("SELECT count(*) FROM transactions").fetchone() == (8,)
    # one payment in both layouts at once never repeats a statement
    assert store.con.execute("SELECT count(*) - count(DISTINCT id) FROM statements").fetchone() == (0,)


def test_purging_a_dataset_removes_its_wide_rows(store: Store, tmp_path: Path) -> None:
    first, _later, mapping = _files(tmp_path)
    ingest_file(store, dataset="bank", path=first, mapping=mapping)
    n = store.con.execute("SELECT count(*) FROM statements WHERE dataset = 'bank'").fetchone()[0]
    removed, _vanished = purge_datasets(store, ["bank"])
    assert removed["statements"] == n
    assert store.con.execute("SELECT count(*) FROM payment_rows").fetchone() == (0,)
    assert store.con.execute("SELECT count(*) FROM statements").fetchone() == (0,)
    assert store.con.execute("SELECT count(*) FROM transactions").fetchone() == (0,)


def test_a_failed_load_leaves_no_wide_rows(store: Store, tmp_path: Path) -> None:
    first, _later, mapping = _files(tmp_path)

    def fail(records: int) -> None:
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        loader._load_compiled(store, dataset="bank", path=first, mapping=mapping,
                              sha="x", progress=fail)
    assert store.con.execute("SELECT count(*) FROM payment_rows").fetchone() == (0,)
    assert store.con.execute("SELECT count(*) FROM loads").fetchone() == (0,)


def _opened(path: Path) -> Store:
    """A store file at ``path`` with the current schema."""
    store = Store(duckdb.connect(str(path)))
    store._ensure_schema()
    return store


def _reopened(store: Store, path: Path) -> Store:
    """``store`` closed and opened again, as a later version opens an older workspace."""
    store.close()
    return _opened(path)


def test_a_workspace_without_wide_rows_opens_and_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    store = _opened(path)
    store.con.execute("INSERT INTO statement_rows VALUES ('e1', 'Person', 'name', 'name', 'Jan', 'd', now(), now(), 'l')")
    before = store.con.execute("SELECT * FROM statements").fetchall()
    old_view = STATEMENTS_VIEW.split("\nUNION ALL")[0] + ";"  # the view before payment rows existed
    store.con.execute("DROP VIEW entities; DROP VIEW statements; DROP TABLE payment_rows")
    store.con.execute(old_view)
    store = _reopened(store, path)
    assert store.con.execute("SELECT * FROM statements").fetchall() == before
    assert store.con.execute("SELECT count(*) FROM payment_rows").fetchone() == (0,)


# -- typed wide rows: a payment export's transactions rows written once ----------------------

def _typed(store: Store) -> list[tuple]:
    return store.con.execute("SELECT entity_id, typed FROM payment_rows ORDER BY entity_id").fetchall()


def test_wide_payments_are_their_own_transactions_rows(store: Store, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    first, _later, mapping = _files(tmp_path)
    ingest_file(store, dataset="bank", path=first, mapping=mapping)
    assert {typed for _id, typed in _typed(store)} == {True}
    assert store.con.execute("SELECT count(*) FROM transaction_rows").fetchone() == (0,)
    fast = _transactions(store)
    _clear(store)
    monkeypatch.setattr(loader, "_load_compiled", lambda *a, **k: None)
    ingest_file(store, dataset="bank", path=first, mapping=mapping)
    assert _transactions(store) == fast
    assert store.con.execute("SELECT count(*) FROM transaction_rows").fetchone() == (5,)


def test_a_payment_with_no_wide_property_keeps_its_row(store: Store, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first, _later, mapping = _files(tmp_path)
    # `summary` has no wide column; payment 7 has nothing else, so no wide row, and its
    # transactions row (all typed fields empty) is written as a row
    mapping.write_text(MAPPING.replace("            currency: {literal: EUR}\n", "")
                       .replace("description: {column: channel}", "summary: {column: channel}"))
    first.write_text(ROWS + "7,,,,,,,,invoice\n")
    ingest_file(store, dataset="bank", path=first, mapping=mapping)
    assert {typed for _id, typed in _typed(store)} == {True}
    assert store.con.execute("SELECT count(*) FROM payment_rows").fetchone() == (5,)
    assert store.con.execute("SELECT count(*), count(amount) FROM transaction_rows").fetchone() == (1, 0)
    fast = _transactions(store)
    _clear(store)
    monkeypatch.setattr(loader, "_load_compiled", lambda *a, **k: None)
    ingest_file(store, dataset="bank", path=first, mapping=mapping)
    assert _transactions(store) == fast and len(fast) == 6


def test_another_dataset_on_a_typed_payment_gives_it_one_row_from_its_statements(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _later, mapping = _files(tmp_path)
    ingest_file(store, dataset="bank", path=first, mapping=mapping)
    pid = store.con.execute("SELECT entity_id FROM payment_rows ORDER BY entity_id LIMIT 1").fetchone()[0]
    touch = tmp_path / "p.jsonl"
    touch.write_text(json.dumps({"id": pid, "schema": "Payment", "properties": {"amount": ["99"]}}) + "\n")
    ingest_file(store, dataset="politie-bvh", path=touch)
    assert (pid, False) in _typed(store) and sum(typed for _id, typed in _typed(store)) == 4
    assert store.con.execute("SELECT count(*), count(DISTINCT id) FROM transactions").fetchone() == (5, 5)
    fast = _transactions(store)
    _clear(store)
    monkeypatch.setattr(loader, "_load_compiled", lambda *a, **k: None)
    monkeypatch.setattr(loader, "_load_bulkjson", lambda *a, **k: None)
    ingest_file(store, dataset="bank", path=first, mapping=mapping)
    ingest_file(store, dataset="politie-bvh", path=touch)
    assert _transactions(store) == fast


def test_a_purge_of_another_dataset_keeps_typed_rows_typed(store: Store, tmp_path: Path) -> None:
    first, _later, mapping = _files(tmp_path)
    ingest_file(store, dataset="bank", path=first, mapping=mapping)
    before = _transactions(store)
    purge_datasets(store, ["politie-bvh"])
    assert _transactions(store) == before
    assert store.con.execute("SELECT count(*) FROM transaction_rows").fetchone() == (0,)


def test_a_workspace_with_a_transactions_table_opens_with_the_same_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    store = _opened(path)
    store.con.execute("INSERT INTO transaction_rows (id, amount, dataset) VALUES ('t1', 5, 'd')")
    # the layout before typed wide rows: a transactions table, payment rows without `typed`
    store.con.execute("DROP VIEW transactions; ALTER TABLE transaction_rows RENAME TO transactions; "
                      "DROP VIEW entities; DROP VIEW statements; ALTER TABLE payment_rows DROP COLUMN typed")
    store = _reopened(store, path)
    assert store.con.execute("SELECT id, amount, dataset FROM transactions").fetchall() == [("t1", 5.0, "d")]
    assert store.con.execute("SELECT count(*) FROM payment_rows WHERE typed IS NULL").fetchone() == (0,)
