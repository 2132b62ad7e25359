"""``offensief correction request|list|decide``: corrections to a partner's data go to that
partner as a request, never as a write."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from offensief.casework import corrections
from offensief.cli.acting import cli_caller
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, JsonOption, PasswordOption

app = typer.Typer(help="Correction requests to a dataset's supplying partner.", no_args_is_help=True)


@app.command("request")
def request(
    dataset: Annotated[str, typer.Argument(help="The dataset holding the wrong value.")],
    case: Annotated[int, typer.Option(help="Case id in which you saw the value.")],
    entity: Annotated[str, typer.Option(help="Source entity id.")],
    prop: Annotated[str, typer.Option("--property", help="FtM property, e.g. birthDate.")],
    reason: Annotated[str, typer.Option(help="Why the value is wrong.")],
    value: Annotated[str, typer.Option(help="The proposed value ('' = remove).")] = "",
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Ask the dataset's supplier to correct a value (nothing is written to its data)."""
    with cli_caller(workspace, as_user, as_password) as caller:
        made = corrections.request(caller, case_id=case, dataset=dataset, entity_id=entity, prop=prop,
                                   value=value, reason=reason)
    if json is not None:
        write_json(made.to_dict(), json)
        return
    console.print(f"correction request {made.id} sent to {made.partner} ({dataset})")


@app.command("list")
def list_(json: JsonOption = None, as_user: AsOption = None, as_password: PasswordOption = None,
          workspace: WorkspaceOption = None) -> None:
    """Requests to your organisation's datasets and those your organisation made."""
    with cli_caller(workspace, as_user, as_password) as caller:
        rows = corrections.listing(caller)
    if json is not None:
        write_json([r.to_dict() for r in rows], json)
        return
    table = Table("id", "dataset", "to", "from", "entity", "property", "status", "reason")
    for r in rows:
        table.add_row(str(r.id), r.dataset, r.partner, f"{r.requester} ({r.requester_partner})",
                      r.entity_id, r.prop, r.status, r.reason[:40])
    console.print(table)


@app.command("decide")
def decide(
    request_id: int,
    accept: Annotated[bool, typer.Option("--accept/--reject", help="Accept or reject.")],
    note: Annotated[str, typer.Option(help="A note for the requester.")] = "",
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Accept or reject a request to your organisation's dataset (load the corrected file
    yourself with `offensief ingest --as`)."""
    with cli_caller(workspace, as_user, as_password) as caller:
        done = corrections.decide(caller, request_id=request_id, accept=accept, note=note)
    console.print(f"correction request {done.id}: {done.status}")
