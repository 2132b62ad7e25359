"""Every operational-store test runs on SQLite and on PostgreSQL (a fresh schema each)."""

from __future__ import annotations

import pytest

from offensief.db.testing import temporary_database
from tests.access.world import build
from tests.api.conftest import app, client, world_workspace  # noqa: F401  (the API world, for derived no-leak tests)
from tests.operational import BACKENDS, db, session  # noqa: F401  (fixtures)


@pytest.fixture(scope="module", params=BACKENDS)
def shared_world(request, tmp_path_factory):
    """One world per test module and backend, for tests that only read (and audit)."""
    directory = str(tmp_path_factory.mktemp("shared"))
    with temporary_database(request.param, directory=directory) as database, \
            database.session() as s:
        world = build(s)
        yield world, s
        world.store.close()
