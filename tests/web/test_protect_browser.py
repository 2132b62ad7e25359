"""The protection register in Chromium on the demo world: the demo protection officer's
register, a record with its product chain, the caseload chart; and nothing for an analyst.
Screenshots go to tests/artifacts/protect-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import log_in, shot

OFFICER = "bescherming"


@pytest.fixture()
def tab(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh browser context (the register needs no warmed case tabs)."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_the_register_of_the_demo_officer(tab: Page) -> None:
    log_in(tab, OFFICER)
    tab.click("[data-testid=nav-protect]")
    tab.wait_for_url("**/protect")
    rows = tab.locator("[data-testid=protect-row]")
    expect(rows).to_have_count(3)  # lawyer, journalist, mayor; not KMar's crown witness
    text = tab.locator("[data-testid=protect-register]").inner_text()
    assert "lawyer" in text and "journalist" in text and "mayor" in text
    assert "Kroongetuige" not in tab.content()
    due = tab.locator("[data-testid=protect-due]").inner_text()
    assert "verlopen" in due and "DI requested by the IRD" in due  # Dutch by default
    shot(tab, "protect-register")


def test_a_record_with_its_product_chain(tab: Page) -> None:
    log_in(tab, OFFICER)
    tab.goto("/protect")
    tab.locator("[data-testid=protect-row]", has_text="lawyer").locator("a").click()
    expect(tab.locator("[data-testid=record-state]")).to_have_text("protected")
    svg = tab.locator("[data-testid=chain-svg]")
    expect(svg).to_be_visible()
    kinds = svg.locator("g[data-kind]").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert [k for k in kinds if k in ("melding", "ird", "di")] == ["melding", "ird", "di"]
    assert kinds.count("measure") == 2 and "review" in kinds
    expect(tab.locator("[data-testid=chain-list] li")).to_have_count(3)
    tab.click("[data-testid=scan]")  # hit/no-hit: the lawyer lives in the demo world
    hit = tab.locator("[data-testid=signal-hit]")
    expect(hit).to_contain_text("contact politie")
    assert "Operatie Zandloper" not in tab.locator("[data-testid=signals]").inner_text()
    shot(tab, "protect-record")


def test_the_caseload_chart(tab: Page) -> None:
    log_in(tab, OFFICER)
    tab.goto("/protect")
    tab.click("[data-testid=overview-link]")
    chart = tab.locator("[data-testid=overview-chart]")
    tab.wait_for_selector("[data-testid=overview-chart][data-ready='1']")
    assert chart.locator("svg").count() >= 1
    expect(tab.locator("[data-testid=overview-total]")).to_have_text("4")  # national: all units
    marks = chart.locator("svg .mark-rect path").count()
    assert marks >= 3
    shot(tab, "protect-overview")


def test_an_analyst_sees_no_register(tab: Page) -> None:
    log_in(tab, "politie")
    assert tab.locator("[data-testid=nav-protect]").count() == 0
    tab.goto("/protect")
    expect(tab.locator("[data-testid=error-message]")).to_contain_text("no role of politie")
    assert "lawyer" not in tab.content()


def test_the_record_forms_report_review_and_end_a_measure(tab: Page) -> None:
    """Runs last: it adds to the lawyer's record the tests above look at."""
    today = date.today()
    log_in(tab, OFFICER)
    tab.goto("/protect")
    tab.locator("[data-testid=protect-row]", has_text="lawyer").locator("a").click()
    report = tab.locator("[data-testid=report-form]")
    tab.locator("summary", has_text="Een dreigingsmelding toevoegen").click()
    report.locator("[name=source]").fill("wijkagent")
    report.locator("[name=reported_on]").fill(today.isoformat())
    report.locator("[name=classification]").fill("conceivable")
    report.locator("[name=people]").fill("Nieuwe Dreiger")
    report.locator("button[type=submit]").click()
    expect(tab.locator("[data-testid=chain-list] li")).to_have_count(4)
    expect(tab.get_by_text("Nieuwe Dreiger")).to_be_visible()

    hold = tab.locator("form[data-testid^=hold-review-]").first
    review = (hold.get_attribute("data-testid") or "").rsplit("-", 1)[1]
    tab.locator(f"[data-testid=review-{review}] summary").click()
    hold.locator("[name=done_on]").fill(today.isoformat())
    hold.locator("[name=next_due]").fill((today - timedelta(days=30)).isoformat())
    hold.locator("[name=outcome]").fill("dreiging blijft")
    hold.locator("button[type=submit]").click()  # refused: shown, nothing kept
    expect(tab.locator("[data-testid=record-error]")).to_contain_text(
        "the next re-evaluation lies after this one")
    hold = tab.locator(f"[data-testid=hold-review-{review}]")
    tab.locator(f"[data-testid=review-{review}] summary").click()
    hold.locator("[name=done_on]").fill(today.isoformat())
    hold.locator("[name=next_due]").fill((today + timedelta(days=90)).isoformat())
    hold.locator("[name=outcome]").fill("dreiging blijft")
    hold.locator("button[type=submit]").click()
    expect(tab.locator(f"[data-testid=review-{review}]")).to_contain_text("gehouden")
    plan = tab.locator("[data-testid=plan-review-form]")
    plan.locator("[name=due_on]").fill((today + timedelta(days=200)).isoformat())
    plan.locator("button[type=submit]").click()
    planned = tab.locator("li[data-testid^=review-]",
                          has_text=f"uiterlijk {(today + timedelta(days=200)).isoformat()}")
    expect(planned).to_have_count(1)

    end = tab.locator("form[data-testid^=end-measure-]").first
    measure = (end.get_attribute("data-testid") or "").rsplit("-", 1)[1]
    tab.locator(f"[data-testid=measure-{measure}] summary").click()
    end.locator("[name=end_on]").fill(today.isoformat())
    end.locator("[name=reason]").fill("dreiging geweken")
    end.locator("button[type=submit]").click()
    ended = tab.locator(f"[data-testid=measure-{measure}]")
    expect(ended).to_contain_text(f"→ {today.isoformat()}")
    expect(ended).to_contain_text("dreiging geweken")
    assert tab.locator(f"[data-testid=end-measure-{measure}]").count() == 0
    shot(tab, "protect-forms")
