"""``offensief serve``: the web UI and API of one workspace on 127.0.0.1."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from offensief.cli.context import WorkspaceOption, console, open_workspace
from offensief.server import create_app

app = typer.Typer(help="Serve the web UI and the API.", add_completion=False)


@app.callback(invoke_without_command=True)
def serve(
    workspace: WorkspaceOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on (keep 127.0.0.1 unless behind a proxy).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Background job threads.")] = 2,
    secure_cookies: Annotated[bool, typer.Option(help="Mark the session cookie Secure (behind HTTPS).")] = False,
) -> None:
    """Serve the web UI and the API (OpenAPI document at /openapi.json)."""
    ws = open_workspace(workspace)
    app = create_app(ws, workers=workers, secure_cookies=secure_cookies)
    console.print(f"Offensief serving [bold]{ws.root}[/] at [link]http://{host}:{port}/[/link]  (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
