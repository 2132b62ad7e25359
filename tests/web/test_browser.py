"""The UI in headless Chromium: log in, open the case, network, profile, what-if, alerts,
and what another partner sees. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.api.conftest import CASE
from tests.api.world import KINGPIN
from tests.web.conftest import log_in, shot

pytestmark = pytest.mark.browser


def open_case(page: Page) -> None:
    page.get_by_role("link", name=CASE).click()
    expect(page.get_by_test_id("case-name")).to_have_text(CASE)


def wait_for_network(page: Page) -> int:
    page.wait_for_function("document.getElementById('network').dataset.ready === '1'", timeout=60_000)
    return int(page.get_attribute("#network", "data-nodes") or 0)


def test_police_analyst_journey(page: Page) -> None:
    log_in(page, "ana")
    expect(page.get_by_test_id("case-list")).to_contain_text(CASE)
    shot(page, "01-case-list")
    open_case(page)
    nodes = wait_for_network(page)
    assert nodes >= 20
    expect(page.get_by_test_id("net-status")).to_contain_text("nodes")
    shot(page, "02-network")
    # click the most central node (the kingpin) and open its profile
    page.evaluate("window.offensiefNetwork.cy.getElementById('p0').emit('tap')")
    expect(page.locator("#net-panel")).to_contain_text(KINGPIN)
    page.get_by_test_id("open-profile").click()
    expect(page.get_by_test_id("entity-caption")).to_contain_text(KINGPIN)
    expect(page.get_by_test_id("entity-values")).to_contain_text("politie-bvh")
    expect(page.get_by_test_id("entity-values")).to_contain_text("wpg-9")
    shot(page, "03-entity-profile")
    # roles with explanations
    page.goto(page.url.split("/entities/")[0] + "/roles")
    expect(page.locator("main")).to_contain_text("kingpin", timeout=60_000)
    shot(page, "04-roles")
    # what-if: choose a strategy and mode, see the curve
    page.goto(page.url.replace("/roles", "/disrupt"))
    page.select_option("#strategy", "degree")
    page.select_option("#mode", "sequential")
    page.fill("#steps", "6")
    page.get_by_role("button", name="Run what-if").click()
    chart = page.get_by_test_id("whatif-chart")
    expect(chart).to_have_attribute("data-ready", "1", timeout=60_000)
    assert page.locator("[data-testid=whatif-chart] svg").count() >= 1
    expect(page.locator("#plan")).to_contain_text("Intervention plan", timeout=60_000)
    shot(page, "05-what-if")
    # finance: an alert with its explanation, then a money-flow Sankey
    page.goto(page.url.replace("/disrupt", "/finance"))
    expect(page.get_by_test_id("alert-table")).to_contain_text("structuring", timeout=60_000)
    page.get_by_role("button", name="Trace").first.click()
    expect(page.locator("[data-testid=sankey]")).to_be_visible(timeout=60_000)
    shot(page, "06-finance")


def test_other_partner_sees_tokens(page: Page) -> None:
    log_in(page, "gem")
    open_case(page)
    wait_for_network(page)
    label = page.evaluate("window.offensiefNetwork.cy.getElementById('p0').data('name')")
    assert label.startswith("tok_")
    assert KINGPIN not in page.content()
    shot(page, "07-network-other-partner")
    page.goto(page.url + "/entities/p0")
    expect(page.get_by_test_id("entity-caption")).to_contain_text("tok_")
    assert KINGPIN not in page.content()
    # a municipality liaison may not reveal police data: the refusal is shown
    page.locator("details summary").first.click()
    page.locator("input[name=reason]").first.fill("check in gemeentelijk dossier")
    page.get_by_role("button", name="Reveal").first.click()
    expect(page.get_by_test_id("reveal-result").first).to_contain_text("denied")
    shot(page, "08-entity-other-partner")


def test_auditor_verifies_chain(page: Page) -> None:
    log_in(page, "aud")
    page.goto("/audit")
    expect(page.get_by_test_id("audit-entries")).to_contain_text("login")
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("verify-result")).to_contain_text("Chain intact")
    shot(page, "09-audit")
