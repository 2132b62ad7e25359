"""Engine and session factory for the operational store; migrations run on open.

>>> db = open_database("sqlite://")            # in memory, migrated to head
>>> with db.session() as session:              # commits on success, rolls back on error
...     pass
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from offensief.db.seal import INFO, AuditSeal, ephemeral_seal, workspace_seal
from offensief.model.errors import ConfigError
from offensief.store.workspace import Workspace

_SCHEMA = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass
class Database:
    """An engine plus a session factory. Pass sessions to the service functions."""

    engine: Engine
    factory: sessionmaker[Session]
    url: str
    schema: str | None = None
    seal: AuditSeal | None = None

    def bind_seal(self, seal: AuditSeal) -> None:
        """Sessions of this database chain audit entries with ``seal`` (key + anchor)."""
        self.seal = seal
        self.factory.configure(info={INFO: seal})

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block succeeds and rolls back otherwise."""
        session = self.factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """Create an engine; ``schema`` (PostgreSQL only) becomes the connection's search_path."""
    if schema is not None and not _SCHEMA.match(schema):
        raise ConfigError(f"invalid schema name {schema!r}")
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    if schema is not None:
        kwargs["connect_args"] = {"options": f"-csearch_path={schema}"}
    engine = create_engine(url, pool_pre_ping=True, **kwargs)
    if schema is not None:
        with create_engine(url, future=True).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    return engine


def upgrade(engine: Engine, *, revision: str = "head") -> None:
    """Bring the database to ``revision`` with the migrations shipped in this package."""
    config = Config()
    config.set_main_option("script_location", "offensief.db:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_database(url: str, *, schema: str | None = None, migrate: bool = True) -> Database:
    """Open the operational store at ``url`` and (by default) migrate it to the latest version."""
    try:
        engine = make_engine(url, schema=schema)
        if migrate:
            upgrade(engine)
    except ConfigError:
        raise
    except Exception as exc:  # connection refused, bad URL, …: one clear line
        raise ConfigError(f"cannot open the operational store {_redact(url)}: {exc}") from exc
    factory = sessionmaker(engine, expire_on_commit=False)
    database = Database(engine, factory, url, schema)
    database.bind_seal(ephemeral_seal())
    return database


def open_workspace_database(workspace: Workspace) -> Database:
    """The workspace's operational store (``$OFFENSIEF_DATABASE_URL`` or its SQLite file),
    its audit entries sealed with the workspace's audit key and anchored in its folder."""
    database = open_database(workspace.database_url)
    database.bind_seal(workspace_seal(workspace))
    return database


def _redact(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
