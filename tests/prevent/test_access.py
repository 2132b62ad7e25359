"""The prevention officer and the controller never obtain person-level data: not through the
API, the CLI, the web pages or exports; prevention outputs are aggregates only, and the
controller cannot read them at all."""

from __future__ import annotations

import httpx
import pytest
import typer
from sqlalchemy import select

from offensief.cases.seed import demo_password
from offensief.cli.app import app as root_app
from offensief.db.cases import Case
from offensief.db.engine import open_workspace_database
from offensief.model.errors import AuthenticationError, NotFound, PermissionDenied
from tests.prevent.conftest import assert_no_person

ROLES = ("preventie", "controller")


def token(base: str, user: str) -> dict[str, str]:
    r = httpx.post(f"{base}/api/auth/token", json={"username": user, "password": demo_password(user)})
    return {"Authorization": f"Bearer {r.json()['token']}"}


def web(base: str, user: str) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=True, timeout=60)
    page = client.get("/login")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0] if 'name="csrf_token"' in page.text else ""
    client.post("/login", data={"username": user, "password": demo_password(user), "csrf_token": csrf})
    return client


@pytest.fixture(scope="module")
def case_id(world) -> int:
    db = open_workspace_database(world)
    try:
        with db.session() as s:
            return s.scalar(select(Case.id))
    finally:
        db.dispose()


@pytest.mark.parametrize("user", ROLES)
def test_api_gives_no_person_level_data(served, user, case_id, people):
    h = token(served, user)
    assert httpx.get(f"{served}/api/cases", headers=h).json() == []  # member of no case
    for path in ("", "/network", "/network/roles", "/finance/alerts", "/finance/assets",
                 "/entities/brp-p-0000182", "/disrupt/plan"):
        r = httpx.get(f"{served}/api/cases/{case_id}{path}", headers=h, timeout=60)
        assert r.status_code in (403, 404), (path, r.status_code)
        assert_no_person(r.text, people)
    r = httpx.post(f"{served}/api/cases/{case_id}/hit", headers=h, json={"value": "Dirk Bakker"})
    assert r.status_code in (403, 404, 422)


def test_prevention_outputs_are_aggregates(served, people):
    h = token(served, "preventie")
    for path in ("/api/prevent/indicators", "/api/prevent/map.svg?indicator=residents_network",
                 "/api/prevent/tracks", "/api/prevent/campaigns", "/api/prevent/campaigns/1/effect",
                 "/api/prevent/sectors"):
        r = httpx.get(f"{served}{path}", headers=h, timeout=120)
        assert r.status_code == 200, (path, r.text[:200])
        assert_no_person(r.text, people)
    data = httpx.get(f"{served}/api/prevent/indicators", headers=h, timeout=120).json()
    keys = {t["indicator"] for t in data["indicators"]}
    assert {"residents_network", "cash_businesses", "drug_incidents"} <= keys  # (purchases need resolution)
    for table in data["indicators"]:
        for row in table["rows"]:
            for cell in row["cells"]:
                assert cell["value"] is None or cell["value"] >= data["threshold"]
                assert (cell["value"] is None) == (cell["reason"] != "published")


def test_controller_cannot_read_prevention(served):
    h = token(served, "controller")
    for path in ("/api/prevent/indicators", "/api/prevent/tracks", "/api/prevent/campaigns", "/api/prevent/sectors",
                 "/api/prevent/campaigns/1/effect", "/api/prevent/map.svg?indicator=drug_incidents"):
        r = httpx.get(f"{served}{path}", headers=h)
        assert r.status_code == 403 and r.json()["error"]["code"] == "permission_denied"
    r = httpx.post(f"{served}/api/prevent/tracks", headers=h, json={
        "area": "GM0599", "track": "work", "kind": "job_track", "title": "x", "start": "2025-01-01"})
    assert r.status_code == 403


@pytest.mark.parametrize("user", ROLES)
def test_web_pages_give_no_person_level_data(served, user, case_id, people):
    client = web(served, user)
    try:
        home = client.get("/")
        assert ("/prevent" in home.text) == (user == "preventie")  # nav entry only for who may
        for path in (f"/cases/{case_id}", f"/cases/{case_id}/roles", f"/cases/{case_id}/finance",
                     f"/cases/{case_id}/entities/brp-p-0000182", f"/cases/{case_id}/settings"):
            r = client.get(path)
            assert r.status_code in (403, 404), (path, r.status_code)
            assert_no_person(r.text, people)
        for path in ("/prevent", "/prevent?indicator=residents_network&level=buurt", "/prevent/tracks",
                     "/prevent?indicator=cash_businesses",
                     "/prevent/campaigns", "/prevent/campaigns/1"):
            r = client.get(path)
            assert r.status_code == (200 if user == "preventie" else 403), (path, r.status_code)
            assert_no_person(r.text, people)
    finally:
        client.close()


def run(args: list[str], world, user: str, monkeypatch) -> None:
    monkeypatch.setenv("OFFENSIEF_PASSWORD", demo_password(user))
    typer.main.get_command(root_app).main([*args, "--as", user, "--workspace", str(world.root)],
                                          standalone_mode=False)


@pytest.mark.parametrize("user", ROLES)
def test_cli_and_exports_give_no_person_level_data(world, user, tmp_path, monkeypatch, people):
    # not a member: refused like an unknown case, as the API does (casework.casegraph.export_view)
    with pytest.raises(NotFound):
        run(["case", "export", "Operatie Zandloper", "--json", str(tmp_path / "x.json")], world, user, monkeypatch)
    assert not (tmp_path / "x.json").exists()
    if user == "controller":
        for args in (["area", "indicators", "--json", str(tmp_path / "a.json")],
                     ["area", "map", "drug_incidents", "--out", str(tmp_path / "m.svg")],
                     ["campaign", "effect", "1", "--json", str(tmp_path / "e.json")]):
            with pytest.raises(PermissionDenied):
                run(args, world, user, monkeypatch)
        assert not list(tmp_path.iterdir())
        return
    run(["area", "indicators", "--json", str(tmp_path / "a.json")], world, user, monkeypatch)
    run(["area", "map", "residents_network", "--out", str(tmp_path / "m.svg")], world, user, monkeypatch)
    run(["campaign", "effect", "1", "--json", str(tmp_path / "e.json")], world, user, monkeypatch)
    run(["prevention", "track", "list", "--json", str(tmp_path / "t.json")], world, user, monkeypatch)
    run(["area", "sectors", "--json", str(tmp_path / "s.json")], world, user, monkeypatch)
    for path in tmp_path.iterdir():
        assert_no_person(path.read_text(encoding="utf-8"), people)


def test_cli_needs_a_user(world):
    with pytest.raises(AuthenticationError, match="--as"):
        typer.main.get_command(root_app).main(["area", "indicators", "--workspace", str(world.root)],
                                              standalone_mode=False)
