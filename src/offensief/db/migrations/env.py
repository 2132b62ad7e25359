"""Alembic environment: runs on the connection handed over by ``offensief.db.engine.upgrade``."""

from alembic import context

from offensief.db.models import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through offensief.db.engine.upgrade()")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
