"""``offensief dataset add|list|show``: partner datasets and their legal regime."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from offensief.cli.context import WorkspaceOption, console, open_workspace, write_json
from offensief.model.dataset import REGIMES, Dataset
from offensief.store.duckstore import Store

app = typer.Typer(help="Partner datasets: name, partner, legal regime, purpose, retention.", no_args_is_help=True)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Dataset name (lower-case, e.g. politie-bvh).")],
    partner: Annotated[str, typer.Option(help="Supplying partner organisation, e.g. politie.")],
    regime: Annotated[str, typer.Option(help=f"Legal regime: {', '.join(REGIMES)}.")],
    purpose: Annotated[str, typer.Option(help="Purpose the data were collected for.")],
    collected_at: Annotated[str, typer.Option(help="Collection date, YYYY-MM-DD.")],
    retention: Annotated[str | None, typer.Option(help="Date, period (5y, 6m) or case+PERIOD; default per regime.")] = None,
    title: Annotated[str, typer.Option(help="Human-readable title.")] = "",
    replace: Annotated[bool, typer.Option(help="Update an existing dataset's metadata.")] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Register a partner dataset. Data can only be loaded into a registered dataset."""
    ds = Dataset.create(
        name=name, partner=partner, regime=regime, purpose=purpose,
        collected_at=collected_at, retention=retention, title=title,
    )
    with Store.open(open_workspace(workspace)) as store:
        store.add_dataset(ds, replace=replace)
    console.print(f"dataset [bold]{ds.name}[/] ({ds.partner}, {ds.regime}, retention {ds.retention})")


@app.command("list")
def list_(
    json: Annotated[Path | None, typer.Option("--json", help="Write JSON to FILE ('-' for stdout).")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """List datasets with partner, regime and size."""
    with Store.open(open_workspace(workspace)) as store:
        stats = store.stats()["datasets"]
        rows = [d.to_dict() | {"statements": stats.get(d.name, {}).get("statements", 0)} for d in store.datasets()]
    if json is not None:
        write_json(rows, json)
        return
    table = Table("name", "partner", "regime", "purpose", "collected", "retention", "statements")
    for r in rows:
        table.add_row(r["name"], r["partner"], r["regime"], r["purpose"], r["collected_at"],
                      r["retention"], f"{r['statements']:,}")
    console.print(table)


@app.command("show")
def show(
    name: str,
    json: Annotated[Path | None, typer.Option("--json", help="Write JSON to FILE ('-' for stdout).")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Show one dataset: metadata, regime meaning, entities per schema."""
    with Store.open(open_workspace(workspace)) as store:
        ds = store.get_dataset(name)
        counts = store.stats()["datasets"].get(name, {})
    data = ds.to_dict() | {"regime_meaning": REGIMES[ds.regime], "schemata": counts.get("schemata", {}),
                           "statements": counts.get("statements", 0)}
    if json is not None:
        write_json(data, json)
        return
    for key in ("name", "title", "partner", "regime", "regime_meaning", "purpose", "collected_at", "retention", "statements"):
        console.print(f"[bold]{key:>15}[/]  {data[key]}")
    for schema, n in data["schemata"].items():
        console.print(f"{schema:>15}  {n:,}")
