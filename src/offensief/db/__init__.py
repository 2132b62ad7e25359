"""The operational store: SQLAlchemy 2 models and Alembic migrations (SQLite or PostgreSQL)."""

from offensief.db.engine import Database, open_database, open_workspace_database

__all__ = ["Database", "open_database", "open_workspace_database"]
