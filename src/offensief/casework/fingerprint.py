"""A fingerprint of the data an analysis reads: the visible datasets, their loads, and the
entity-resolution runs (which decide the canonical ids every analysis groups by)."""

from __future__ import annotations

import hashlib

from offensief.resolve.canonical import has_results
from offensief.store.duckstore import Store


def data_fingerprint(store: Store, datasets: list[str]) -> str:
    """Changes whenever a visible dataset gains a load, the set of datasets changes, or
    entity resolution runs again (a full run, ``--new``, or re-clustering after a judgement)."""
    names = sorted(datasets)
    loads: list[tuple[str, str]] = []
    if names:
        marks = ", ".join("?" for _ in names)
        loads = [(r[0], r[1]) for r in store.con.execute(
            f"SELECT dataset, id FROM loads WHERE dataset IN ({marks}) ORDER BY dataset, id", names
        ).fetchall()]
    runs: list[str] = []
    if has_results(store.con):
        runs = [r[0] for r in store.con.execute(
            "SELECT DISTINCT run_id FROM resolve_runs ORDER BY run_id").fetchall()]
    blob = "|".join(names) + "#" + ";".join(f"{d}:{i}" for d, i in loads) + "#" + ",".join(runs)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]
