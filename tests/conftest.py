"""Shared fixtures: a fresh workspace with two partner datasets."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (``scripts/run-tests.sh``, ``--dist loadgroup``) a folder's tests run in
    one worker: its session fixtures (a demo world, a Spark session, a browser) are built once."""
    here = Path(__file__).parent
    folder = {item.nodeid: Path(str(item.path)).relative_to(here).parts[0] for item in items}
    for item in items:
        item.add_marker(pytest.mark.xdist_group(folder[item.nodeid]))
    items.sort(key=lambda item: folder[item.nodeid] not in LONGEST_FIRST)  # stable: order kept within
