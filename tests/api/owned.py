"""A fixture for tests that change the API world: a copy of it with its own app."""

from __future__ import annotations

import itertools
import shutil

import pytest
from fastapi.testclient import TestClient

from offensief.server import create_app
from offensief.store.workspace import Workspace
from tests.api.waiting import job_done

_SOURCES = itertools.count(1)


@pytest.fixture
def own(world_workspace, tmp_path, monkeypatch):
    """(workspace, client) on a copy of the API world, from a client address of its own (the
    login back-off counts per source: other tests' failures must not slow this one down)."""
    monkeypatch.delenv("OFFENSIEF_DATABASE_URL", raising=False)
    shutil.copytree(world_workspace.root, tmp_path / "ws")
    ws = Workspace.open(tmp_path / "ws")
    n = next(_SOURCES)
    with TestClient(create_app(ws, workers=1), raise_server_exceptions=False,
                    client=(f"10.77.{n // 250}.{n % 250 + 1}", 50000)) as client:
        yield ws, client


def wait_job(client: TestClient, job_id: str, headers: dict[str, str]) -> dict:
    """The job once it has ended (waited for on its future, see tests/api/waiting.py)."""
    return job_done(client, job_id, headers)
