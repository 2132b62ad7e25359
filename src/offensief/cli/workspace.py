"""Workspace commands: ``init``, ``stats`` and ``ingest``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from offensief.cli.context import WorkspaceOption, console, open_workspace, write_json
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace


def register(app: typer.Typer) -> None:
    """Add the top-level workspace commands to ``app``."""
    app.command("init")(init)
    app.command("stats")(stats)


def init(directory: Annotated[Path, typer.Argument(help="New workspace folder.")]) -> None:
    """Create a workspace: config, DuckDB analytical store, operational store."""
    ws = Workspace.init(directory)
    with Store.open(ws):
        pass
    console.print(f"workspace created at [bold]{ws.root}[/]")
    console.print(f"use it with --workspace {ws.root} or: export OFFENSIEF_WORKSPACE={ws.root}")


def stats(
    json: Annotated[Path | None, typer.Option("--json", help="Write JSON to FILE ('-' for stdout).")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """What the workspace holds: entities per dataset and schema, statements, transactions."""
    with Store.open(open_workspace(workspace), read_only=False) as store:
        data = store.stats()
    if json is not None:
        write_json(data, json)
        return
    print_stats(data)


def print_stats(data: dict) -> None:
    """Render store statistics as a table per dataset and schema."""
    table = Table("dataset", "partner", "regime", "schema", "entities", title="Workspace contents")
    for name, entry in data["datasets"].items():
        first = True
        for schema, count in (entry["schemata"] or {"-": 0}).items():
            table.add_row(name if first else "", entry["partner"] if first else "",
                          entry["regime"] if first else "", schema, f"{count:,}")
            first = False
    console.print(table)
    console.print(
        f"{data['entities']:,} entities, {data['statements']:,} statements, "
        f"{data['transactions']:,} transactions"
    )
