"""Patient SQLite connections for a multi-user server (write-ahead log, 30 s lock wait).

The audit chain takes the database write lock when it appends (``offensief.access.audit``);
concurrent requests then wait for it. Python's default wait is 5 s; a server waits up to
30 s before reporting the store busy. Requests commit their audit entries at once
(:meth:`offensief.api.deps.Context.audit`), so the lock is held only briefly.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

BUSY_TIMEOUT_MS = 30_000


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # write-ahead log: readers do not wait for the writer, and a commit is one append
    dbapi_connection.execute("PRAGMA journal_mode=WAL")
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


def patient_sqlite(engine: Engine) -> None:
    """Wait up to :data:`BUSY_TIMEOUT_MS` for SQLite's write lock (no-op elsewhere)."""
    if engine.dialect.name != "sqlite" or getattr(engine, "_offensief_patient", False):
        return
    event.listen(engine, "connect", _on_connect)
    engine.dispose()  # connections made before the listener must not be reused
    engine._offensief_patient = True  # type: ignore[attr-defined]
