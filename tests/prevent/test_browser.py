"""The prevention officer's pages in headless Chromium: the indicator map and a campaign's
effect page (screenshots in tests/artifacts)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import log_in, shot

pytestmark = pytest.mark.browser


@pytest.fixture()
def page(browser: Browser, served: str) -> Iterator[Page]:
    context = browser.new_context(base_url=served, viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


def test_indicator_map(page: Page) -> None:
    log_in(page, "preventie")
    page.click("[data-testid=nav-prevent]")
    expect(page.locator("[data-testid=choropleth]")).to_be_visible()
    page.select_option("#indicator", "residents_network")
    page.wait_for_url("**indicator=residents_network**")
    page.select_option("#level", "wijk")
    page.wait_for_url("**level=wijk**")
    paths = page.locator("[data-testid=choropleth] path[data-code]")
    assert paths.count() == 69  # 23 gemeenten x 3 wijken
    rows = page.locator("[data-testid=indicator-table] tbody tr")
    assert rows.count() == 69
    withheld = page.locator("[data-testid=choropleth] path[data-withheld='1']")
    shown = page.locator("[data-testid=choropleth] path[data-withheld='0']:not([data-value=''])")
    assert withheld.count() > 0 and shown.count() > 0  # small wijken withheld, others coloured
    code = shown.first.get_attribute("data-code")
    shown.first.click()
    expect(page.locator("[data-testid=map-detail]")).to_contain_text(code)
    expect(page.locator(f"tr[data-code='{code}']")).to_have_class("selected")
    expect(page.locator("[data-testid=national-average]")).to_contain_text("Landelijk gemiddelde")
    assert page.locator("td[data-reason]").count() > 0  # withheld cells say why
    page.select_option("#indicator", "drug_incidents")
    page.wait_for_url("**indicator=drug_incidents**")
    assert page.locator("svg.spark polyline").count() > 0  # the trend per area
    shot(page, "prevent_indicator_map")


def test_campaign_effect_page(page: Page) -> None:
    log_in(page, "preventie")
    page.goto("/prevent/campaigns")
    page.click("text=Snuiven is niet onschuldig")
    chart = page.locator("[data-testid=effect-chart]")
    expect(chart).to_have_attribute("data-ready", "1")
    assert chart.locator("svg").count() >= 1
    estimate = page.locator("[data-testid=estimate]").inner_text()
    assert "95% interval" in estimate
    expect(page.locator("[data-testid=effect]")).to_contain_text("3 campagne- en 20 vergelijkingsgebieden")
    expect(page.locator("[data-testid=survey]")).to_contain_text("41.0% voor")
    shot(page, "prevent_campaign_effect")


def test_tracks_page_and_form(page: Page) -> None:
    log_in(page, "preventie")
    page.goto("/prevent/tracks")
    table = page.locator("[data-testid=track-table]")
    expect(table).to_contain_text("Baangarantie-traject")
    expect(table).to_contain_text("<10")  # 7 participants are withheld
    page.fill("#area", "WK059902")
    page.select_option("#track", "safety")
    page.select_option("#kind", "street_coaching")
    page.fill("#title", "Jongerenwerk op straat")
    page.fill("#start", "2026-02-01")
    page.fill("#participants", "25")
    page.click("[data-testid=track-form] button[type=submit]")
    expect(table).to_contain_text("Jongerenwerk op straat")
    shot(page, "prevent_tracks")


def test_controller_sees_no_prevention(page: Page) -> None:
    log_in(page, "controller")
    assert page.locator("[data-testid=nav-prevent]").count() == 0
    response = page.goto("/prevent")
    assert response is not None and response.status == 403
