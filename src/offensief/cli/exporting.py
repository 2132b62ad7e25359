"""``offensief export``: a case for other tools (Gephi, Analyst's Notebook, Aleph, a
spreadsheet) or as a PDF report, as an authenticated ``--as`` user: only the datasets that
user may export, audited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from offensief.casework.export import CSV_TABLES, FORMATS, export_case
from offensief.cli.acting import cli_caller
from offensief.cli.context import WorkspaceOption, console
from offensief.cli.users import AsOption, PasswordOption
from offensief.cli.workbench import CaseOption


def export(
    file: Annotated[Path, typer.Argument(help="Write the export here.")],
    case: CaseOption,
    format: Annotated[str, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")],
    table: Annotated[str, typer.Option(help=f"For csv: {', '.join(CSV_TABLES)}.")] = "entities",
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Export a case for other tools (Gephi, Analyst's Notebook, Aleph, a spreadsheet) or as a
    PDF report: only what you may export, audited."""
    with (cli_caller(workspace, as_user, as_password, store=True) as caller,
          console.status("exporting") as status):
        done = export_case(caller, case, format, table=table,
                           progress=lambda step: status.update(f"export: {step}"))
    file.write_bytes(done.content)
    console.print(f"{done.summary} → {file}")
