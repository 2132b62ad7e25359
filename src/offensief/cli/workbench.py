"""``offensief search``: the workbench's search box on the command line, as an authenticated
``--as`` user, masked and audited exactly as in the web UI."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from offensief.casework.search import KINDS
from offensief.casework.search import search as search_case
from offensief.cli.acting import cli_caller
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, JsonOption, PasswordOption

CaseOption = Annotated[str, typer.Option("--case", help="Case name or id (you must be a member).")]


def search(
    query: Annotated[str, typer.Argument(help="Name, IBAN, phone, plate, address or KvK number.")],
    case: CaseOption,
    kind: Annotated[str | None, typer.Option(help=f"Force a kind: {', '.join(KINDS)}.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 25,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Search a case: names (initials, any order, typos), IBAN, phone, plate, address, KvK."""
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        result = search_case(caller, case, query, kind=kind, limit=limit)
    if json is not None:
        write_json(result.to_dict(), json)
        return
    table = Table(title=f"{len(result.hits)} results for {result.query!r} ({result.kind})")
    for column in ("id", "caption", "schema", "score", "datasets"):
        table.add_column(column)
    for hit in result.hits:
        table.add_row(hit.id, hit.caption, hit.schema, f"{hit.score:.2f}",
                      ", ".join(f"{d} ({v})" for d, v in hit.datasets.items()))
    console.print(table)

