"""The case's results page and the controller's programme page in Chromium, plus the API:
the controller sees aggregates and never a person, an entity id or a case (API, web, CLI)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
import typer
from playwright.sync_api import Browser, Page, expect

from offensief.server import create_app
from offensief.cases.seed import DEMO_CASE, demo_password
from offensief.cli.app import app as root_app
from offensief.store.workspace import Workspace
from tests.api.server import running
from tests.programme.world import build
from tests.web.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, object]:
    return build(tmp_path_factory.mktemp("results"))


@pytest.fixture(scope="module")
def url(world) -> Iterator[str]:
    with running(create_app(world[0], workers=1)) as base:
        yield base


@pytest.fixture()
def tab(browser: Browser, url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=url, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def token(url: str, user: str) -> dict[str, str]:
    r = httpx.post(f"{url}/api/auth/token", json={"username": user,
                                                   "password": demo_password(user)})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def case_id(url: str, user: str = "politie") -> int:
    cases = httpx.get(f"{url}/api/cases", headers=token(url, user)).json()
    return next(c["id"] for c in cases if c["name"] == DEMO_CASE)


def test_results_page_shows_interventions_afpakken_and_the_chart(tab: Page, url: str, world):
    log_in(tab, "politie")
    tab.goto(f"/cases/{case_id(url)}/results")
    rows = tab.locator("[data-testid=interventions] tbody tr")
    expect(rows).to_have_count(24)
    expect(tab.locator("[data-testid=interventions] tr[data-status=result]")).to_have_count(24)
    expect(tab.get_by_test_id("seized")).not_to_have_text("€ 0,00")
    expect(tab.get_by_test_id("effect-chart")).to_have_attribute("data-ready", "1")
    assert tab.locator("[data-testid=effect-chart] svg").count() == 1
    expect(tab.locator("[data-testid=params] tbody tr")).to_have_count(6)
    expect(tab.locator("nav a[href='/programme']")).to_have_count(0)  # no programme for analysts
    shot(tab, "case-results")


def test_programme_page_for_the_controller(tab: Page, url: str):
    log_in(tab, "controller")
    tab.get_by_test_id("nav-programme").click()
    tab.wait_for_url("**/programme")
    expect(tab.locator("[data-testid=money-table] tbody tr")).to_have_count(7)
    expect(tab.get_by_test_id("money-chart")).to_have_attribute("data-ready", "1")
    expect(tab.get_by_test_id("funnel-chart")).to_have_attribute("data-ready", "1")
    expect(tab.get_by_test_id("money")).to_contain_text("€ 110.000.000,00")
    text = tab.locator("main").inner_text() if tab.locator("main").count() else tab.content()
    assert DEMO_CASE not in text and "person-0" not in text
    shot(tab, "programme")
    tab.goto("/cases")
    assert DEMO_CASE not in tab.content()


def test_controller_gets_no_case_level_data_from_the_api(url: str, world):
    controller = token(url, "controller")
    cid = case_id(url)
    for path in (f"/api/cases/{cid}/results", f"/api/cases/{cid}/interventions"):
        r = httpx.get(url + path, headers=controller)
        assert r.status_code == 404 and DEMO_CASE not in r.text
    r = httpx.get(f"{url}/cases/{cid}/results", headers=controller)
    assert r.status_code in (403, 404) and "person-0" not in r.text
    case_level = httpx.get(f"{url}/api/kpi?level=case", headers=controller).json()
    assert case_level["groups"] == []
    for path in ("/api/kpi?level=national", "/api/kpi?level=region",
                 "/api/programme?period=2021Q2"):
        r = httpx.get(url + path, headers=controller)
        assert r.status_code == 200
        assert "person-0" not in r.text and "later-person" not in r.text
        assert DEMO_CASE not in r.text
    for removed in world[1].removed:
        assert removed not in r.text


def test_others_may_not_read_the_programme(url: str):
    for user in ("politie", "gemeente", "auditor"):
        r = httpx.get(f"{url}/api/programme?period=2020Q4", headers=token(url, user))
        assert r.status_code == 403
        assert httpx.get(f"{url}/programme", headers=token(url, user)).status_code == 403


def test_cli_as_the_controller(world, tmp_path, monkeypatch):
    ws = world[0]
    monkeypatch.setenv("OFFENSIEF_PASSWORD", demo_password("controller"))
    root = typer.main.get_command(root_app)
    out = tmp_path / "kpi.json"
    root.main(["kpi", "--level", "region", "--json", str(out), "--as", "controller",
               "--workspace", str(ws.root)], standalone_mode=False)
    data = json.loads(out.read_text())
    assert [g["key"] for g in data["groups"]] == ["Rotterdam"]
    assert "person-0" not in out.read_text()
    root.main(["programme", "report", "--period", "2021Q2", "--out", str(tmp_path / "vr.pdf"),
               "--as", "controller", "--workspace", str(ws.root)], standalone_mode=False)
    markdown = (tmp_path / "vr.md").read_text()
    assert "person-0" not in markdown and DEMO_CASE not in markdown
    assert (tmp_path / "vr.pdf").stat().st_size > 10_000
    with pytest.raises(Exception, match="member"):
        root.main(["results", "--case", DEMO_CASE, "--json", str(tmp_path / "r.json"), "--as",
                   "controller", "--workspace", str(ws.root)], standalone_mode=False)


def test_the_responsible_partner_moves_an_intervention_on_the_page(tab: Page, url: str):
    """politie proposes a closure (API); the municipality approves and executes it on the
    page; politie, the proposer, is offered only to cancel it."""
    cid = case_id(url)
    r = httpx.post(f"{url}/api/cases/{cid}/interventions", headers=token(url, "politie"),
                   json={"kind": "administrative", "instrument": "closure-13b",
                         "partner": "gemeente", "region": "Rotterdam",
                         "subjects": [{"entity_id": "person-000478"}], "on": "2020-11-01"})
    assert r.status_code == 201, r.text
    iid = r.json()["id"]
    log_in(tab, "politie")
    tab.goto(f"/cases/{cid}/results")
    expect(tab.get_by_test_id(f"move-{iid}-cancelled")).to_have_count(1)
    expect(tab.get_by_test_id(f"move-{iid}-approved")).to_have_count(0)  # four eyes
    tab.context.clear_cookies()
    log_in(tab, "gemeente")
    tab.goto(f"/cases/{cid}/results")
    form = tab.get_by_test_id(f"move-{iid}-approved")
    form.locator("input[name=on]").fill("2020-10-01")  # before the proposal: refused
    form.locator("button").click()
    expect(tab.get_by_test_id("error")).to_contain_text("before the previous step")
    tab.goto(f"/cases/{cid}/results")
    form = tab.get_by_test_id(f"move-{iid}-approved")
    form.locator("input[name=on]").fill("2020-11-05")
    form.locator("button").click()
    tab.wait_for_url(f"**/cases/{cid}/results")
    expect(tab.get_by_test_id(f"move-{iid}-executed")).to_have_count(1)
    items = httpx.get(f"{url}/api/cases/{cid}/interventions", headers=token(url, "gemeente"))
    moved = next(i for i in items.json() if i["id"] == iid)
    assert (moved["status"], moved["approved_by"], moved["approved_on"]) == (
        "approved", "gemeente", "2020-11-05")
    shot(tab, "case-results-move")
