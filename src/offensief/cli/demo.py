"""``offensief demo``: the demo world end to end, and ``offensief demo generate``."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import httpx
import orjson
import typer
import uvicorn
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from offensief.cases.seed import DEMO_CASE, DEMO_USERS, demo_password, seed_demo_workspace
from offensief.cli.app import app as root_app
from offensief.cli.context import console, write_json
from offensief.cli.ingest import load_with_progress
from offensief.cli.scenario import run_results
from offensief.cli.workspace import print_stats
from offensief.demo.generator import SIZES, DemoResult, generate
from offensief.ingest import ingest_manifest
from offensief.model.errors import ConfigError
from offensief.prevent.seed import seed_prevention_workspace
from offensief.server import create_app
from offensief.store.duckstore import Store
from offensief.store.workspace import CONFIG_NAME, Workspace
from offensief.web.warmup import Step, warm_up

app = typer.Typer(help="The synthetic demo world: generate it, or run everything end to end.")

SizeOption = Annotated[str, typer.Option(help=f"World size: {', '.join(SIZES)}.")]
SeedOption = Annotated[int, typer.Option(help="Random seed; the same seed gives the same world.")]


@app.callback(invoke_without_command=True)
def demo(
    ctx: typer.Context,
    seed: SeedOption = 7,
    size: SizeOption = "small",
    data: Annotated[Path, typer.Option(help="Folder for the generated partner files.")] = Path("demo-data"),
    workspace: Annotated[Path, typer.Option("--workspace", "-w", help="Workspace folder to create.")] = Path("demo-workspace"),
    fresh: Annotated[bool, typer.Option(help="Replace an existing demo workspace.")] = False,
    analyse: Annotated[bool, typer.Option(help="Run resolution, alerts, roles and the plan.")] = True,
    serve: Annotated[bool, typer.Option(help="End by serving the web UI on 127.0.0.1.")] = True,
    host: Annotated[str, typer.Option(help="Interface for the web UI.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port for the web UI.")] = 8000,
    warm: Annotated[bool, typer.Option(
        help="While serving, compute each demo login's analyses in the background so the "
             "first click on a tab is fast.")] = True,
) -> None:
    """Generate the demo world, load it into a fresh workspace and show what was loaded."""
    if ctx.invoked_subcommand is not None:
        return
    started = time.perf_counter()
    result = generate_with_progress(seed=seed, size=size, out=data)
    ws = fresh_workspace(workspace, replace=fresh)
    load_world(ws, result.out / "datasets.json")
    console.print(f"[bold green]demo world loaded[/] in {time.perf_counter() - started:.1f} s → {ws.root}")
    logins = seed_case(ws)
    if analyse:
        run_analyses(ws)
        run_results(ws)
    seed_prevention_workspace(ws)  # area data for the prevention officer (after resolution)
    console.print("area indicators, prevention tracks and a campaign for [bold]preventie[/] (docs/prevent.md)")
    if serve:
        print_logins(logins, url=f"http://{host}:{port}/")
        stop = threading.Event()
        if warm:
            warm_in_background(f"http://{_loopback(host)}:{port}", case_logins(logins), stop=stop)
        try:
            serve_workspace(ws, host=host, port=port)
        finally:
            stop.set()  # a warm-up still waiting for the server gives up at once


@app.command("generate")
def generate_cmd(
    seed: SeedOption = 7,
    size: SizeOption = "small",
    out: Annotated[Path, typer.Option(help="Output folder (sources/ and ground_truth/).")] = Path("demo-data"),
    json: Annotated[Path | None, typer.Option("--json", help="Write the summary as JSON.")] = None,
) -> None:
    """Write a synthetic world of partner sources with ground truth in a separate folder."""
    result = generate_with_progress(seed=seed, size=size, out=out)
    if json is not None:
        write_json(result.as_dict(), json)
        return
    table = Table("dataset", "schema", "entities", title=f"demo world seed={seed} size={size}")
    for dataset, schemata in result.counts.items():
        for schema, count in schemata.items():
            table.add_row(dataset, schema, f"{count:,}")
    console.print(table)
    console.print(f"sources in {out / 'sources'}, ground truth in {out / 'ground_truth'}")


def generate_with_progress(*, seed: int, size: str, out: Path) -> DemoResult:
    """Run the generator with a progress bar over its steps."""
    columns = [TextColumn("[bold]generating[/] {task.description}"), BarColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("world", total=None)

        def tick(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        return generate(seed=seed, size=size, out=out, progress=tick)


def fresh_workspace(path: Path, *, replace: bool) -> Workspace:
    """A new workspace at ``path``; an old *workspace* there is removed only with ``replace``."""
    if path.exists() and any(path.iterdir()):
        if not (path / CONFIG_NAME).exists():
            raise ConfigError(f"{path} exists and is not a workspace; refusing to overwrite it")
        if not replace:
            raise ConfigError(f"{path} already holds a workspace; pass --fresh to replace it")
        shutil.rmtree(path)
    return Workspace.init(path)


def seed_case(ws: Workspace) -> list[tuple[str, str, str, str]]:
    """Create the demo partners, one user per partner and the demo case with every dataset."""
    logins = seed_demo_workspace(ws)
    console.print(f"case [bold]{DEMO_CASE}[/] with {len(logins)} demo users")
    return logins


def run_analyses(ws: Workspace) -> None:
    """The case team's first pass, with the same commands a user runs; JSON in ``results/``."""
    out = ws.root / "results"
    out.mkdir(exist_ok=True)
    root = typer.main.get_command(root_app)
    # the police analyst of the demo case, as a real team member would run them (audited)
    acting = ["--case", DEMO_CASE, "--as", "politie", "--password", demo_password("politie")]
    steps = (
        ("Entity resolution across partner sources",
         ["resolve", "--one-to-one", "*", "--json", str(out / "resolve.json"), *acting]),
        ("Laundering alerts", ["finance", "alerts", "--limit", "12", "--json", str(out / "alerts.json"), *acting]),
        ("Kingpins and facilitators", ["network", "roles", "--top", "5", "--json", str(out / "roles.json"), *acting]),
        ("Intervention plan (advice for the case team)", [
            "disrupt", "plan", "--runs", "30", "--json", str(out / "plan.json"),
            "--report", str(out / "plan.md"), *acting]),
    )
    for title, args in steps:
        console.rule(f"[bold]{title}")
        root.main([*args, "--workspace", str(ws.root)], standalone_mode=False)
        if args[:2] == ["network", "roles"]:
            print_roles(out / "roles.json")
    console.print(f"analysis results (JSON, plan report) in [bold]{out}[/]")


