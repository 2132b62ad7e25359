"""The same app on the PostgreSQL operational store (a throw-away schema)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from offensief.access.actors import add_partner, add_user, get_actor
from offensief.access.audit import verify
from offensief.cases import service
from offensief.db.testing import temporary_database
from offensief.server import create_app
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.api.conftest import CASE, PASSWORD, bearer, case_id
from tests.api.world import DATASETS, KINGPIN, build_world

pytestmark = pytest.mark.postgres


def test_api_on_postgresql(tmp_path: Path) -> None:
    ws = Workspace.init(tmp_path / "ws")
    with Store.open(ws) as store:
        build_world(store, tmp_path / "files")
    manager = temporary_database("postgresql")  # keep a reference: its exit drops the schema
    try:
        database = manager.__enter__()
    except Exception as exc:  # no server: say so instead of passing silently  # noqa: BLE001
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is not reachable: {exc}")
    try:
        with database.session() as session:
            add_partner(session, name="politie", kind="politie")
            add_partner(session, name="gemeente", kind="gemeente")
            add_user(session, username="ana", partner="politie", roles=["analyst"], password=PASSWORD)
            add_user(session, username="gem", partner="gemeente", roles=["analyst"], password=PASSWORD)
            case = service.create_case(session, name=CASE, level="regional", phenomenon="drugs",
                                       owner="politie", purpose="p", legal_basis="b",
                                       actor=get_actor(session, "ana"))
            for dataset in DATASETS:
                service.attach_dataset(session, case=case, dataset=dataset)
            service.add_member(session, case=case, username="gem")
        app = create_app(ws, database=database, workers=1)
        with TestClient(app, raise_server_exceptions=False) as client:
            ana, gem = bearer(client, "ana"), bearer(client, "gem")
            cid = case_id(client, ana)
            assert client.get(f"/api/cases/{cid}/entities/p0", headers=ana).json()["caption"] == KINGPIN
            theirs = client.get(f"/api/cases/{cid}/entities/p0", headers=gem)
            assert theirs.status_code == 200 and KINGPIN not in theirs.text
            missing = client.get("/api/cases/999", headers=ana)
            assert missing.json()["error"]["code"] == "not_found"
        with database.session() as session:
            assert verify(session).ok
    finally:
        manager.__exit__(None, None, None)
