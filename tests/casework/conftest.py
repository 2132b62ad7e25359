"""Fixtures for application-layer tests: the API test world (a workspace, partner users, one
case) and the access world's operational store on SQLite and PostgreSQL."""

from tests.access.conftest import db, session  # noqa: F401  (fixtures)
from tests.api.conftest import app, client, world_workspace  # noqa: F401  (fixtures)