def print_roles(path: Path) -> None:
    """The top candidates per role, with the features that explain each score."""
    rows = orjson.loads(path.read_bytes())
    table = Table("role", "rank", "name", "score", "community", "why")
    for row in rows:
        if row["rank"] <= 3:
            text = row["explanation"]["text"] if isinstance(row["explanation"], dict) else str(row["explanation"])
            table.add_row(row["role"], str(row["rank"]), str(row["name"]), f"{row['score']:.2f}",
                          str(row["community"]), text[:90])
    console.print(table)


def print_logins(logins: list[tuple[str, str, str, str]], *, url: str) -> None:
    """The demo logins, one per partner, so the difference in what each sees is visible."""
    table = Table("user", "password", "partner", "roles", title="demo logins")
    for user, password, partner, roles in logins:
        table.add_row(user, password, partner, roles)
    console.print(table)
    console.print(f"[bold]open {url}[/] and log in as [bold]politie[/], then as [bold]gemeente[/] to compare")


def case_logins(logins: Sequence[tuple[str, str, str, str]]) -> list[tuple[str, str]]:
    """The demo logins that are members of the demo case, politie and gemeente first (the
    two the demo suggests comparing)."""
    members = {user for user, _partner, _roles, member in DEMO_USERS if member}
    first = {"politie": 0, "gemeente": 1}
    pairs = [(user, password) for user, password, _partner, _roles in logins if user in members]
    return sorted(pairs, key=lambda pair: first.get(pair[0], 2))


