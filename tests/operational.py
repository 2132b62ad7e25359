"""The operational store for tests: every test that asks for ``db`` or ``session`` runs on
SQLite and on PostgreSQL (a fresh schema each). A conftest imports the fixtures it serves."""

from __future__ import annotations

import pytest

from offensief.db.testing import temporary_database

#: PostgreSQL runs are marked ``postgres`` (select or skip them with ``-m``).
BACKENDS = [pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path):
    with temporary_database(request.param, directory=str(tmp_path)) as database:
        yield database


@pytest.fixture
def session(db):
    with db.session() as s:
        yield s
