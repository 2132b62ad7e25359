"""``offensief disrupt``: removal simulations and intervention plans.

``simulate`` runs strategies on a network file or on the workspace's (case's) person
network and prints the trace; ``plan`` proposes an intervention package on the barrier
model with effects after recovery; ``strategies`` lists what can be simulated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import igraph as ig
import typer
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from offensief.casework import findings, pipeline
from offensief.cli.acting import CaseOption, case_run
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, PasswordOption
from offensief.disrupt.case import annotate, read_annotations
from offensief.disrupt.conventions import Conventions, preset
from offensief.disrupt.graphs import load
from offensief.disrupt.plan import COMPARED, PlanOptions, make_plan
from offensief.disrupt.recovery import RecoveryParams, assess
from offensief.disrupt.report import plan_report, run_report
from offensief.disrupt.simulate import simulate
from offensief.disrupt.strategies import STRATEGIES
from offensief.model.errors import InputError

app = typer.Typer(help="Disruption: simulate removal strategies with recovery; intervention plans.",
                  no_args_is_help=True)

JsonOption = Annotated[Path | None, typer.Option("--json", help="Write JSON to FILE ('-' for stdout).")]
FileArgument = Annotated[Path | None, typer.Argument(
    help="Network file (adjacency CSV, edge list, GraphML).", show_default=False)]
AnnotationsOption = Annotated[Path | None, typer.Option(
    "--annotations", help="JSON {id: {step, group, role}}: what the analysts know.")]
RunsOption = Annotated[int, typer.Option(help="Monte Carlo runs (random strategy, recovery).")]
SeedOption = Annotated[int, typer.Option(help="Random seed (same seed, same result).")]


def _bar() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=True)


def network_for(file: Path | None, *, case: str | None, as_user: str | None, password: str | None,
                workspace: Path | None, annotations: Path | None,
                directed: bool | None = None) -> ig.Graph:
    """The network a command works on: a file, or the person network of a case from the
    case pipeline (the roles every view shows), named as the ``--as`` user may see it."""
    if (file is None) == (case is None):
        raise InputError("give exactly one of FILE or --case NAME (with --as USER)", field="network")
    notes = read_annotations(annotations) if annotations else None
    if file is not None:
        graph = load(file, directed=directed)
        if notes:
            console.print(f"annotations matched {annotate(graph, notes)} members")
        return graph
    with case_run(workspace, case, as_user, password, command="disrupt") as run:
        result, _ = pipeline.case_analysis(run.caller, run.ref, run.view)
        assert result is not None  # a CLI caller computes at once
        graph = pipeline.people_graph(result)
        if notes:
            console.print(f"annotations matched {annotate(graph, notes)} members")
        findings.name_people(run.view, result, graph)
    if graph.vcount() < 2 or graph.ecount() == 0:
        raise InputError("the data you may see hold no person network to disrupt", field="case")
    return graph


def conventions_for(graph: ig.Graph, *, base: str, changes: dict[str, Any]) -> Conventions:
    """A conventions preset with the given options changed (``None`` = keep)."""
    conventions = preset(base)
    if base == "default":
        conventions = conventions.with_(directed=graph.is_directed(),
                                        component="strong" if graph.is_directed() else "weak")
    return conventions.with_(**{k: v for k, v in changes.items() if v is not None})


@app.command("strategies")
def strategies_cmd(json: JsonOption = None) -> None:
    """List the removal strategies."""
    rows = [{"name": s.name, "description": s.description, "static": s.static}
            for s in STRATEGIES.values()]
    if json is not None:
        write_json({"strategies": rows}, json)
        return
    table = Table("strategy", "what it ranks")
    for row in rows:
        table.add_row(row["name"], row["description"])
    console.print(table)


@app.command("simulate")
def simulate_cmd(
    file: FileArgument = None,
    case: CaseOption = None,
    as_user: AsOption = None,
    password: PasswordOption = None,
    strategy: Annotated[list[str] | None, typer.Option(
        "--strategy", "-s", help="Strategy (repeatable; default degree); see `offensief disrupt "
        "strategies`.")] = None,
    mode: Annotated[str | None, typer.Option(help="sequential (re-rank after every removal) or block.")] = None,
    block_size: Annotated[int | None, typer.Option(help="Removals per ranking in block mode.")] = None,
    ties: Annotated[str | None, typer.Option(help="Tie order: input, reverse or id.")] = None,
    conventions: Annotated[str, typer.Option(
        help="Preset: default, undirected, anastasiadis2024, or a YAML/JSON file of conventions.")] = "default",
    directed: Annotated[bool | None, typer.Option("--directed/--undirected",
                                                  help="Treat the network as (un)directed.")] = None,
    component: Annotated[str | None, typer.Option(help="Largest component: weak or strong.")] = None,
    weights: Annotated[str | None, typer.Option(help="Weights as strength, distance or none.")] = None,
    steps: Annotated[int | None, typer.Option(help="Removals (default: all but one).")] = None,
    metric: Annotated[list[str] | None, typer.Option(
        help="Extra per-step metric: efficiency, clustering (repeatable).")] = None,
    custom: Annotated[str | None, typer.Option(help="Comma-separated ids for strategy custom.")] = None,
    recovery: Annotated[int, typer.Option(
        help="Also assess recovery after this many removals (0: no).")] = 0,
    runs: RunsOption = 100,
    seed: SeedOption = 0,
    annotations: AnnotationsOption = None,
    json: JsonOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Remove members by each strategy and measure the network after every removal."""
    graph = network_for(file, case=case, as_user=as_user, password=password, workspace=workspace,
                        annotations=annotations)
    chosen = conventions_for(graph, base=conventions, changes={
        "directed": directed, "component": component, "weight_meaning": weights, "ties": ties,
        "mode": mode, "block_size": block_size})
    strategies = strategy or ["degree"]
    extra = tuple(metric or ())
    results = []
    with _bar() as bar:
        task = bar.add_task("simulating", total=len(strategies))
        for name in strategies:
            run = simulate(graph, strategy=name, conventions=chosen, steps=steps, seed=seed,
                           runs=runs if name == "random" else 1,
                           custom=[c.strip() for c in (custom or "").split(",") if c.strip()],
                           metrics=("lcc", "components", *extra))
            data = run.as_dict()
            if recovery > 0:
                targets = run.removed[:recovery] if run.removed else []
                if targets:
                    data["recovery"] = assess(graph, targets, conventions=chosen, runs=runs,
                                              seed=seed).as_dict()
            results.append(data)
            bar.advance(task)
    if json is not None:
        write_json({"runs": results}, json)
    if json is None or str(json) != "-":
        for data in results:
            console.print(Markdown(run_report(data)))
            if "recovery" in data:
                effect = data["recovery"]["effect"]["lcc"]
                console.print(f"after {recovery} removals: largest component "
                              f"{effect['immediate']:.1%} lower now, {effect['recovered']:.1%} "
                              f"after recovery (band {effect['band'][0]:.1%}..{effect['band'][1]:.1%})")


