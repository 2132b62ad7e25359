"""Statement ids are part of the store's contract: pinned here, so no speed-up may change them.

An id is ``md5_number(dataset . entity_id . prop . value)`` of the cleaned value; entity ids of
mapped CSV rows are FtM's ``sha1(key_literal + sorted keys)``. The digests below were taken
before the set-based ingest rewrite; every path (compiled CSV, exact row-by-row CSV, JSON
lines) must keep producing exactly these statements.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from offensief.ingest import ingest_file, loader
from offensief.store.duckstore import Store
from tests.ingest.helpers import person, write_jsonl, write_payments
from tests.ingest.test_compiled import MAPPING, ROWS

#: A few ids in full, readable in a diff.
PINNED = {
    ("acc-1", "iban", "NL91ABNA0417164300"): 89929939654535184409314146482563586727,
    ("356a192b7913b04c54574d18c28d46e6395428ab", "amount", "10.5"): 162337238389852136453039766645804136188,
    ("da4b9237bacccdf19c0760cab7aec4a8359010b0", "payer", "bced45e4d0122132e10d978b344a00ddc1c0063e"):
        160182293167020299159988706586036583278,
    ("c11f164871fd0614684e116bf4d16164f58a5f2c", "name", "Berg, van der"): 336996662518468903442651636248028464871,
}
MAPPED_DIGEST = "409446fe96f97448ad6cee71c3fff9ad0d8fd1abf075d6ce80250bc2fc093cec"
PAYMENTS_DIGEST = "d1ac14f0556f7e9854a289fc04e7dec837d4529c9df5d40136339fb862f515ef"
JSONL_DIGEST = "007c8273431cebee05adfca321b37dd16710af15edd9c3c6dd991ecb1ece1671"


def digest(store: Store) -> str:
    rows = store.con.execute(
        "SELECT id, entity_id, schema, prop, prop_type, value, dataset FROM statements ORDER BY id").fetchall()
    return hashlib.sha256("\n".join("|".join(map(str, r)) for r in rows).encode()).hexdigest()


@pytest.fixture(params=["compiled", "exact"])
def path_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "exact":
        monkeypatch.setattr(loader, "_load_compiled", lambda *a, **k: None)
        monkeypatch.setattr(loader, "_load_bulkjson", lambda *a, **k: None)
    return str(request.param)


def test_mapped_csv_ids_are_pinned(store: Store, tmp_path: Path, path_kind: str) -> None:
    data, mapping = tmp_path / "x.csv", tmp_path / "x.yml"
    data.write_text(ROWS)
    mapping.write_text(MAPPING)
    ingest_file(store, dataset="bank", path=data, mapping=mapping)
    ids = {(e, p, v): i for i, e, p, v in store.con.execute(
        "SELECT id, entity_id, prop, value FROM statements").fetchall()}
    assert {key: ids.get(key) for key in PINNED} == PINNED
    assert digest(store) == MAPPED_DIGEST


def test_payment_csv_ids_are_pinned(store: Store, tmp_path: Path, path_kind: str) -> None:
    data, mapping = write_payments(tmp_path / "p.csv", 50)
    ingest_file(store, dataset="bank", path=data, mapping=mapping)
    assert digest(store) == PAYMENTS_DIGEST


def test_jsonl_ids_are_pinned(store: Store, tmp_path: Path, path_kind: str) -> None:
    entities = [person(i, nationality=["nl"], phone=["+31612345678"]) for i in range(20)]
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "e.jsonl", entities))
    assert digest(store) == JSONL_DIGEST
