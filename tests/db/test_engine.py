"""The operational store opens, migrates to head idempotently and is isolated per schema."""

from __future__ import annotations

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from offensief.db.engine import open_database, upgrade
from offensief.db.models import metadata
from offensief.db.testing import schema_url
from offensief.model.errors import ConfigError


def head() -> str:
    """The one head revision of the shipped migrations (branches must be chained)."""
    config = Config()
    config.set_main_option("script_location", "offensief.db:migrations")
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, heads
    return heads[0]


def test_migrations_create_every_model_table(db):
    tables = set(inspect(db.engine).get_table_names())
    assert set(metadata.tables) <= tables
    assert "alembic_version" in tables
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head()
        assert conn.execute(text("SELECT seq, hash FROM audit_head")).one() == (0, "0" * 64)


def test_upgrade_twice_is_harmless(db):
    upgrade(db.engine)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_head")).scalar() == 1


def test_reopen_by_url(db):
    again = open_database(db.url, schema=None)
    try:
        assert set(metadata.tables) <= set(inspect(again.engine).get_table_names())
    finally:
        again.dispose()


def test_bad_url_is_a_config_error():
    with pytest.raises(ConfigError, match="operational store"):
        open_database("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")


def test_schema_url_quotes_search_path():
    assert schema_url("postgresql+psycopg://p@h/test", "t_1").endswith("options=-csearch_path%3Dt_1")
