"""A fingerprint of the data an analysis reads: the visible datasets and their loads."""

from __future__ import annotations

import hashlib

from offensief.store.duckstore import Store


def data_fingerprint(store: Store, datasets: list[str]) -> str:
    """Changes whenever a visible dataset gains a load, or the set of datasets changes."""
    names = sorted(datasets)
    loads: list[tuple[str, str]] = []
    if names:
        marks = ", ".join("?" for _ in names)
        loads = [(r[0], r[1]) for r in store.con.execute(
            f"SELECT dataset, id FROM loads WHERE dataset IN ({marks}) ORDER BY dataset, id", names
        ).fetchall()]
    blob = "|".join(names) + "#" + ";".join(f"{d}:{i}" for d, i in loads)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]