@app.command("plan")
def plan_cmd(
    file: FileArgument = None,
    case: CaseOption = None,
    as_user: AsOption = None,
    password: PasswordOption = None,
    size: Annotated[int, typer.Option(help="Number of targets in the package.")] = 10,
    runs: RunsOption = 100,
    seed: SeedOption = 0,
    relink: Annotated[float, typer.Option(help="Re-link chance via a trusted intermediary.")] = 0.5,
    takeover: Annotated[float, typer.Option(help="Chance a lieutenant takes over a kingpin.")] = 0.8,
    replace: Annotated[float, typer.Option(help="Chance a facilitator is replaced.")] = 0.6,
    rehire: Annotated[float, typer.Option(help="Chance a free kingpin re-hires lost staff.")] = 0.5,
    annotations: AnnotationsOption = None,
    report: Annotated[Path | None, typer.Option(help="Also write the readable report (Markdown).")] = None,
    json: JsonOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Propose an intervention package on the barrier model (advice for the case team)."""
    graph = network_for(file, case=case, as_user=as_user, password=password, workspace=workspace,
                        annotations=annotations)
    options = PlanOptions(size=size, runs=runs, seed=seed, compare=COMPARED,
                          params=RecoveryParams(relink=relink, takeover=takeover, replace=replace,
                                                rehire=rehire))
    with _bar() as bar:
        tasks: dict[str, Any] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done)

        plan = make_plan(graph, options=options, progress=progress,
                         conventions=Conventions(directed=False, component="weak"))
    text = plan_report(plan)
    if report is not None:
        report.write_text(text + "\n", encoding="utf-8")
    if json is not None:
        write_json(plan, json)
    if json is None or str(json) != "-":
        console.print(Markdown(text))
