"""A small world through the real ingest and resolution run, with the scored pairs then set
by hand (so a test says which records score as the same person) and re-clustered by the
resolution's own re-clustering (:func:`offensief.resolve.resolution.rerun_clusters`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.resolve.resolution import Judged, Options, rerun_clusters, resolve
from offensief.store.duckstore import Store
from tests.ingest.helpers import write_jsonl


def person(ident: str, name: str, birth: str) -> dict[str, Any]:
    return {"id": ident, "schema": "Person", "properties": {"name": [name], "birthDate": [birth]}}


def call(ident: str, caller: str, receiver: str, day: int) -> dict[str, Any]:
    return {"id": ident, "schema": "Call",
            "properties": {"caller": [caller], "receiver": [receiver], "date": [f"2025-01-{day:02d}"]}}


def load(store: Store, folder: Path, dataset: str, entities: list[dict[str, Any]]) -> None:
    store.add_dataset(Dataset.create(name=dataset, partner=dataset, regime="open", purpose="test",
                                     collected_at="2025-01-01"))
    write_jsonl(folder / f"{dataset}.jsonl", entities)
    ingest_file(store, dataset=dataset, path=folder / f"{dataset}.jsonl")


def score(store: Store, pairs: list[tuple[str, str, float]], *, judged: Judged | None = None) -> None:
    """Make ``pairs`` the stored person pairs and re-cluster (a new resolution run)."""
    store.con.execute("DELETE FROM resolve_edges WHERE kind = 'person'")
    store.con.executemany("INSERT INTO resolve_edges VALUES (?, ?, 'person', ?, 5.0, 'set-by-test')",
                          [(a, b, p) for a, b, p in pairs])
    rerun_clusters(store, judged=judged or Judged(), kinds=["person"])


def resolved(folder: Path, data: dict[str, list[dict[str, Any]]],
             pairs: list[tuple[str, str, float]], *, store: Store | None = None) -> Store:
    """A store (``store`` or a new one in memory) holding ``data`` (dataset -> entities),
    resolved, with ``pairs`` scored."""
    store = store or Store.memory()
    for dataset, entities in data.items():
        load(store, folder, dataset, entities)
    resolve(store, options=Options(kinds=("person",), max_pairs=1e4))
    score(store, pairs)
    return store


def police_world(folder: Path, *, store: Store | None = None) -> Store:
    """Dataset ``politie``: a star of calls around two records of one person (a1, a2);
    dataset ``brp`` (municipal register): brp-1, which scores as the same person as each of
    them, while a1 and a2 do not score as one on their own."""
    people = [person("a1", "Jan Jansen", "1980-01-01"), person("a2", "J. Jansen", "1980-01-01")]
    people += [person(f"x{i}", f"Persoon {i}", f"1990-01-0{i}") for i in range(1, 6)]
    calls = [("a1", "x1"), ("a1", "x2"), ("a2", "x3"), ("a2", "x4"), ("x4", "x5"), ("x1", "x2"),
             ("x3", "x5")]
    data = {"politie": people + [call(f"call{k}", s, t, k + 1) for k, (s, t) in enumerate(calls)],
            "brp": [person("brp-1", "Jan Jansen", "1980-01-01")]}
    return resolved(folder, data, [("a1", "brp-1", 0.99), ("a2", "brp-1", 0.98), ("a1", "a2", 0.6)],
                    store=store)
