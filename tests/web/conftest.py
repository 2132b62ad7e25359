"""Browser fixtures: the generated demo world ("Operatie Zandloper", as ``make demo`` builds
it) served by a real uvicorn, with the case tabs pre-computed by the same warm-up as
``offensief demo``, driven by Debian's Chromium. Built once per session (about 1.5 min on
the 2-core machine, most of it the what-if and the intervention plan)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from playwright.sync_api import Browser, Page

from offensief.cases.seed import DEMO_CASE, DEMO_USERS, demo_password, seed_demo_workspace
from offensief.cli.app import app as root_app
from offensief.cli.demo import case_logins
from offensief.demo.generator import generate
from offensief.ingest import ingest_manifest
from offensief.server import create_app
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from offensief.web.warmup import Step, warm_up
from tests.api.server import running

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def build_demo_workspace(root: Path) -> Workspace:
    """Generate the small demo world (seed 7), load it, seed the demo users and case, and
    resolve entities as ``offensief demo`` does before it serves."""
    world = generate(seed=7, size="small", out=root / "data")
    ws = Workspace.init(root / "ws")
    with Store.open(ws) as store:
        ingest_manifest(store, world.out / "datasets.json")
    seed_demo_workspace(ws)
    typer.main.get_command(root_app).main(
        ["resolve", "--one-to-one", "*", "--json", str(root / "resolve.json"),
         "--workspace", str(ws.root), "--case", DEMO_CASE, "--as", "politie",
         "--password", demo_password("politie")],
        standalone_mode=False)
    return ws


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return build_demo_workspace(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def base_url(demo_workspace: Workspace) -> Iterator[str]:
    with running(create_app(demo_workspace, workers=2)) as url:
        yield url


@pytest.fixture(scope="session")
def warmed(base_url: str) -> list[Step]:
    """The case tabs of every demo login computed before the first page is opened."""
    logins = [(user, demo_password(user), partner, ",".join(roles))
              for user, partner, roles, _ in DEMO_USERS]
    return warm_up(base_url, case_logins(logins))


@pytest.fixture()
def page(browser: Browser, base_url: str, warmed: list[Step]) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def log_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", demo_password(username))
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
