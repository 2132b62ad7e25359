"""``offensief partner add|list``: the partner organisations users belong to."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from offensief.access import actors
from offensief.access.rules import PARTNER_KINDS
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, JsonOption, PasswordOption, acting, operational

app = typer.Typer(help="Partner organisations (police, prosecution, FIOD, tax office, ...).",
                  no_args_is_help=True)


@app.command("add")
def add(
    name: str,
    kind: Annotated[str, typer.Option(help=f"Kind the policy reasons about: {', '.join(PARTNER_KINDS)}.")],
    title: Annotated[str, typer.Option(help="Full name, e.g. 'Gemeente Rotterdam'.")] = "",
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Register a partner organisation."""
    with operational(workspace) as op:
        partner = actors.add_partner(op.session, name=name, kind=kind, title=title,
                                     actor=acting(op.session, as_user, as_password))
    console.print(f"partner [bold]{partner.name}[/] ({partner.kind})")


@app.command("list")
def list_(json: JsonOption = None, workspace: WorkspaceOption = None) -> None:
    """List partner organisations and their number of users."""
    with operational(workspace) as op:
        rows = [{"name": p.name, "kind": p.kind, "title": p.title, "users": len(p.users)}
                for p in actors.list_partners(op.session)]
    if json is not None:
        write_json(rows, json)
        return
    table = Table("name", "kind", "title", "users")
    for r in rows:
        table.add_row(r["name"], r["kind"], r["title"], str(r["users"]))
    console.print(table)
