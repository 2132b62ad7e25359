"""A demo world for the prevention tests: the generated partner data (seed 7, small), the demo
users and case, and the demo's area data with the store indicators computed from it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from offensief.cases.seed import seed_demo_workspace
from offensief.demo.generator import generate
from offensief.ingest import ingest_manifest
from offensief.prevent.seed import seed_prevention_workspace
from offensief.server import create_app
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.api.server import running

SOURCE_ID = re.compile(r"\b(bvh|brp|kad|bank|kvk|tel|cdr)-[a-z]+-\d{4,}")


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("prevent")
    data = generate(seed=7, size="small", out=root / "data")
    ws = Workspace.init(root / "ws")
    with Store.open(ws) as store:
        ingest_manifest(store, data.out / "datasets.json")
    seed_demo_workspace(ws)
    seed_prevention_workspace(ws)
    return ws


@pytest.fixture(scope="session")
def people(world: Workspace) -> tuple[set[str], set[str]]:
    """Every person's name (6+ characters) and entity id in the world's store."""
    with Store.open(world) as store:
        names = {v for (v,) in store.con.execute(
            "SELECT DISTINCT value FROM statements WHERE schema = 'Person' AND prop = 'name'").fetchall()}
        ids = {v for (v,) in store.con.execute(
            "SELECT DISTINCT entity_id FROM statements WHERE schema = 'Person'").fetchall()}
    return {n for n in names if len(n) >= 6}, ids


def assert_no_person(text: str, people: tuple[set[str], set[str]]) -> None:
    """No name or entity id of any person in ``text``."""
    names, ids = people
    assert not SOURCE_ID.search(text), SOURCE_ID.search(text)
    leaked = [n for n in names if n in text] + [i for i in ids if i in text]
    assert not leaked, leaked[:5]


@pytest.fixture(scope="session")
def served(world: Workspace) -> Iterator[str]:
    with running(create_app(world, workers=2)) as url:
        yield url
