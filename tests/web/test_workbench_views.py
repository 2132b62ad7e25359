"""The workflows issue 16 left open, in headless Chromium on the demo case: trace a whole alert
(scrolls into view, IBAN captions, one money format); save the canvas as a named view and
reopen it; notes on a node and on a link, seen against a token by a member who sees the
person only as one. Screenshots go to tests/artifacts/ (docs/workbench.md shows them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from offensief.cases.seed import DEMO_CASE
from tests.web.conftest import log_in, shot

pytestmark = pytest.mark.browser


@pytest.fixture()
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A tab on the module's server without the warm-up of every case tab: these workflows
    compute only what they open (the alerts of one analyst), so the module stays fast."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


def _case_url(page: Page) -> str:
    page.get_by_role("link", name=DEMO_CASE).click()
    expect(page.get_by_test_id("case-name")).to_have_text(DEMO_CASE)
    return page.url.rstrip("/")


def test_trace_a_whole_alert(page: Page) -> None:
    log_in(page, "politie")
    case = _case_url(page)
    cid = case.rsplit("/", 1)[1]
    page.goto(f"{case}/finance")
    table = page.get_by_test_id("alert-table")
    expect(table).to_be_visible(timeout=400_000)  # the alerts are computed on first sight
    alerts = page.request.get(f"/api/cases/{cid}/finance/alerts").json()["alerts"]
    first = alerts[0]
    assert len(first["transaction_ids"]) > 1
    page.get_by_test_id("trace-alert").first.click()
    summary = page.get_by_test_id("trace-summary")
    expect(summary).to_contain_text(f"alle {len(first['transaction_ids'])} betalingen", timeout=300_000)
    # the whole alert, not its first payment: the money of all its payments
    whole = page.request.get(f"/api/cases/{cid}/finance/trace", params={"alert": first["id"]}).json()
    one = page.request.get(f"/api/cases/{cid}/finance/trace",
                           params={"start": first["transaction_ids"][0]}).json()
    if whole.get("status") == "done" and one.get("status") == "done":
        assert whole["traced"] > one["traced"]
        assert first["amount"] in (pytest.approx(whole["traced"]), pytest.approx(whole["entering"]))
    # the result is scrolled into view
    page.wait_for_timeout(300)
    top = page.evaluate("document.getElementById('trace').getBoundingClientRect().top")
    assert -5 <= top <= 300, top
    # accounts named by their IBAN, amounts in one (Dutch) money format
    labels = page.get_by_test_id("sankey").locator("text").all_text_contents()
    assert labels and any(re.match(r"NL\d\d[A-Z]{4}", t) for t in labels)
    assert "€" in page.get_by_test_id("trace-total").inner_text()
    text = page.locator("main").inner_text()
    assert "EUR " not in text and not re.search(r"€\d", text)  # no English format beside the Dutch
    shot(page, "finance-trace-alert")


def _canvas(page: Page) -> dict[str, Any]:
    return page.evaluate("""(() => ({
        nodes: workbench.cy.nodes().map(n => n.id()).sort(),
        selected: workbench.cy.nodes(':selected').map(n => n.id()).sort(),
        positions: Object.fromEntries(workbench.cy.nodes().map(n => [n.id(), n.position()])) }))()""")


def test_saved_view_and_notes(page: Page) -> None:
    log_in(page, "politie")
    case = _case_url(page)
    cid = case.rsplit("/", 1)[1]
    page.goto(f"{case}/workbench?q=" + "Jong, J. de")
    row = page.get_by_test_id("search-results").locator("tbody tr").nth(0)
    entity = row.get_attribute("data-entity")
    caption = row.get_by_test_id("hit-caption").inner_text()
    row.get_by_test_id("wb-add").click()
    page.wait_for_function("document.getElementById('wb-status').textContent.includes('knopen')")

    # a note on the person, and one on a link of his
    page.get_by_test_id("wb-note-text").fill("Leidt de overleggen; zie verhoor 12 maart")
    page.get_by_test_id("wb-note-add").click()
    notes = page.get_by_test_id("wb-note-list")
    expect(notes).to_contain_text("Leidt de overleggen")
    expect(notes.locator("li").first).to_contain_text(caption)
    other = page.evaluate(f"workbench.cy.getElementById({entity!r}).connectedEdges()[0].connectedNodes()"
                          f".filter(n => n.id() !== {entity!r})[0].id()")
    page.evaluate(f"void workbench.cy.getElementById({other!r}).select()")
    page.get_by_test_id("wb-note-text").fill("Betaalt contant, zie ook de kentekens")
    page.get_by_test_id("wb-note-add").click()
    expect(notes.locator("li")).to_have_count(2)
    expect(notes.locator("li").first).to_contain_text("→")

    # save the canvas as a named view
    page.evaluate(f"void workbench.cy.getElementById({other!r}).unselect()")
    page.evaluate(f"void workbench.cy.getElementById({entity!r}).position({{x: 123, y: 45}})")
    before = _canvas(page)
    page.get_by_test_id("wb-view-name").fill("Familie de Jong")
    page.get_by_test_id("wb-view-save").click()
    expect(page.get_by_test_id("wb-status")).to_contain_text("Weergave opgeslagen")
    page.get_by_test_id("wb-notes").scroll_into_view_if_needed()
    shot(page, "workbench-views-notes")

    # a fresh page: empty canvas; reopening the view restores nodes, selection and positions
    page.goto(f"{case}/workbench")
    assert _canvas(page)["nodes"] == []
    page.get_by_test_id("wb-view-list").select_option("Familie de Jong")
    page.get_by_test_id("wb-view-open").click()
    expect(page.get_by_test_id("wb-status")).to_contain_text("Weergave geopend", timeout=60_000)
    after = _canvas(page)
    assert after["nodes"] == before["nodes"] and after["selected"] == before["selected"]
    for node, where in before["positions"].items():
        assert after["positions"][node] == pytest.approx(where, abs=0.5)

    # the municipality's liaison (police data as tokens) reads the notes against tokens
    log_in(page, "gemeente")
    page.goto(f"{case}/workbench")
    theirs = page.get_by_test_id("wb-note-list")
    expect(theirs.locator("li")).to_have_count(2)
    expect(theirs).to_contain_text("Leidt de overleggen")
    assert caption not in theirs.inner_text()
    assert all(t.startswith("tok_") for t in theirs.locator("li strong").all_inner_texts())
    # an administrator outside the case gets nothing
    log_in(page, "admin")
    assert page.request.get(f"/api/cases/{cid}/notes").status == 404
    assert page.request.get(f"/api/cases/{cid}/views").status == 404
