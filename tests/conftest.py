"""Shared fixtures: a fresh workspace with two partner datasets."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from offensief.model.dataset import Dataset
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

if TYPE_CHECKING:
    from playwright.sync_api import Browser

os.environ.setdefault("OMP_NUM_THREADS", "1")


@pytest.fixture()
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace.init(tmp_path / "ws")
    with Store.open(ws) as store:
        store.add_dataset(Dataset.create(name="politie-bvh", partner="politie", regime="wpg-9",
                                         purpose="onderzoek", collected_at="2025-01-01"))
        store.add_dataset(Dataset.create(name="bank", partner="bank", regime="wwft",
                                         purpose="meldingen", collected_at="2025-01-01"))
    return ws


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """The session's one headless Chromium (:mod:`tests.browser`: Playwright's sync API allows
    one driver at a time in a process)."""
    from tests.browser import launched

    with launched() as chromium:
        yield chromium


@pytest.fixture()
def store(workspace: Workspace):
    with Store.open(workspace) as s:
        yield s


#: The folders whose tests take longest (minutes each on 2 cores): run first, so that the other
#: workers share the rest and all finish together, not one worker alone at the end.
LONGEST_FIRST = ("spark", "web")


def _folder(nodeid: str) -> str:
    """``tests/api/test_x.py::test_y`` -> ``api`` (a file directly in tests/: its name)."""
    path = nodeid.split("::", 1)[0].split("/")
    return path[1] if len(path) > 1 and path[0] == "tests" else path[0]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest folders first (stable: the order within a folder is kept)."""
    items.sort(key=lambda item: _folder(item.nodeid) not in LONGEST_FIRST)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under pytest-xdist (``scripts/run-tests.sh``) a folder's tests run in one worker, in their
    order: its session and module fixtures (a demo world, a Spark session, a module's shared
    store) are built once, and a module's tests see each other's writes as in one process.
    (xdist's own ``--dist loadgroup`` renames test ids, which pytest 9 no longer allows.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ByFolder(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _folder(nodeid)

    return ByFolder(config, log)
