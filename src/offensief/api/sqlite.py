"""Safe concurrent requests on the SQLite operational store.

The audit chain reads its head and appends under ``SELECT … FOR UPDATE``, which SQLite
ignores: two concurrent requests could read the same head and collide. A server therefore
starts every SQLite transaction with ``BEGIN IMMEDIATE`` (the write lock is taken at the
start, so transactions run one after another) and waits up to 30 s for the lock. PostgreSQL
locks the head row itself and needs none of this.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

BUSY_TIMEOUT_MS = 30_000


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # let SQLAlchemy's begin event issue BEGIN
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def serialise_sqlite(engine: Engine) -> None:
    """Make transactions on a SQLite engine take the write lock at BEGIN (no-op elsewhere)."""
    if engine.dialect.name != "sqlite" or getattr(engine, "_offensief_serialised", False):
        return
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    engine.dispose()  # connections made before the listeners must not be reused
    engine._offensief_serialised = True  # type: ignore[attr-defined]
