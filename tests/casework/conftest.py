"""The API test world (a workspace, partner users, one case) for application-layer tests."""

from tests.api.conftest import app, client, world_workspace  # noqa: F401  (fixtures)
