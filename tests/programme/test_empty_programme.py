"""Before any budget is loaded, the controller's programme page and API answer with zeros
(they failed with a server error when the money table was empty)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from offensief.access import actors
from offensief.programme.control import totals
from offensief.server import create_app
from offensief.store.workspace import Workspace

PASSWORD = "correct horse battery staple"


def test_totals_of_an_empty_table_are_zero():
    assert set(totals([]).values()) == {"0.00"}
    assert {"budget_eur", "committed_eur", "spent_eur", "spent_in_period_eur"} <= set(totals([]))


def test_programme_page_and_api_with_nothing_loaded(tmp_path: Path):
    ws = Workspace.init(tmp_path / "ws")
    with TestClient(create_app(ws, workers=1)) as client:
        with client.app.state.db.session() as s:
            actors.add_partner(s, name="min", kind="ministerie", title="Ministerie")
            actors.add_user(s, username="cora", partner="min", roles=["controller"],
                            password=PASSWORD)
            s.commit()
        token = client.post("/api/auth/token",
                            json={"username": "cora", "password": PASSWORD}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        api = client.get("/api/programme", headers=auth)
        assert api.status_code == 200, api.text
        assert api.json()["totals"]["budget_eur"] == "0.00"
        page = client.get("/programme", headers=auth)
        assert page.status_code == 200, page.text[:500]
        assert "€ 0,00" in page.text
