"""The UI in headless Chromium on the demo case (Operatie Zandloper, the generated demo
world): log in, open the case, the network with its tools, an entity profile, roles, a
what-if, an alert and a money trace; what another partner sees; the resolution review
queue; the audit chain. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from offensief.cases.seed import DEMO_CASE, demo_password
from offensief.cli.demo import warm_in_background
from offensief.web.warmup import ANALYSES, Step
from tests.web.conftest import log_in, shot

pytestmark = pytest.mark.browser


def open_case(page: Page) -> str:
    """Open the demo case from the case list; returns the case URL."""
    page.get_by_role("link", name=DEMO_CASE).click()
    expect(page.get_by_test_id("case-name")).to_have_text(DEMO_CASE)
    return page.url


def wait_for_network(page: Page) -> int:
    page.wait_for_function("document.getElementById('network').dataset.ready === '1'",
                           timeout=60_000)
    return int(page.get_attribute("#network", "data-nodes") or 0)


def tap(page: Page, node_id: str) -> None:
    """Tap a node as a user would. The expression returns nothing: ``emit`` returns the
    Cytoscape collection, and Playwright serialising that (with the whole graph behind it)
    took 10 s and 2.5 GB of the page's heap, enough to crash the tab in a long test run."""
    page.evaluate(f"void window.offensiefNetwork.cy.getElementById({node_id!r}).emit('tap')")


def nodes(page: Page, selector: str = "node") -> list[dict[str, Any]]:
    """The drawn nodes' data, most central first."""
    return page.evaluate(f"window.offensiefNetwork.cy.nodes({selector!r}).map(n => n.data())"
                         ".sort((a, b) => b.centrality - a.centrality)")


def test_warm_up_prepared_every_tab(warmed: list[Step]) -> None:
    """``offensief demo``'s warm-up: the first login computes each tab, the others (same
    datasets, other visibility) share the cached results; nothing fails."""
    assert [s.error for s in warmed if s.error] == []
    first = [s for s in warmed if s.login == "politie"]
    assert [s.analysis for s in first] == [a.name for a in ANALYSES]
    assert all(s.computed for s in first)
    later = [s for s in warmed if s.login != "politie"]
    assert later and not any(s.computed for s in later)
    assert max(s.seconds for s in later) < 10


