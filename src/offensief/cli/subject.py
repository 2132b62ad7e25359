"""``offensief subject export``: a data-subject request, for the privacy officer (audited)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from offensief.access.subject import subject_export
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, PasswordOption, personal_data

app = typer.Typer(help="Data-subject requests (AVG art. 15).", no_args_is_help=True)


@app.callback()
def subject() -> None:
    """Data-subject requests (AVG art. 15): keeps ``subject export`` a sub-command."""


@app.command("export")
def export(
    reason: Annotated[str, typer.Option(help="The request being answered (reference).")],
    json: Annotated[Path, typer.Option("--json", help="Write the export to FILE ('-' for stdout).")],
    name: Annotated[str | None, typer.Option(help="Full name of the person.")] = None,
    birth_date: Annotated[str | None, typer.Option(help="Birth date YYYY-MM-DD (with --name).")] = None,
    identifier: Annotated[str | None, typer.Option(help="IBAN, phone, KvK number or plate.")] = None,
    entity: Annotated[list[str] | None, typer.Option(help="Entity id (repeatable).")] = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Gather everything about one person across datasets (needs the auditor role)."""
    with personal_data(workspace, as_user, as_password) as (op, store, who):
        out = subject_export(store, op.session, actor=who, reason=reason, name=name,
                             birth_date=birth_date, identifier=identifier, entity_ids=entity)
    write_json(out, json)
    if str(json) != "-":
        console.print(f"exported {len(out['entities'])} entities from {len(out['datasets'])} "
                      f"datasets to {json} (audit entry {out['request']['audit_seq']})")
