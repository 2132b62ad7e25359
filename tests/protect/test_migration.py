"""The 'protect' migration: its tables match the models, and it goes down and up again."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from offensief.db.models import metadata
from offensief.db.testing import temporary_database
from tests.protect.conftest import BACKENDS

TABLES = {t for t in metadata.tables if t.startswith("protect_")}


@pytest.mark.parametrize("backend", BACKENDS)
def test_protect_migration_matches_the_models_and_reverses(backend: str, tmp_path) -> None:
    with temporary_database(backend, directory=str(tmp_path)) as db:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert [d for d in diff if "protect_" in repr(d)] == []
        config = Config()
        config.set_main_option("script_location", "offensief.db:migrations")
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0001")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "protect")
        assert TABLES <= set(inspect(db.engine).get_table_names())