def test_demo_warm_thread_reports(base_url: str, warmed: list[Step],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The thread ``offensief demo`` starts next to the server: waits for it, warms (here all
    cache hits), and prints one summary line. Runs before the review test, whose judgement
    re-clusters and so (rightly) invalidates the cached analyses."""
    thread = warm_in_background(base_url, [("gemeente", demo_password("gemeente"))])
    thread.join(timeout=120)
    assert not thread.is_alive()
    out = capsys.readouterr().out
    assert "case tabs ready for 1 login: 0 analyses computed" in out
    assert "not prepared" not in out


def test_police_analyst_journey(page: Page) -> None:
    log_in(page, "politie")
    expect(page.get_by_test_id("case-list")).to_contain_text(DEMO_CASE)
    shot(page, "01-case-list")
    case_url = open_case(page)
    drawn = wait_for_network(page)
    assert drawn == 2000  # the default view: the 2,000 most central of ~12,000 entities
    assert int(page.get_attribute("#network", "data-edges") or 0) > drawn
    expect(page.get_by_test_id("net-status")).to_contain_text(re.compile(r"top 2000 of \d{4,}"))
    # colour by community, size by centrality, role badges
    drawn_nodes = nodes(page)
    assert len({n["community"] for n in drawn_nodes}) > 10
    assert drawn_nodes[0]["size"] > drawn_nodes[-1]["size"]
    # resolved entities are named after their partner records, never shown as a bare id
    assert not [n["id"] for n in drawn_nodes if n["name"] == n["id"]]
    holders = [n for n in drawn_nodes if n["role"]]
    assert holders and all(n["label"] != n["name"] for n in holders)  # badge before the name
    shot(page, "02-network")
    # the most central role holder: its panel, neighbours, a path to another one
    target, other = holders[0], holders[1]
    tap(page, target["id"])
    expect(page.locator("#net-panel")).to_contain_text(target["name"])
    page.get_by_role("button", name="Expand neighbours").click()
    expect(page.get_by_test_id("net-status")).to_contain_text("neighbours")
    page.fill("#path-from", target["id"])
    page.fill("#path-to", other["id"])
    page.get_by_role("button", name="Pad zoeken").click()
    expect(page.locator("#path-result")).to_contain_text("→")
    assert page.evaluate("window.offensiefNetwork.cy.$('.path').length") >= 3
    shot(page, "03-network-path")
    # filter by relation type: without payments and calls fewer edges are drawn
    edges_before = int(page.get_attribute("#network", "data-edges") or 0)
    page.uncheck("input[name=relation][value=payment]")
    page.uncheck("input[name=relation][value=call]")
    page.get_by_role("button", name="Toepassen").click()
    wait_for_network(page)
    assert 0 < int(page.get_attribute("#network", "data-edges") or 0) < edges_before
    # a small view draws every edge as a Cytoscape element (no edge layer), weighted
    page.fill("#limit", "300")
    page.get_by_role("button", name="Toepassen").click()
    assert wait_for_network(page) == 300
    assert page.evaluate("window.offensiefNetwork.cy.edges().length") > 0
    assert page.locator("#cy canvas.edge-layer").count() == 0
    # the entity profile, with where each value comes from
    tap(page, target["id"])
    page.get_by_test_id("open-profile").click()
    expect(page.get_by_test_id("entity-caption")).to_contain_text(target["name"])
    expect(page.get_by_test_id("entity-values")).to_contain_text("wpg-")
    shot(page, "04-entity-profile")
    # roles with explanations
    page.goto(case_url + "/roles")
    expect(page.get_by_test_id("roles-kingpin")).to_be_visible()
    shot(page, "05-roles")
    # what-if: the default strategy and mode, the curve and the intervention plan
    page.goto(case_url + "/disrupt")
    page.get_by_role("button", name="Wat-als doorrekenen").click()
    chart = page.get_by_test_id("whatif-chart")
    expect(chart).to_have_attribute("data-ready", "1", timeout=60_000)
    assert page.locator("[data-testid=whatif-chart] svg").count() >= 1
    expect(page.locator("#plan")).to_contain_text("Interventieplan", timeout=60_000)
    shot(page, "06-what-if")
    # finance: an alert, then its money flow as a Sankey
    page.goto(case_url + "/finance")
    expect(page.get_by_test_id("alert-table")).to_contain_text("structuring", timeout=60_000)
    page.get_by_role("button", name="Volgen").first.click()
    expect(page.locator("[data-testid=sankey]")).to_be_visible(timeout=60_000)
    shot(page, "07-finance")


def test_other_partner_sees_tokens(page: Page, browser: Any, base_url: str) -> None:
    log_in(page, "gemeente")
    case_url = open_case(page)
    wait_for_network(page)
    # the network rests on police and bank data the municipality may not read in clear: every
    # person is a subject token (as name and as id: no id that ties it to a register's name)
    hidden = [n for n in nodes(page, "[pseudo = 1]") if n["schema"] == "Person"]
    assert hidden and all(n["name"].startswith("tok_") and n["id"] == n["name"] for n in hidden)
    border = "window.offensiefNetwork.cy.nodes('[pseudo = 1]')[0].style('border-style')"
    assert page.evaluate(border) == "dashed"
    expect(page.get_by_test_id("net-inputs")).to_contain_text("may not read in clear")
    tap(page, hidden[0]["id"])
    expect(page.get_by_test_id("open-profile")).to_have_count(0)  # a withheld finding has no profile
    shot(page, "08-network-other-partner")
    # the police analyst sees the network by name; the municipality sees that person's
    # police records as tokens on the profile
    police_context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 900})
    police = police_context.new_page()
    log_in(police, "politie")
    police.goto(case_url)
    wait_for_network(police)
    api = case_url.replace("/cases/", "/api/cases/")
    known = [n for n in nodes(police) if n["schema"] == "Person" and not n["pseudo"]][:60]
    # a person the municipality knows only from police records (not from its own BRP)
    person = next(n for n in known if page.request.get(f"{api}/entities/{n['id']}").json()["caption"]
                  .startswith("tok_"))
    police.goto(case_url + f"/entities/{person['id']}")
    name = police.get_by_test_id("entity-caption").inner_text().split("\n")[0].strip()
    assert name and not name.startswith("tok_")
    police_context.close()
    page.goto(case_url + f"/entities/{person['id']}")
    expect(page.get_by_test_id("entity-caption")).to_contain_text("tok_")
    assert name not in page.content()
    # a municipality liaison may not reveal police data: no reveal form is offered (a dead
    # end), the page says why; the server refuses a reveal anyway (tests/access)
    expect(page.get_by_test_id("no-reveal").first).to_contain_text("niet onthullen")
    assert page.locator("input[name=reason]").count() == 0
    shot(page, "09-entity-other-partner")


def pairs(page: Page) -> list[tuple[str, ...]]:
    """The (left id, right id) of each proposal in the review queue."""
    rows = page.locator("[data-testid=review-queue] tr[id^=pair-]")
    return [tuple(row.locator("code").all_inner_texts()) for row in rows.all()]


def test_review_queue_judge_a_match(page: Page) -> None:
    log_in(page, "politie")
    case_url = open_case(page)
    page.goto(case_url + "/review")
    before = pairs(page)
    assert len(before) >= 5
    pair = before[0]
    first = page.locator("tr[id^=pair-]").first
    # why the model proposes this match: a weight per comparison
    first.get_by_role("button", name="Waarom?").click()
    explanation = page.get_by_test_id("explanation")
    expect(explanation).to_be_visible()
    assert explanation.locator("tbody tr").count() >= 3
    expect(explanation).to_contain_text("totaal overeenkomstgewicht")
    weights = explanation.locator("td.num.ok, td.num.bad").all_inner_texts()
    assert weights and all(w.startswith(("+", "-")) for w in weights)
    shot(page, "10-review-why")
    # reject it: recorded with the reason, and the pair leaves the queue
    first.locator("input[name=reason]").fill("different date of birth in BRP")
    first.get_by_role("button", name="Afwijzen").click()
    expect(page.get_by_test_id("judged")).to_contain_text("not same", timeout=60_000)
    shot(page, "11-review-judged")
    page.reload()
    assert pair not in pairs(page)


def test_auditor_verifies_chain(page: Page) -> None:
    log_in(page, "auditor")
    page.goto("/audit")
    expect(page.get_by_test_id("audit-entries")).to_contain_text("login")
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("verify-result")).to_contain_text("Keten intact")
    shot(page, "12-audit")
