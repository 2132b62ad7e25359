"""``offensief release add|list``: provide a finding to a partner on a legal ground; read
the findings released to your partner. Both as the authenticated ``--as`` user, audited."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from offensief.access.releases import KINDS, LEGAL_GROUNDS
from offensief.casework.releases import release_finding, released
from offensief.cli.acting import cli_caller
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, JsonOption, PasswordOption
from offensief.model.errors import InputError

app = typer.Typer(help="Release findings to partners (provision on a legal ground) and read them.",
                  no_args_is_help=True)

CaseArgument = Annotated[str, typer.Option("--case", envvar="OFFENSIEF_CASE", help="Case name or id.")]


@app.command("add")
def add(
    case: CaseArgument,
    subject: Annotated[str, typer.Argument(help="Entity id (role) or asset id (asset).")],
    to: Annotated[str, typer.Option("--to", help="The partner receiving the finding.")],
    ground: Annotated[str, typer.Option("--ground", help=f"Legal ground: {', '.join(LEGAL_GROUNDS)}.")],
    note: Annotated[str, typer.Option(help="The decision or request the release serves (recorded).")],
    kind: Annotated[str, typer.Option(help=f"What is released: {', '.join(KINDS)}.")] = "role",
    as_user: AsOption = None, password: PasswordOption = None, json: JsonOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Provide one finding you see in clear (and may share) to a partner."""
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}", field="kind")
    with cli_caller(workspace, as_user, password, store=True) as caller:
        record = release_finding(caller, case, kind=kind, subject=subject, recipient=to,
                                 legal_ground=ground, note=note)
    if json is not None:
        write_json(record.to_json(), json)
        return
    console.print(f"release {record.id}: {kind} of {subject} to {to} ({ground})")


@app.command("list")
def list_releases(
    case: CaseArgument,
    as_user: AsOption = None, password: PasswordOption = None, json: JsonOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """The findings of a case released to your partner (and those you released)."""
    with cli_caller(workspace, as_user, password, store=True) as caller:
        rows = [r.to_json() for r in released(caller, case)]
    if json is not None:
        write_json(rows, json)
        return
    table = Table("id", "kind", "subject", "to", "ground", "by", "at", "note")
    for r in rows:
        name = r["finding"].get("subject", {}).get("name") if r["kind"] == "role" else r["finding"].get("label")
        table.add_row(str(r["id"]), r["kind"], str(name or r["subject"]), r["recipient"], r["legal_ground"],
                      r["released_by"], str(r["released_at"])[:16], r["note"])
    console.print(table)
