"""Shared CLI plumbing: the workspace option, the console, JSON output."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console

from offensief.model.errors import InputError
from offensief.store.workspace import ENV_WORKSPACE, Workspace

console = Console()
err_console = Console(stderr=True)

#: The option every workspace command takes; ``$OFFENSIEF_WORKSPACE`` is the fallback.
WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        envvar=ENV_WORKSPACE,
        help="Workspace folder (default: $OFFENSIEF_WORKSPACE).",
        show_default=False,
    ),
]


def open_workspace(path: Path | None) -> Workspace:
    """Open the workspace named by ``--workspace`` or the environment."""
    return Workspace.from_env(path)


def write_json(data: Any, path: Path | None) -> None:
    """Write ``data`` as JSON to ``path`` ('-' or None prints to stdout)."""
    blob = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS, default=str)
    if path is None or str(path) == "-":
        typer.echo(blob.decode())
    else:
        path.write_bytes(blob + b"\n")


#: ``--engine``: where the heavy work runs (docs/scale.md).
ENGINES = ("duckdb", "spark")
EngineOption = Annotated[str, typer.Option(
    "--engine", help="duckdb (embedded, default) or spark (scale-out; local[*] or $OFFENSIEF_SPARK_MASTER).")]


def check_engine(engine: str) -> str:
    """The engine name, or a clear error."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; use {' or '.join(ENGINES)}", field="engine")
    return engine
