"""Purging a dataset removes the national id numbers (BSN) it brought into the resolution's
identity table, also for a person other datasets still hold; the person's identity is then
rebuilt from what remains, and workspaces resolved before the table knew its datasets are
migrated."""

from __future__ import annotations

from pathlib import Path

from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.resolve.resolution import ensure_tables, refresh_identities, resolve
from offensief.store.duckstore import Store
from offensief.store.purge import purge_datasets
from tests.ingest.helpers import write_jsonl

BSN = "123456782"
PEOPLE = [("Jan de Vries", "1988-07-03"), ("Mohammed el Idrissi", "1990-01-02"), ("Piet Jansen", "1970-05-06"),
          ("Sanne Visser", "1985-11-21"), ("Kees Bakker", "1962-02-14")]


def _store(tmp_path: Path, *, phone: str | None = None) -> Store:
    """Police persons ``a0``..``a4``; the BRP holds ``a0`` too (same id) with his BSN, and
    ``b1`` with another BSN."""
    store = Store.memory()
    for name in ("politie", "brp"):
        store.add_dataset(Dataset.create(name=name, partner=name, regime="avg" if name == "brp" else "wpg-9",
                                         purpose="t", collected_at="2025-01-01"))
    write_jsonl(tmp_path / "politie.jsonl", [{"id": f"a{i}", "schema": "Person",
                                              "properties": {"name": [n], "birthDate": [d]}}
                                             for i, (n, d) in enumerate(PEOPLE)])
    write_jsonl(tmp_path / "brp.jsonl", [
        {"id": "a0", "schema": "Person", "properties": {"name": ["Jan de Vries"], "idNumber": [BSN],
                                                          **({"phone": [phone]} if phone else {})}},
        {"id": "b1", "schema": "Person", "properties": {"name": ["Mohamed El-Idrissi"], "birthDate": ["1990-01-02"],
                                                          "idNumber": ["987654321"]}}])
    ingest_file(store, dataset="politie", path=tmp_path / "politie.jsonl")
    ingest_file(store, dataset="brp", path=tmp_path / "brp.jsonl")
    resolve(store)
    return store


def _id_numbers(store: Store) -> dict[str, str]:
    return dict(store.con.execute("SELECT entity_id, id_number FROM resolve_identities "
                                  "WHERE id_number IS NOT NULL").fetchall())


def test_identity_rows_name_their_datasets(tmp_path: Path) -> None:
    store = _store(tmp_path)
    rows = dict(store.con.execute("SELECT entity_id, datasets FROM resolve_identities").fetchall())
    assert rows["a0"] == ["brp", "politie"] and rows["a1"] == ["politie"] and rows["b1"] == ["brp"]


def test_purge_removes_the_bsns_of_the_dataset_also_of_a_person_still_held(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert _id_numbers(store) == {"a0": BSN, "b1": "987654321"}
    removed, vanished = purge_datasets(store, ["brp"])
    assert vanished == {"b1"} and removed["resolve_identities"] == 2
    assert _id_numbers(store) == {}
    # the person the police still hold gets his identity back, from the police data only
    assert refresh_identities(store, {"brp"}, vanished) == 1
    row = store.con.execute("SELECT birth_date, id_number, datasets FROM resolve_identities "
                            "WHERE entity_id = 'a0'").fetchone()
    assert row == ("1988-07-03", None, ["politie"])


def test_purge_removes_the_phone_numbers_of_the_dataset_too(tmp_path: Path) -> None:
    """The identity table also keeps each record's phone and e-mail (which namesake a subscriber
    is): they go with the dataset that brought them, like the BSN."""
    store = _store(tmp_path, phone="+31 6 12345678")
    assert store.con.execute("SELECT count(*) FROM resolve_identities WHERE phone IS NOT NULL").fetchone() == (1,)
    _, vanished = purge_datasets(store, ["brp"])
    refresh_identities(store, {"brp"}, vanished)
    assert store.con.execute("SELECT count(*) FROM resolve_identities WHERE phone IS NOT NULL "
                             "OR email IS NOT NULL").fetchone() == (0,)


def test_workspace_resolved_before_the_datasets_column_is_migrated(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.con.execute("ALTER TABLE resolve_identities DROP COLUMN datasets")
    ensure_tables(store.con)  # what every resolution entry point does first
    rows = dict(store.con.execute("SELECT entity_id, datasets FROM resolve_identities").fetchall())
    assert rows["a0"] == ["brp", "politie"] and rows["b1"] == ["brp"]
    purge_datasets(store, ["brp"])
    assert _id_numbers(store) == {}


def test_purge_of_an_old_workspace_is_cleaned_by_the_refresh(tmp_path: Path) -> None:
    """Purged before any resolution entry point migrated the table: the retention purger
    rebuilds every identity from the statements that remain."""
    store = _store(tmp_path)
    store.con.execute("ALTER TABLE resolve_identities DROP COLUMN datasets")
    _removed, vanished = purge_datasets(store, ["brp"])
    assert _id_numbers(store) == {"a0": BSN}  # the old table cannot say where it came from
    refresh_identities(store, {"brp"}, vanished)
    assert _id_numbers(store) == {}
