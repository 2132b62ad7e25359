"""The case's results page and the controller's programme page in Chromium, plus the API:
the controller sees aggregates and never a person, an entity id or a case (API, web, CLI)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
import typer
from playwright.sync_api import Browser, Page, expect

from offensief.cases.seed import DEMO_CASE, demo_password
from offensief.cli.app import app as root_app
from offensief.server import create_app
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


def submit(tab: Page, form) -> int:
    """Submit ``form`` and wait for the answer to its POST (the page's status)."""
    with tab.expect_response(lambda r: r.request.method == "POST") as answer:
        form.locator("button[type=submit]").click()
    tab.wait_for_load_state()
    return answer.value.status


def _interventions(url: str, cid: int, user: str = "politie") -> list[dict]:
    r = httpx.get(f"{url}/api/cases/{cid}/interventions", headers=token(url, user))
    assert r.status_code == 200, r.text
    return r.json()


def test_propose_on_the_page_from_the_case_entities(tab: Page, url: str):
    """The subjects are offered from the case's visible entities (by name); a forged id is
    refused by the casework check on the page and on the API alike; CSRF is required."""
    cid = case_id(url)
    before = {i["id"] for i in _interventions(url, cid)}
    log_in(tab, "politie")
    tab.goto(f"/cases/{cid}/results")
    form = tab.get_by_test_id("propose-form")
    options = form.locator("select[name=subject] option")
    assert options.count() > 10
    offered = options.evaluate_all("os => os.map(o => [o.value, o.textContent])")
    assert sum(not label.startswith(value) for value, label in offered) > 10  # by name
    persons = [value for value, label in offered if label.strip().endswith("(person)")]
    assert len(persons) > 10, offered[:5]
    chosen = persons[:2]
    form.locator("select[name=barrier]").select_option("administrative:closure-13b")
    form.locator("select[name=partner]").select_option("gemeente")
    form.locator("select[name=region]").select_option("Rotterdam")
    form.locator("select[name=subject]").select_option(chosen)
    form.locator("input[name=on]").fill("2020-11-10")
    assert submit(tab, form) == 303
    expect(tab.get_by_test_id("error")).to_have_count(0)
    new = [i for i in _interventions(url, cid) if i["id"] not in before]
    assert len(new) == 1
    made = new[0]
    assert (made["instrument"], made["partner"], made["status"], made["proposed_on"]) == (
        "closure-13b", "gemeente", "proposed", "2020-11-10")
    assert made["legal_basis"].startswith("art. 13b Opiumwet")
    assert sorted(s["entity_id"] for s in made["subjects"]) == sorted(chosen)
    # a forged option: the page shows the casework's refusal and keeps nothing
    form = tab.get_by_test_id("propose-form")
    form.locator("select[name=barrier]").select_option("criminal:arrest")
    form.locator("select[name=partner]").select_option("politie")
    form.locator("select[name=subject]").evaluate(
        "s => s.add(new Option('x', 'person-forged-1', true, true))")
    assert submit(tab, form) == 400
    expect(tab.get_by_test_id("error")).to_contain_text("person-forged-1")
    r = httpx.post(f"{url}/api/cases/{cid}/interventions", headers=token(url, "politie"),
                   json={"kind": "criminal", "instrument": "arrest", "partner": "politie",
                         "region": "Rotterdam", "subjects": [{"entity_id": "person-forged-2"}]})
    assert r.status_code == 400 and r.json()["error"]["details"]["field"] == "subject"
    assert len(_interventions(url, cid)) == len(before) + 1
    # the form needs the page's CSRF token
    r = tab.request.post(f"/cases/{cid}/results/propose", form={
        "barrier": "criminal:arrest", "partner": "politie", "region": "Rotterdam",
        "subject": chosen[0]})
    assert r.status == 403
    assert len(_interventions(url, cid)) == len(before) + 1
    shot(tab, "case-results-propose")


def test_seizure_and_amounts_on_the_page(tab: Page, url: str):
    cid = case_id(url)
    done = [i for i in _interventions(url, cid)
            if i["partner"] == "politie" and i["status"] in ("executed", "result")]
    target = done[0]
    log_in(tab, "politie")
    tab.goto(f"/cases/{cid}/results")
    seized = tab.get_by_test_id("seized").inner_text()
    form = tab.get_by_test_id("seize-form")
    form.locator("select[name=intervention]").select_option(str(target["id"]))
    form.locator("select[name=kind]").select_option("cash")
    form.locator("input[name=value]").fill("1234,56")
    form.locator("input[name=description]").fill("cash in a shoebox")
    assert submit(tab, form) == 303
    expect(tab.get_by_test_id("seized")).not_to_have_text(seized)
    after = next(i for i in _interventions(url, cid) if i["id"] == target["id"])
    assert [x["value_eur"] for x in after["items"]].count("1234.56") == 1
    # a weapon without its serial number is refused, with the field
    form = tab.get_by_test_id("seize-form")
    form.locator("select[name=intervention]").select_option(str(target["id"]))
    form.locator("select[name=kind]").select_option("weapon")
    assert submit(tab, form) == 400
    expect(tab.get_by_test_id("error")).to_contain_text("identifier")
    # a confiscation order by the responsible partner; a bad amount names its problem
    form = tab.get_by_test_id("money-form")
    form.locator("select[name=intervention]").select_option(str(target["id"]))
    form.locator("select[name=stage]").select_option("ontneming")
    form.locator("input[name=amount]").fill("12.345")
    assert submit(tab, form) == 400
    expect(tab.get_by_test_id("error")).to_contain_text("amount")
    form = tab.get_by_test_id("money-form")
    form.locator("select[name=intervention]").select_option(str(target["id"]))
    form.locator("select[name=stage]").select_option("ontneming")
    form.locator("input[name=amount]").fill("500.00")
    form.locator("input[name=reference]").fill("ONT-PAGE-1")
    assert submit(tab, form) == 303
    after = next(i for i in _interventions(url, cid) if i["id"] == target["id"])
    assert any(m["reference"] == "ONT-PAGE-1" and m["amount_eur"] == "500.00"
               for m in after["money"])
    # the municipality may not record a seizure on a police intervention: denied on the page
    tab.context.clear_cookies()
    log_in(tab, "gemeente")
    tab.goto(f"/cases/{cid}/results")
    form = tab.get_by_test_id("seize-form")
    form.locator("select[name=intervention]").select_option(str(target["id"]))
    form.locator("input[name=value]").fill("99")
    assert submit(tab, form) == 403
    expect(tab.get_by_test_id("error")).to_contain_text("denied")
    after = next(i for i in _interventions(url, cid) if i["id"] == target["id"])
    assert len(after["items"]) == len(target["items"]) + 1
    shot(tab, "case-results-record")


def test_budget_and_spending_upload_through_the_api(url: str, world):
    from offensief.casework.scenario import DATA

    controller = token(url, "controller")
    before = httpx.get(f"{url}/api/programme?period=2021Q2", headers=controller).json()
    budget = (DATA / "budget-2020.csv").read_bytes()
    spending = (DATA / "spending-2020.csv").read_bytes()
    r = httpx.post(f"{url}/api/programme/budget", headers=controller,
                   files={"file": ("budget-2020.csv", budget, "text/csv")})
    assert r.status_code == 201, r.text
    assert (r.json()["rows"], r.json()["total_eur"], r.json()["replaced"]) == (
        18, "110000000.00", 18)
    r = httpx.post(f"{url}/api/programme/spending", headers=controller,
                   files={"file": ("spending-2020.csv", spending, "text/csv")})
    assert r.status_code == 201 and r.json()["replaced"] == 25, r.text
    bad = budget.decode().replace(",2020,", ",20x0,", 1).encode()  # line 2, year
    r = httpx.post(f"{url}/api/programme/budget", headers=controller,
                   files={"file": ("budget-2021.csv", bad, "text/csv")})
    assert r.status_code == 400
    details = r.json()["error"]["details"]
    assert (details["file"], details["line"], details["field"]) == ("budget-2021.csv", 2, "year")
    assert "budget-2021.csv:2" in r.json()["error"]["message"]
    bad = spending.decode().replace("V-2020-002", "V-2020-001", 1).encode()  # line 3
    r = httpx.post(f"{url}/api/programme/spending", headers=controller,
                   files={"file": ("spending-2020.csv", bad, "text/csv")})
    assert r.status_code == 400
    assert (r.json()["error"]["details"]["line"], r.json()["error"]["details"]["field"]) == (
        3, "reference")
    evil = b"funding,measure,organisation,year,amount_eur\nx,mit,politie,2020,1\n"
    for user in ("politie", "om"):
        r = httpx.post(f"{url}/api/programme/budget", headers=token(url, user),
                       files={"file": ("evil.csv", evil, "text/csv")})
        assert r.status_code == 403
    after = httpx.get(f"{url}/api/programme?period=2021Q2", headers=controller).json()
    assert (after["money"], after["totals"]) == (before["money"], before["totals"])


def test_the_controller_loads_a_file_on_the_programme_page(tab: Page, url: str):
    from offensief.casework.scenario import DATA

    log_in(tab, "controller")
    tab.goto("/programme?period=2021Q2")
    table = tab.get_by_test_id("money-table").inner_text()
    form = tab.get_by_test_id("load-form")
    form.locator("select[name=kind]").select_option("spending")
    form.locator("input[name=file]").set_input_files(str(DATA / "spending-2020.csv"))
    assert submit(tab, form) == 200
    expect(tab.get_by_test_id("loaded")).to_contain_text("25 regels spending")
    assert tab.get_by_test_id("money-table").inner_text() == table  # same file: same figures
    form = tab.get_by_test_id("load-form")
    form.locator("select[name=kind]").select_option("budget")
    form.locator("input[name=file]").set_input_files(files=[{
        "name": "begroting.csv", "mimeType": "text/csv",
        "buffer": b"funding,measure,organisation,year,amount_eur\nnn,mit,politie,2020,1.234\n"}])
    assert submit(tab, form) == 400
    expect(tab.get_by_test_id("error")).to_contain_text("begroting.csv:2")
    expect(tab.get_by_test_id("error")).to_contain_text("amount_eur")
    expect(tab.get_by_test_id("money")).to_contain_text("€ 110.000.000,00")
    shot(tab, "programme-load")
    tab.context.clear_cookies()
    log_in(tab, "politie")
    r = tab.request.get("/programme")
    assert r.status == 403


def test_cli_refuses_a_subject_outside_the_case(world, tmp_path, monkeypatch):
    """The CLI goes through the same casework check as the page and the API."""
    from offensief.model.errors import InputError

    ws = world[0]
    monkeypatch.setenv("OFFENSIEF_PASSWORD", demo_password("politie"))
    root = typer.main.get_command(root_app)
    with pytest.raises(InputError, match="person-forged-3"):
        root.main(["intervention", "add", "--case", DEMO_CASE, "--kind", "criminal",
                   "--instrument", "arrest", "--partner", "politie", "--region", "Rotterdam",
                   "--subject", "person-forged-3", "--as", "politie", "--workspace",
                   str(ws.root)], standalone_mode=False)
