"""Throw-away operational stores for tests, on SQLite or PostgreSQL (one schema each).

>>> with temporary_database("sqlite") as db:      # doctest: +SKIP
...     with db.session() as session: ...
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from sqlalchemy import create_engine, text

from offensief.db.engine import Database, open_database

#: The PostgreSQL server the test suite uses (``$OFFENSIEF_TEST_POSTGRES_URL`` overrides).
POSTGRES_URL = os.environ.get(
    "OFFENSIEF_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ("sqlite", "postgresql")


def schema_url(url: str, schema: str) -> str:
    """A PostgreSQL URL whose connections use ``schema`` (for ``OFFENSIEF_DATABASE_URL``)."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def temporary_database(backend: str, *, directory: str | None = None) -> Iterator[Database]:
    """A migrated, empty operational store; dropped afterwards.

    ``sqlite`` uses a file in ``directory`` (or memory); ``postgresql`` a fresh schema named
    ``t_<random>``, so parallel test runs never see each other. ``Database.url`` of the
    PostgreSQL variant already selects the schema (usable as ``OFFENSIEF_DATABASE_URL``).
    """
    if backend == "sqlite":
        url = f"sqlite:///{directory}/ops-{uuid.uuid4().hex[:8]}.sqlite" if directory else "sqlite://"
        db = open_database(url)
        try:
            yield db
        finally:
            db.dispose()
        return
    if backend != "postgresql":
        raise ValueError(f"unknown backend {backend!r}; known: {', '.join(BACKENDS)}")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    db = open_database(POSTGRES_URL, schema=schema)
    db.url = schema_url(POSTGRES_URL, schema)
    try:
        yield db
    finally:
        db.dispose()
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
