"""The world loads through the real ingest into a real store, and the ground truth's ids are
the ids the store uses (transactions, accounts, entities)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.store.duckstore import Store


@pytest.fixture(scope="module")
def store(world_dir: Path) -> Store:
    store = Store.memory()
    store.con.execute("SET threads = 1")
    doc = json.loads((world_dir / "datasets.json").read_text())
    for ds in doc["datasets"]:
        store.add_dataset(Dataset(name=ds["name"], partner=ds["partner"], regime=ds["regime"],
                                  purpose=ds["purpose"], collected_at=date.fromisoformat(ds["collected_at"]),
                                  retention=ds["retention"], title=ds["title"]))
        for f in ds["files"]:
            mapping = world_dir / f["mapping"] if f["mapping"] else None
            ingest_file(store, dataset=ds["name"], path=world_dir / f["path"], mapping=mapping)
    return store


def test_transactions_carry_the_ground_truth_ids(store: Store, world_dir: Path) -> None:
    con = store.con
    planted = json.loads((world_dir / "ground_truth" / "typologies.json").read_text())
    ids = {t for inst in planted for t in inst["transaction_ids"]}
    con.execute("CREATE TEMP TABLE planted (id VARCHAR)")
    con.executemany("INSERT INTO planted VALUES (?)", [(i,) for i in sorted(ids)])
    found = con.execute("SELECT count(*) FROM transactions JOIN planted USING (id)").fetchone()[0]
    assert found == len(ids)
    total, cash_in, cash_out = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE description = 'cash-deposit' AND payer_account IS NULL), "
        "count(*) FILTER (WHERE description = 'cash-withdrawal' AND beneficiary_account IS NULL) FROM transactions"
    ).fetchone()
    rows = len((world_dir / "sources" / "payments.csv").read_bytes().splitlines()) - 1
    assert total == rows and cash_in > 0 and cash_out > 0


def test_accounts_of_payments_have_holders(store: Store) -> None:
    """Every account in a payment is the bank's BankAccount, held by a bank customer."""
    orphans = store.con.execute("""
        WITH accounts AS (
            SELECT payer_account AS id FROM transactions WHERE payer_account IS NOT NULL
            UNION SELECT beneficiary_account FROM transactions WHERE beneficiary_account IS NOT NULL),
        held AS (SELECT DISTINCT value AS id FROM statements WHERE schema = 'Ownership' AND prop = 'asset'
                 AND dataset = 'bank-transacties')
        SELECT count(*) FROM accounts LEFT JOIN held USING (id) WHERE held.id IS NULL""").fetchone()[0]
    assert orphans == 0


def test_every_person_source_id_is_in_the_store(store: Store, world_dir: Path) -> None:
    persons = json.loads((world_dir / "ground_truth" / "persons.json").read_text())
    ids = {(ds, i) for p in persons for ds, xs in p["source_ids"].items() for i in xs}
    stored = set(store.con.execute(
        "SELECT DISTINCT dataset, entity_id FROM statements WHERE schema = 'Person'").fetchall())
    assert ids <= stored
