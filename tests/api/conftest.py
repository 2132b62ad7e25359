"""Fixtures: a workspace with the small test world, users of several partners, one case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from offensief.access import actors
from offensief.access.actors import add_partner, add_user, get_actor
from offensief.cases import service
from offensief.db import open_workspace_database
from offensief.db.base import utcnow
from offensief.server import create_app
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.api.world import DATASETS, build_world

PASSWORD = "correct horse battery"
#: username -> (partner, partner kind, roles, member of the case)
USERS = {
    "ana": ("politie-rotterdam", "politie", ["analyst"], True),
    "gem": ("gemeente-rotterdam", "gemeente", ["analyst"], True),
    "fio": ("fiod", "fiod", ["investigator"], True),
    "out": ("politie-rotterdam", "politie", ["analyst"], False),
    "aud": ("rijksrecherche", "other", ["auditor"], False),
    "adm": ("riec-rotterdam", "riec", ["admin"], False),
}
CASE = "Operatie Zandloper"


@pytest.fixture(scope="session")
def world_workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Built once per session; tests that change it use their own app on a copy."""
    root = tmp_path_factory.mktemp("apiworld")
    ws = Workspace.init(root / "ws")
    with Store.open(ws) as store:
        build_world(store, root / "files")
    db = open_workspace_database(ws)
    with db.session() as session:
        for partner, kind in {(p, k) for p, k, _, _ in USERS.values()}:
            add_partner(session, name=partner, kind=kind)
        for username, (partner, _kind, roles, _member) in USERS.items():
            add_user(session, username=username, partner=partner, roles=roles, password=PASSWORD)
        ana = get_actor(session, "ana")
        case = service.create_case(session, name=CASE, level="regional", phenomenon="drugs",
                                   owner="politie-rotterdam", purpose="oprollen netwerk",
                                   legal_basis="RIEC convenant", actor=ana)
        for dataset in DATASETS:
            service.attach_dataset(session, case=case, dataset=dataset, actor=ana)
        for username, (*_, member) in USERS.items():
            if member and username != "ana":
                service.add_member(session, case=case, username=username, actor=ana)
    db.dispose()
    return ws


@pytest.fixture(scope="session")
def app(world_workspace: Workspace):
    application = create_app(world_workspace, workers=1)
    yield application


@pytest.fixture()
def client(app) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; return the session's CSRF token."""
    page = client.get("/login")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": csrf, "next": "/"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    home = client.get("/")
    return home.text.split('name="csrf_token" value="')[1].split('"')[0]


def bearer(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/auth/token", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def case_id(client: TestClient, headers: dict[str, str]) -> int:
    return next(c["id"] for c in client.get("/api/cases", headers=headers).json() if c["name"] == CASE)


@pytest.fixture
def one_instant(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Log-in and token attempts all happen at one instant (the clock of ``access.actors``
    stands still). The first back-off lasts one second after the last failure: on a loaded
    machine five slow password checks (argon2) can outlast it, and a test expecting 429 then
    gets 200. ``tests/access/test_lockout.py`` passes ``now=`` for the same reason."""
    now = utcnow()
    monkeypatch.setattr(actors, "utcnow", lambda: now)
    return now


from tests.api.owned import own  # noqa: F401 - a fixture: a copy of the world with its own app
