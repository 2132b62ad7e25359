"""A handful of records never breaks resolution (the prior stays a probability)."""

from __future__ import annotations

from pathlib import Path

from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.resolve.canonical import clusters
from offensief.resolve.model import PRIOR_BOUNDS, _clamped
from offensief.resolve.resolution import resolve
from offensief.store.duckstore import Store
from tests.ingest.helpers import write_jsonl


def test_prior_outside_bounds_is_clamped() -> None:
    log: list[str] = []
    settings = _clamped({"probability_two_random_records_match": 1.7, "comparisons": []}, log)
    assert settings["probability_two_random_records_match"] == PRIOR_BOUNDS[1] and log


def test_five_people_resolve_without_error(tmp_path: Path) -> None:
    store = Store.memory()
    for name in ("a", "b"):
        store.add_dataset(Dataset.create(name=name, partner=name, regime="open", purpose="t", collected_at="2025-01-01"))
    people = [("Jan de Vries", "1988-07-03"), ("Mohammed el Idrissi", "1990-01-02"), ("Piet Jansen", "1970-05-06")]
    write_jsonl(tmp_path / "a.jsonl", [{"id": f"a{i}", "schema": "Person", "properties": {"name": [n], "birthDate": [d]}}
                                       for i, (n, d) in enumerate(people)])
    variants = [("J. de Vries", "1988-03-07"), ("Mohamed El-Idrissi", "1990-01-02")]
    write_jsonl(tmp_path / "b.jsonl", [{"id": f"b{i}", "schema": "Person", "properties": {"name": [n], "birthDate": [d]}}
                                       for i, (n, d) in enumerate(variants)])
    ingest_file(store, dataset="a", path=tmp_path / "a.jsonl")
    ingest_file(store, dataset="b", path=tmp_path / "b.jsonl")
    resolve(store)
    assert isinstance(clusters(store.con), list)
