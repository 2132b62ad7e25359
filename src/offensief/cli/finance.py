"""``offensief finance alerts|trace|assets``: laundering typologies, money tracing, afpakken."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
import yaml
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from offensief.cli.context import WorkspaceOption, console, open_workspace, write_json
from offensief.finance.alerts import detect_alerts
from offensief.finance.assets import asset_inventory, seizable_by_subject
from offensief.finance.settings import Settings
from offensief.finance.trace import DIRECTIONS, METHODS, trace_funds
from offensief.model.errors import InputError
from offensief.store.duckstore import Store

app = typer.Typer(help="Financial intelligence: laundering typologies, tracing, assets and beneficial owners.",
                  no_args_is_help=True)

JsonOption = Annotated[Path | None, typer.Option("--json", help="Write JSON to FILE ('-' for stdout).")]


def _settings(path: Path | None, typology: list[str] | None) -> Settings:
    data: dict[str, Any] = {}
    if path is not None:
        if not path.exists():
            raise InputError("settings file not found", file=str(path))
        loaded = yaml.safe_load(path.read_text()) or {}
        if not isinstance(loaded, dict):
            raise InputError("settings must be a mapping of name: value", file=str(path))
        data = loaded
    if typology:
        data["typologies"] = typology
    return Settings.from_dict(data)


@app.command("alerts")
def alerts(
    json: JsonOption = None,
    settings: Annotated[Path | None, typer.Option(help="YAML/JSON file with detector settings (see docs/finance.md).")] = None,
    typology: Annotated[list[str] | None, typer.Option(help="Only this typology (repeatable).")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show in the table.")] = 25,
    workspace: WorkspaceOption = None,
) -> None:
    """Detect laundering typologies in the workspace's payments; merged, scored, explained."""
    options = _settings(settings, typology)
    with Store.open(open_workspace(workspace)) as store:
        columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("finance", total=1)

            def tick(step: str, done: int, total: int) -> None:
                bar.update(task, description=step, completed=done, total=total)

            found = detect_alerts(store.con, settings=options, progress=tick)
    if json is not None:
        write_json(found, json)
        if str(json) == "-":
            return
    table = Table("typology", "score", "payments", "amount", "start", "explanation")
    for a in found[:limit]:
        table.add_row(a["typology"], f"{a['score']:.2f}", str(len(a["transaction_ids"])),
                      f"{a['amount']:,.0f}", (a["start"] or "")[:10], a["explanation"])
    console.print(table)
    console.print(f"{len(found)} alerts")


@app.command("trace")
def trace(
    start: Annotated[str, typer.Option("--from", help="Transaction id, account id or entity id.")],
    direction: Annotated[str, typer.Option(help=f"One of {', '.join(DIRECTIONS)}.")] = "forward",
    method: Annotated[str, typer.Option(help=f"One of {', '.join(METHODS)}.")] = "pro-rata",
    hops: Annotated[int, typer.Option(help="Maximum number of hops.")] = 6,
    days: Annotated[int, typer.Option(help="Horizon in days from the start.")] = 90,
    json: JsonOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Follow money forward or backward along time-respecting paths (flows for a Sankey)."""
    with Store.open(open_workspace(workspace)) as store:
        result = trace_funds(store.con, start=start, direction=direction, method=method,
                             max_hops=hops, horizon_days=days)
    if json is not None:
        write_json(result, json)
        if str(json) == "-":
            return
    table = Table("source", "target", "amount", "payments", "hop")
    for f in result["flows"][:40]:
        table.add_row(f["source"], f["target"], f"{f['amount']:,.2f}", str(len(f["transaction_ids"])), str(f["hop"]))
    console.print(table)
    ends = ", ".join(f"{e['account']} {e['amount']:,.0f}" for e in result["endpoints"][:10])
    console.print(f"traced {result['traced']:,.2f} {result['direction']} ({result['method']}); ends: {ends}")


@app.command("assets")
def assets(
    json: JsonOption = None,
    subjects: Annotated[Path | None, typer.Option(help="Also write seizable value per subject to FILE.")] = None,
    threshold: Annotated[float, typer.Option(help="Ownership share (%) that makes a beneficial owner.")] = 25.0,
    owner: Annotated[str | None, typer.Option(help="Only assets of this beneficial owner.")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Asset inventory with ultimate beneficial owners (straw men seen through, also via
    laundering alerts) and the chains behind them."""
    with Store.open(open_workspace(workspace)) as store:
        laundering = detect_alerts(store.con)
        found = asset_inventory(store.con, threshold=threshold, alerts=laundering)
    if owner is not None:
        found = [a for a in found if a["beneficial_owner"] == owner or owner in a["beneficial_owner_source_ids"]]
    per_subject = seizable_by_subject(found)
    if subjects is not None:
        subjects.write_bytes(orjson.dumps(per_subject, option=orjson.OPT_INDENT_2) + b"\n")
    if json is not None:
        write_json(found, json)
        if str(json) == "-":
            return
    table = Table("subject", "name", "assets", "seizable value")
    for row in per_subject[:20]:
        table.add_row(row["subject"], row["name"] or "", str(row["assets"]), f"{row['value']:,.0f}")
    console.print(table)
    console.print(f"{len(found)} assets, {len(per_subject)} beneficial owners")
