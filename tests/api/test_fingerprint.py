"""The analysis cache key changes with every change to the data an analysis reads."""

from __future__ import annotations

from datetime import datetime

from offensief.casework.fingerprint import data_fingerprint
from offensief.resolve.canonical import ensure_tables
from offensief.store.duckstore import Store


def _run(store: Store, run_id: str) -> None:
    now = datetime(2026, 11, 29, 12, 0)
    store.con.execute("INSERT INTO resolve_runs VALUES (?, 'person', 'recluster', ?, ?, 0.9, '[]', '{}', '{}')",
                      [run_id, now, now])


def test_fingerprint_changes_when_resolution_reruns() -> None:
    store = Store.memory()
    before = data_fingerprint(store, ["police"])
    ensure_tables(store.con)
    assert data_fingerprint(store, ["police"]) == before  # empty tables: nothing changed
    _run(store, "r1")
    after_first = data_fingerprint(store, ["police"])
    assert after_first != before
    assert data_fingerprint(store, ["police"]) == after_first  # stable while nothing changes
    _run(store, "r2")  # e.g. re-clustering after an analyst's judgement
    assert data_fingerprint(store, ["police"]) != after_first


def test_fingerprint_depends_on_visible_datasets() -> None:
    store = Store.memory()
    assert data_fingerprint(store, ["police"]) != data_fingerprint(store, ["police", "kvk"])
    assert data_fingerprint(store, ["kvk", "police"]) == data_fingerprint(store, ["police", "kvk"])
