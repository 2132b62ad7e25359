"""Browser tests of the password page and the correction-request pages on the demo world
(the session's demo workspace and server; no warm-up needed). Denials are tested as much
as the permitted paths: a wrong current password, a CSRF-less post, a non-loader deciding,
a partner that is no party to a request, a non-member of the case requesting."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from offensief.access import audit
from offensief.access.actors import add_user
from offensief.cases.seed import DEMO_CASE, demo_password
from offensief.db.engine import open_workspace_database
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.web.conftest import shot

NEW = "een-heel-nieuw-wachtwoord"


@pytest.fixture()
def contexts(browser: Browser, base_url: str) -> Iterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def tab(contexts: list[BrowserContext], browser: Browser, base_url: str) -> Page:
    context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 900})
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def log_in(page: Page, username: str, password: str | None = None) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password or demo_password(username))
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def entries(ws: Workspace, action: str) -> list:
    db = open_workspace_database(ws)
    with db.session() as s:
        rows = audit.entries(s, action=action, limit=50)
    db.dispose()
    return rows


def test_change_password_ends_every_other_session_and_token(browser, base_url, demo_workspace, contexts):
    db = open_workspace_database(demo_workspace)
    with db.session() as s:
        add_user(s, username="wissel", partner="politie", roles=["investigator"], password="oud-wachtwoord-1")
    db.dispose()
    here, elsewhere = tab(contexts, browser, base_url), tab(contexts, browser, base_url)
    log_in(here, "wissel", "oud-wachtwoord-1")
    log_in(elsewhere, "wissel", "oud-wachtwoord-1")
    token = here.request.post("/api/auth/token", data={"username": "wissel", "password": "oud-wachtwoord-1"}
                              ).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert here.request.get("/api/cases", headers=bearer).status == 200
    # reachable from the header; a post without the form's CSRF token is refused
    here.get_by_test_id("nav-password").click()
    expect(here.get_by_test_id("password-page")).to_be_visible()
    no_csrf = here.request.post("/account/password", form={"current": "oud-wachtwoord-1", "new": NEW, "repeat": NEW})
    assert no_csrf.status == 403
    # a wrong current password: clear error (a failed login for the back-off), nothing changes
    here.fill("#current", "niet-het-wachtwoord")
    here.fill("#new", NEW)
    here.fill("#repeat", NEW)
    with here.expect_response("**/account/password") as wrong:
        here.click("[data-testid=password-form] button[type=submit]")
    assert wrong.value.status == 401
    expect(here.locator(".flash.error")).to_contain_text("current password is wrong")
    # the two new passwords differ
    here.fill("#current", "oud-wachtwoord-1")
    here.fill("#new", NEW)
    here.fill("#repeat", NEW + "x")
    here.click("[data-testid=password-form] button[type=submit]")
    expect(here.locator(".flash.error")).to_contain_text("differ")
    assert elsewhere.request.get("/api/me").status == 200  # still logged in elsewhere
    # the change
    here.fill("#current", "oud-wachtwoord-1")
    here.fill("#new", NEW)
    here.fill("#repeat", NEW)
    here.click("[data-testid=password-form] button[type=submit]")
    expect(here.locator(".flash")).to_contain_text("Ended 1 other session(s) and 1 API token(s)")
    shot(here, "integrity-password-changed")
    here.goto("/")
    expect(here.get_by_test_id("who")).to_contain_text("wissel")  # this browser stays in
    elsewhere.goto("/")
    expect(elsewhere.locator("#username")).to_be_visible()  # the other session ended
    assert here.request.get("/api/cases", headers=bearer).status == 401  # the token too
    old = here.request.post("/api/auth/token", data={"username": "wissel", "password": "oud-wachtwoord-1"})
    assert old.status == 401
    log_in(elsewhere, "wissel", NEW)
    expect(elsewhere.get_by_test_id("who")).to_contain_text("wissel")
    changes = [e for e in entries(demo_workspace, "password_change") if e["what"].get("user") == "wissel"]
    assert len(changes) == 1 and changes[0]["what"]["sessions_ended"] == 2
    assert changes[0]["what"]["tokens_revoked"] == 1


def _politie_record(ws: Workspace) -> tuple[str, str]:
    with Store.open(ws) as store:
        row = store.con.execute(
            "SELECT entity_id, value FROM statements WHERE dataset = 'politie-bvh' AND prop = 'birthDate' "
            "ORDER BY entity_id LIMIT 1").fetchone()
    assert row, "the demo world's police records carry birth dates"
    return row[0], row[1]


def test_correction_request_from_the_profile_decided_by_the_supplier(browser, base_url, demo_workspace, contexts):
    entity, _ = _politie_record(demo_workspace)
    kmar = tab(contexts, browser, base_url)
    log_in(kmar, "kmar")
    kmar.get_by_role("link", name=DEMO_CASE).click()
    case_url = kmar.url.rstrip("/")
    case_id = int(case_url.rsplit("/", 1)[1])
    kmar.goto(f"{case_url}/entities/{entity}")
    form = kmar.get_by_test_id("correction-form")
    target = f"politie-bvh::birthDate::{entity}"
    options = form.locator("option").evaluate_all("os => os.map(o => o.value)")
    assert target in options
    form.locator("select").select_option(target)
    form.locator("#correction-value").fill("1977-03-04")
    form.locator("#correction-reason").fill("geboortedatum volgens paspoortcontrole KMar")
    form.locator("button[type=submit]").click()
    expect(kmar.get_by_test_id("correction-result")).to_contain_text("verstuurd naar politie")
    rid = int(kmar.get_by_test_id("correction-result").inner_text().split("#", 1)[1].split()[0])
    shot(kmar, "integrity-correction-requested")
    kmar.get_by_test_id("nav-corrections").click()
    expect(kmar.get_by_test_id("corrections-made").get_by_test_id(f"correction-{rid}")).to_contain_text("open")
    incoming = kmar.get_by_test_id("corrections-incoming")  # kmar loads, but not into politie's data
    assert incoming.get_by_test_id(f"correction-{rid}").count() == 0

    # denials: a politie user without a loading role neither sees it among the incoming nor
    # decides it; another partner that is no party does not see it and cannot decide it
    for user in ("bescherming", "fiod"):
        other = tab(contexts, browser, base_url)
        log_in(other, user)
        other.goto("/corrections")
        assert other.get_by_test_id(f"correction-{rid}").count() == 0
        csrf = other.locator("input[name=csrf_token]").first.get_attribute("value")
        refused = other.request.post(f"/corrections/{rid}/decision",
                                     form={"csrf_token": csrf, "decision": "accept", "note": "ja"})
        assert refused.status == 404
    # a non-member of the case cannot request (the unknown case's answer), nor see the form
    outsider = tab(contexts, browser, base_url)
    log_in(outsider, "preventie")
    assert outsider.request.get(f"{case_url}/entities/{entity}").status == 404
    csrf = outsider.locator("input[name=csrf_token]").first.get_attribute("value")
    sent = outsider.request.post(f"/cases/{case_id}/corrections", form={
        "csrf_token": csrf, "target": target, "value": "1900-01-01", "reason": "x"})
    assert sent.status == 404 and "sent to" not in sent.text()

    # the supplier's loader decides with a note
    politie = tab(contexts, browser, base_url)
    log_in(politie, "politie")
    politie.get_by_test_id("nav-corrections").click()
    row = politie.get_by_test_id("corrections-incoming").get_by_test_id(f"correction-{rid}")
    expect(row).to_contain_text("1977-03-04")
    row.locator("input[name=note]").fill("klopt, gecorrigeerd bestand volgt")
    row.get_by_role("button", name="Accepteren").click()
    row = politie.get_by_test_id("corrections-incoming").get_by_test_id(f"correction-{rid}")
    expect(row.get_by_test_id("correction-status")).to_contain_text("accepted")
    assert row.locator("form").count() == 0  # decided once
    shot(politie, "integrity-correction-decided")
    kmar.reload()
    made = kmar.get_by_test_id("corrections-made").get_by_test_id(f"correction-{rid}")
    expect(made).to_contain_text("accepted")
    expect(made).to_contain_text("klopt, gecorrigeerd bestand volgt")
    # audited as the API does: ids, never the proposed value
    logged = entries(demo_workspace, "correction_request") + entries(demo_workspace, "correction_decide")
    assert {e["what"].get("request") for e in logged} >= {rid}
    assert "1977-03-04" not in json.dumps([e["what"] for e in logged])
    assert entries(demo_workspace, "correction_list")


def test_no_request_form_for_the_own_organisations_data(browser, base_url, demo_workspace, contexts):
    """The supplier itself is offered no request for its own dataset (it loads a corrected file)."""
    entity, _ = _politie_record(demo_workspace)
    page = tab(contexts, browser, base_url)
    log_in(page, "politie")
    page.get_by_role("link", name=DEMO_CASE).click()
    page.goto(f"{page.url.rstrip('/')}/entities/{entity}")
    expect(page.get_by_test_id("entity-values")).to_be_visible()
    options = page.locator("[data-testid=correction-form] option").evaluate_all("os => os.map(o => o.value)")
    assert not [o for o in options if o.startswith(("politie-bvh::", "telecom-cdr::"))]
