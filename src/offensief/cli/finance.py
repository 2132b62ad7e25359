"""``offensief finance alerts|trace|assets``: laundering typologies, money tracing, afpakken."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
import yaml
from rich.table import Table

from offensief.casework import finance as fin
from offensief.cli.acting import CaseOption, case_run
from offensief.cli.context import EngineOption, WorkspaceOption, check_engine, console, write_json
from offensief.cli.users import AsOption, PasswordOption
from offensief.finance.assets import seizable_by_subject
from offensief.finance.settings import Settings
from offensief.finance.trace import DIRECTIONS, METHODS
from offensief.model.errors import InputError

app = typer.Typer(help="Financial intelligence: laundering typologies, tracing, assets and beneficial owners.",
                  no_args_is_help=True)

JsonOption = Annotated[Path | None, typer.Option("--json", help="Write JSON to FILE ('-' for stdout).")]


def _settings_dict(path: Path | None, typology: list[str] | None) -> dict[str, Any]:
    """The detector settings as plain data (validated here, named in the cache key)."""
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
    Settings.from_dict(data)  # unknown names and bad values fail here, naming the setting
    return data


def _public(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as documented in docs/finance.md (plus ``inputs``): names stay in the API's ``entities``."""
    return [{k: v for k, v in row.items() if k != "entities"} for row in rows]


@app.command("alerts")
def alerts(
    json: JsonOption = None,
    settings: Annotated[Path | None, typer.Option(help="YAML/JSON file with detector settings (see docs/finance.md).")] = None,
    typology: Annotated[list[str] | None, typer.Option(help="Only this typology (repeatable).")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show in the table.")] = 25,
    case: CaseOption = None, as_user: AsOption = None, password: PasswordOption = None,
    workspace: WorkspaceOption = None, engine: EngineOption = "duckdb",
) -> None:
    """Detect laundering typologies in the payments of --case that --as USER may see; merged,
    scored, explained (parties and amounts only where USER sees every input in clear)."""
    options = _settings_dict(settings, typology)
    check_engine(engine)
    with case_run(workspace, case, as_user, password, command="finance alerts") as run:
        found, _ = fin.alerts(run.caller, run.ref, run.view, settings=options, engine=engine)
        shown = _public(fin.shown_alerts(run.view, found or []))
    if json is not None:
        write_json(shown, json)
        if str(json) == "-":
            return
    table = Table("typology", "score", "payments", "amount", "start", "explanation")
    for a in shown[:limit]:
        table.add_row(a["typology"], f"{a['score']:.2f}", str(len(a["transaction_ids"])),
                      "withheld" if a["amount"] is None else f"{a['amount']:,.0f}",
                      (a["start"] or "")[:10], a["explanation"])
    console.print(table)
    console.print(f"{len(shown)} alerts")


@app.command("trace")
def trace(
    start: Annotated[str | None, typer.Option("--from", help="Transaction id, account id or entity id.")] = None,
    alert: Annotated[str | None, typer.Option(help="Trace a whole alert (its id, `finance alerts --json`): all its payments.")] = None,
    direction: Annotated[str, typer.Option(help=f"One of {', '.join(DIRECTIONS)}.")] = "forward",
    method: Annotated[str, typer.Option(help=f"One of {', '.join(METHODS)}.")] = "pro-rata",
    hops: Annotated[int, typer.Option(help="Maximum number of hops.")] = 6,
    days: Annotated[int, typer.Option(help="Horizon in days from the start.")] = 90,
    json: JsonOption = None,
    case: CaseOption = None, as_user: AsOption = None, password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Follow money forward or backward along time-respecting paths (flows for a Sankey), in
    the payments of --case that --as USER may see."""
    if direction not in DIRECTIONS:
        raise InputError(f"unknown direction {direction!r}; known: {', '.join(DIRECTIONS)}", field="direction")
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}; known: {', '.join(METHODS)}", field="method")
    if (start is None) == (alert is None):
        raise InputError("give either --from or --alert", field="from")
    with case_run(workspace, case, as_user, password, command="finance trace") as run:
        if alert is not None:
            found, _ = fin.alert_trace(run.caller, run.ref, run.view, alert=alert, direction=direction,
                                       method=method, hops=hops, days=days)
        else:
            found, _ = fin.trace(run.caller, run.ref, run.view, start=start or "", direction=direction,
                                 method=method, hops=hops, days=days)
        result = fin.shown_trace(run.view, found)
    if json is not None:
        write_json(result, json)
        if str(json) == "-":
            return
    if not result["inputs"]["disclosed"]:
        console.print(f"[yellow]trace withheld: it {result['inputs']['reason']}[/]")
        return
    names = result["labels"]
    table = Table("source", "target", "amount", "payments", "hop")
    for f in result["flows"][:40]:
        table.add_row(names.get(f["source"], f["source"]), names.get(f["target"], f["target"]),
                      f"{f['amount']:,.2f}", str(len(f["transaction_ids"])), str(f["hop"]))
    console.print(table)
    ends = ", ".join(f"{names.get(e['account'], e['account'])} {e['amount']:,.0f}" for e in result["endpoints"][:10])
    console.print(f"traced {result['traced']:,.2f} {result['direction']} ({result['method']}); ends: {ends}")


@app.command("assets")
def assets(
    json: JsonOption = None,
    subjects: Annotated[Path | None, typer.Option(help="Also write seizable value per subject to FILE.")] = None,
    threshold: Annotated[float, typer.Option(help="Ownership share (%) that makes a beneficial owner.")] = 25.0,
    owner: Annotated[str | None, typer.Option(help="Only assets of this beneficial owner.")] = None,
    case: CaseOption = None, as_user: AsOption = None, password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Asset inventory of --case as --as USER may see it, with ultimate beneficial owners
    (straw men seen through, also via laundering alerts) and the chains behind them; assets
    resting on data USER may not read in clear are listed without owner, value or chain."""
    with case_run(workspace, case, as_user, password, command="finance assets") as run:
        found, _ = fin.assets(run.caller, run.ref, run.view, threshold=threshold)
        shown = fin.shown_assets(run.view, found or [])["assets"]
    if owner is not None:
        shown = [a for a in shown if a["beneficial_owner"] == owner or owner in a["beneficial_owner_source_ids"]]
    per_subject = seizable_by_subject([a for a in shown if a["inputs"]["disclosed"]])
    if subjects is not None:
        subjects.write_bytes(orjson.dumps(per_subject, option=orjson.OPT_INDENT_2) + b"\n")
    if json is not None:
        write_json(shown, json)
        if str(json) == "-":
            return
    table = Table("subject", "name", "assets", "seizable value")
    for row in per_subject[:20]:
        table.add_row(row["subject"], row["name"] or "", str(row["assets"]), f"{row['value']:,.0f}")
    console.print(table)
    withheld = sum(1 for a in shown if not a["inputs"]["disclosed"])
    console.print(f"{len(shown)} assets ({withheld} withheld), {len(per_subject)} beneficial owners")