def _loopback(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


#: Seconds the warm-up waits for the server to answer (it opens the store and migrates the
#: operational one first) before it gives up.
SERVER_START = 120.0


def server_answers(url: str, *, stop: threading.Event, wait: float = SERVER_START) -> bool:
    """Whether ``url``'s health route answers within ``wait`` seconds (False as soon as
    ``stop`` is set)."""
    deadline = time.monotonic() + wait
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        stop.wait(0.3)
    return False


def warm_in_background(url: str, logins: Sequence[tuple[str, str]], *,
                       stop: threading.Event | None = None,
                       wait: float = SERVER_START) -> threading.Thread:
    """Once the server answers, fill its analysis cache for each login (see
    :func:`offensief.web.warmup.warm_up`) with a progress bar; the UI is usable meanwhile.
    It warms nothing when the server does not answer within ``wait`` seconds or ``stop`` is
    set first, and says so in one line (never a traceback) when the server stops meanwhile."""
    halt = stop if stop is not None else threading.Event()

    def run() -> None:
        if not server_answers(url, stop=halt, wait=wait):
            if not halt.is_set():
                console.print(f"[yellow]case tabs not prepared: {url} did not answer in {wait:.0f} s")
            return
        try:
            steps, seconds = warm(url, logins)
        except httpx.HTTPError as exc:  # the server stopped (Ctrl-C) while warming
            console.print(f"[yellow]case tabs not prepared: the server stopped answering ({exc})")
            return
        print_warmed(steps, seconds=seconds)

    thread = threading.Thread(target=run, name="offensief-warm-up", daemon=True)
    thread.start()
    return thread


def warm(url: str, logins: Sequence[tuple[str, str]]) -> tuple[list[Step], float]:
    """:func:`offensief.web.warmup.warm_up` with a progress bar; the steps and the seconds."""
    started = time.perf_counter()
    columns = [TextColumn("[bold]preparing the case tabs[/] {task.description}"), BarColumn(),
               TaskProgressColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("", total=1)

        def report(label: str, fraction: float, done: int, total: int) -> None:
            bar.update(task, description=label, completed=done + min(fraction, 0.99), total=total)

        steps = warm_up(url, logins, report=report)
    return steps, time.perf_counter() - started


def print_warmed(steps: Sequence[Step], *, seconds: float) -> None:
    """One line on what was computed, and any analysis that failed."""
    computed = [s for s in steps if s.computed and not s.error]
    logins = len({s.login for s in steps})
    console.print(f"[bold green]case tabs ready[/] for {logins} login{'s' if logins != 1 else ''}: "
                  f"{len(computed)} analyses computed ({', '.join(s.analysis for s in computed)}), "
                  f"the rest shared from the cache, in {seconds:.0f} s")
    for step in steps:
        if step.error:
            console.print(f"[yellow]  {step.login}: {step.analysis} not prepared: {step.error}")


def serve_workspace(ws: Workspace, *, host: str, port: int) -> None:
    """Serve the UI and API of ``ws`` until interrupted."""
    uvicorn.run(create_app(ws), host=host, port=port, log_level="warning")


def load_world(ws: Workspace, manifest_path: Path) -> None:
    """Register the manifest's datasets and load every file, then print the contents."""
    with Store.open(ws) as store:
        for path, result in ingest_manifest(store, manifest_path, load=load_with_progress):
            console.print(f"  {path.name:<28} → {result.dataset:<22} {result.records:>9,} records")
        print_stats(store.stats())
