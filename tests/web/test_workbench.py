"""The analyst's workbench in headless Chromium on the demo case: search → profile → canvas →
expand → relation filter → legible labels → timeline brush → map → export; and what another
partner gets from the same box. Screenshots go to tests/artifacts/ (docs/workbench.md shows them)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
import pytest
from playwright.sync_api import Page, expect

from offensief.cases.seed import DEMO_CASE
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.web.conftest import log_in, shot

pytestmark = pytest.mark.browser


def open_workbench(page: Page, query: str) -> None:
    page.get_by_role("link", name=DEMO_CASE).click()
    expect(page.get_by_test_id("case-name")).to_have_text(DEMO_CASE)
    box = page.get_by_test_id("case-search")
    box.fill(query)
    box.press("Enter")
    expect(page.get_by_test_id("search-results")).to_be_visible()


def canvas(page: Page, selector: str = "node") -> list[dict[str, Any]]:
    return page.evaluate(f"workbench.cy.elements({selector!r}).map(e => e.data())")


def status(page: Page) -> str:
    return page.get_by_test_id("wb-status").inner_text()


def test_search_profile_canvas_expand_timeline_map_export(page: Page) -> None:
    log_in(page, "politie")
    open_workbench(page, "Jong, J. de")  # order, initial
    rows = page.get_by_test_id("search-results").locator("tbody tr")
    assert rows.count() >= 5
    first = rows.nth(0).get_by_test_id("hit-caption").inner_text()
    assert "Jong" in first
    expect(rows.nth(0)).to_contain_text("politie-bvh")  # the dataset behind the match
    shot(page, "workbench-search")
    # a typo still finds the family
    page.get_by_test_id("wb-q").fill("Jan de Jnog")
    page.get_by_test_id("wb-q").press("Enter")
    # the new page's count names the typo: the first search's page also said "herkend als name"
    expect(page.get_by_test_id("wb-count")).to_contain_text("Jan de Jnog")
    expect(page.get_by_test_id("wb-count")).to_contain_text("herkend als name")
    assert "Jong" in page.get_by_test_id("search-results").locator("tbody tr").nth(0).inner_text()

    # open the profile, come back
    entity = page.get_by_test_id("search-results").locator("tbody tr").nth(0).get_attribute("data-entity")
    page.get_by_test_id("search-results").locator("tbody tr").nth(0).get_by_role("link", name="Profiel").click()
    expect(page.get_by_test_id("entity-caption")).to_contain_text("Jong")
    page.go_back()

    # on the canvas: the person and his neighbours, the person selected
    page.get_by_test_id("search-results").locator("tbody tr").nth(0).get_by_test_id("wb-add").click()
    page.wait_for_function("document.getElementById('wb-status').textContent.includes('knopen')")
    nodes = canvas(page, "node")
    assert len(nodes) >= 3 and entity in {n["id"] for n in nodes}
    assert page.evaluate(f"workbench.cy.getElementById({entity!r}).selected()")
    assert all(not n["label"].startswith(("c-", "kad-")) for n in nodes)  # names, not ids

    # expand a neighbour: the canvas grows and keeps the analyst's selection
    neighbour = next(n["id"] for n in nodes if n["schema"] == "Person" and n["id"] != entity)
    before = len(nodes)
    page.evaluate(f"void workbench.cy.getElementById({neighbour!r}).select()")
    page.get_by_test_id("wb-expand").click()
    page.wait_for_function("document.getElementById('wb-status').textContent.includes('nieuw')")
    assert len(canvas(page, "node")) > before
    selected = set(page.evaluate("workbench.cy.nodes(':selected').map(n => n.id())"))
    assert {entity, neighbour} <= selected
    shot(page, "workbench-canvas")

    # labels keep their size on screen when zooming out and in
    for zoom in (0.2, 1.0, 3.0):
        size = page.evaluate(f"""(() => {{ workbench.cy.zoom({zoom});
            return parseFloat(workbench.cy.nodes()[0].renderedStyle()['font-size']); }})()""")
        assert 11 <= size <= 13, (zoom, size)

    # filter to calls only: other links hidden, the graph laid out again
    positions = page.evaluate("workbench.cy.nodes().map(n => [n.position('x'), n.position('y')])")
    for box in page.locator("#wb-relations input").all():
        if box.get_attribute("value") != "Call":
            box.uncheck()
    shown = page.evaluate("workbench.cy.edges().not('.hidden').map(e => e.data('relation'))")
    assert shown and set(shown) == {"Call"}
    assert page.evaluate("workbench.cy.nodes().map(n => [n.position('x'), n.position('y')])") != positions
    for box in page.locator("#wb-relations input").all():
        box.check()

    # the timeline: brush a stretch, the canvas keeps only links dated in it
    timeline = page.get_by_test_id("wb-timeline")
    assert timeline.locator("rect").count() > 5
    timeline.scroll_into_view_if_needed()
    area = timeline.bounding_box()
    assert area is not None
    page.mouse.move(area["x"] + area["width"] * 0.55, area["y"] + 40)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] * 0.9, area["y"] + 40, steps=5)
    page.mouse.up()
    expect(page.get_by_test_id("wb-brush")).to_contain_text("Periode")
    start, end = page.get_by_test_id("wb-brush").inner_text().split(": ")[1].split(" – ")
    events = page.evaluate("""(() => { const keys = new Set(workbench.cy.edges().not('.hidden').map(e => e.id()));
        return keys.size; })()""")
    assert events >= 1
    dated = page.evaluate("workbench.cy.edges().not('.hidden').map(e => [e.data('first'), e.data('last')])")
    assert all(first is None or (first <= end and last >= start) for first, last in dated)
    shot(page, "workbench-timeline")

    # the map: addresses placed without a tile server
    page.get_by_test_id("wb-timeline").dblclick()
    expect(page.get_by_test_id("wb-brush")).to_have_text("")
    assert page.get_by_test_id("wb-map").locator("circle.place").count() >= 1
    page.get_by_test_id("wb-map").scroll_into_view_if_needed()
    shot(page, "workbench-map")

    # export for Gephi and Analyst's Notebook from the buttons
    # a whole-case export takes ~9 s on the idle machine, more when it is shared
    with page.expect_download(timeout=180_000) as download:
        page.get_by_test_id("export-graphml").click(no_wait_after=True)
    graph = nx.read_graphml(download.value.path())
    assert graph.number_of_nodes() > 1000
    labels = nx.get_node_attributes(graph, "label")
    assert labels[entity] == page.evaluate(f"workbench.cy.getElementById({entity!r}).data('label')")
    with page.expect_download(timeout=180_000) as download:
        page.get_by_test_id("export-anx").click(no_wait_after=True)
    chart = ET.parse(download.value.path()).getroot()
    assert chart.tag == "Chart" and chart.find("ChartItemCollection") is not None


def test_other_partners_from_the_same_box(page: Page, demo_workspace: Workspace) -> None:
    with Store.open(demo_workspace) as store:
        number = store.con.execute(
            "SELECT min(value) FROM statements WHERE prop = 'iban' AND dataset = 'bank-transacties'"
        ).fetchone()[0]
    log_in(page, "gemeente")
    spaced = " ".join(number[i:i + 4] for i in range(0, len(number), 4))
    open_workbench(page, spaced)
    row = page.get_by_test_id("search-results").locator("tbody tr").nth(0)
    expect(row).to_contain_text("pseudoniem")  # FIU-reported bank data: tokens for the municipality
    assert row.get_by_test_id("hit-caption").inner_text().startswith("tok_")
    assert number not in page.content().replace(f'value="{spaced}"', "").replace(spaced, "")
    # a near miss of a pseudonymised value finds nothing
    page.get_by_test_id("wb-q").fill(number[:-1] + ("0" if number[-1] != "0" else "1"))
    page.get_by_test_id("wb-q").press("Enter")
    expect(page.get_by_test_id("search-results")).to_contain_text("Niets gevonden")
    shot(page, "workbench-gemeente")
    # the municipality's liaison may export nothing at all: refused
    cid = page.url.split("/cases/")[1].split("/")[0]
    refused = page.request.get(f"/api/cases/{cid}/export?format=graphml")
    assert refused.status == 403 and number not in refused.text()
    # the FIU analyst exports the bank data it reported, never the police data
    log_in(page, "fiu")
    response = page.request.get(f"/api/cases/{cid}/export?format=graphml")
    assert response.status == 200
    assert {"politie-bvh", "telecom-cdr"} <= set(response.headers["x-offensief-left-out"].split(","))
    assert number.encode() in response.body()


def test_profile_as_an_analyst_reads_it(page: Page, demo_workspace: Workspace) -> None:
    with Store.open(demo_workspace) as store:
        row = store.con.execute(
            "SELECT c.canonical_id FROM canonical c JOIN statements s ON s.entity_id = c.entity_id "
            "WHERE s.prop = 'birthDate' GROUP BY c.canonical_id HAVING count(DISTINCT s.value) > 1 "
            "AND count(DISTINCT c.entity_id) >= 3 ORDER BY c.canonical_id LIMIT 1").fetchone()
    assert row, "the demo world has people whose sources disagree on the birth date"
    log_in(page, "politie")
    page.get_by_role("link", name=DEMO_CASE).click()
    case_url = page.url.rstrip("/")
    page.goto(f"{case_url}/entities/{row[0]}")
    expect(page.get_by_test_id("entity-conflicts")).to_contain_text("birthDate")
    assert page.get_by_test_id("conflict").count() >= 2  # both dates, each with its datasets
    values = page.get_by_test_id("entity-values").locator("tbody tr")
    props = [values.nth(i).locator("td").first.inner_text().split()[0] for i in range(values.count())]
    assert props.count("gender") <= 1  # the same value from several sources is one row
    expect(page.get_by_test_id("entity-activity")).to_contain_text("Actief volgens de bronnen")
    expect(page.get_by_test_id("entity-relations")).to_contain_text("tegenpartij")
    payments = page.get_by_test_id("entity-payments")
    if payments.locator("tbody tr td.num").count():
        assert "€" in payments.locator("tbody tr td.num").first.inner_text()
    shot(page, "workbench-profile")
    height = page.evaluate("document.body.scrollHeight")
    assert height < 11_500
