"""Every operational-store test runs on SQLite and on PostgreSQL (a fresh schema each)."""

from tests.operational import db, session  # noqa: F401  (fixtures)
