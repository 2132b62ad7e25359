"""``offensief user add|list|disable|token|roles`` and the acting-user plumbing of access CLIs.

Administrative commands run as the local operator (the workspace owner) unless ``--as USER``
names an account, which must then be allowed; commands that show personal data always need
``--as USER`` and that user's password (``$OFFENSIEF_PASSWORD`` or a prompt).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from offensief.access import actors
from offensief.access.policy import Actor
from offensief.access.rules import ROLES
from offensief.cli.context import WorkspaceOption, console, open_workspace, write_json
from offensief.db.engine import open_workspace_database
from offensief.model.errors import AuthenticationError
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

AsOption = Annotated[
    str | None,
    typer.Option("--as", envvar="OFFENSIEF_USER", show_default=False,
                 help="Act as this user (default: $OFFENSIEF_USER; none = local operator)."),
]
PasswordOption = Annotated[
    str | None,
    typer.Option("--password", envvar="OFFENSIEF_PASSWORD", show_default=False, hidden=True,
                 help="Password of the --as user (default: $OFFENSIEF_PASSWORD or a prompt)."),
]
JsonOption = Annotated[
    Path | None, typer.Option("--json", help="Write JSON to FILE ('-' for stdout).")
]


@dataclass
class Operational:
    """An open workspace with a session on its operational store."""

    workspace: Workspace
    session: Session


@contextmanager
def operational(workspace: Path | None) -> Iterator[Operational]:
    """Open the workspace's operational store; commit on success."""
    ws = open_workspace(workspace)
    db = open_workspace_database(ws)
    try:
        with db.session() as session:
            yield Operational(ws, session)
    finally:
        db.dispose()


def acting(session: Session, username: str | None, password: str | None, *,
           required: bool = False) -> Actor | None:
    """The authenticated ``--as`` user, or ``None`` for the local operator."""
    if username is None:
        if required:
            raise AuthenticationError("this command shows personal data: pass --as USER "
                                      "(or set OFFENSIEF_USER)")
        return None
    if password is None:
        password = typer.prompt(f"password for {username}", hide_input=True)
    return actors.authenticate(session, username=username, password=password, source="cli")


@contextmanager
def personal_data(workspace: Path | None, username: str | None,
                  password: str | None) -> Iterator[tuple[Operational, Store, Actor]]:
    """Open both stores for a command that shows personal data, as the authenticated user."""
    with operational(workspace) as op, Store.open(op.workspace) as store:
        who = acting(op.session, username, password, required=True)
        assert who is not None
        yield op, store, who


app = typer.Typer(help="Users: one partner each, roles, argon2id passwords, API tokens.",
                  no_args_is_help=True)


@app.command("add")
def add(
    username: str,
    partner: Annotated[str, typer.Option(help="Partner organisation the user belongs to.")],
    role: Annotated[list[str], typer.Option(help=f"Role (repeatable): {', '.join(ROLES)}.")],
    password: Annotated[str | None, typer.Option("--set-password", help="Password (default: generated and shown once).")] = None,
    token: Annotated[bool, typer.Option(help="Also create an API token (shown once).")] = False,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Create a user; a generated password and any API token are printed once."""
    with operational(workspace) as op:
        actor = acting(op.session, as_user, as_password)
        user, secret = actors.add_user(op.session, username=username, partner=partner,
                                       roles=role, password=password, actor=actor)
        api_token = actors.issue_token(op.session, username=username, label="cli",
                                       actor=actor) if token else None
    console.print(f"user [bold]{user.username}[/] ({partner}; {', '.join(user.roles)})")
    if password is None:
        console.print(f"password (shown once): {secret}", highlight=False)
    if api_token:
        console.print(f"API token (shown once): {api_token}", highlight=False)


@app.command("list")
def list_(json: JsonOption = None, workspace: WorkspaceOption = None) -> None:
    """List users with partner, roles and status (never password or token hashes)."""
    with operational(workspace) as op:
        rows = [{"username": u.username, "partner": u.partner.name, "partner_kind": u.partner.kind,
                 "roles": u.roles, "disabled": u.disabled} for u in actors.list_users(op.session)]
    if json is not None:
        write_json(rows, json)
        return
    table = Table("username", "partner", "roles", "status")
    for r in rows:
        table.add_row(r["username"], r["partner"], ", ".join(r["roles"]),
                      "disabled" if r["disabled"] else "active")
    console.print(table)


@app.command("disable")
def disable(username: str, as_user: AsOption = None, as_password: PasswordOption = None,
            workspace: WorkspaceOption = None) -> None:
    """Disable an account, revoke its API tokens and end its web sessions."""
    with operational(workspace) as op:
        actors.disable_user(op.session, username=username,
                            actor=acting(op.session, as_user, as_password))
    console.print(f"user [bold]{username}[/] disabled, tokens revoked, sessions ended")


@app.command("password")
def password(
    username: str,
    new: Annotated[str | None, typer.Option("--new", envvar="OFFENSIEF_NEW_PASSWORD", hidden=True,
                                            help="The new password (default: a prompt).")] = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Set a user's password (the user themself with --as, or an admin / the operator);
    every web session and API token of the user ends."""
    if new is None:
        new = typer.prompt(f"new password for {username}", hide_input=True, confirmation_prompt=True)
    with operational(workspace) as op:
        actor = acting(op.session, as_user, as_password)
        counts = actors.change_password(op.session, username=username, new=new, actor=actor,
                                        old=as_password if actor and actor.username == username else None)
    console.print(f"password of [bold]{username}[/] changed; {counts['sessions_ended']} sessions "
                  f"ended, {counts['tokens_revoked']} tokens revoked")


@app.command("token")
def token(username: str, label: Annotated[str, typer.Option(help="What the token is for.")] = "",
          as_user: AsOption = None, as_password: PasswordOption = None,
          workspace: WorkspaceOption = None) -> None:
    """Create an API token for a user; it is printed once and stored only as a hash."""
    with operational(workspace) as op:
        plain = actors.issue_token(op.session, username=username, label=label,
                                   actor=acting(op.session, as_user, as_password))
    console.print(f"API token for {username} (shown once): {plain}", highlight=False)


@app.command("roles")
def roles(username: str, role: Annotated[list[str], typer.Option(help="New roles (repeatable).")],
          as_user: AsOption = None, as_password: PasswordOption = None,
          workspace: WorkspaceOption = None) -> None:
    """Replace a user's roles (audited as a permission change)."""
    with operational(workspace) as op:
        user = actors.set_roles(op.session, username=username, roles=role,
                                actor=acting(op.session, as_user, as_password))
    console.print(f"user [bold]{username}[/]: {', '.join(user.roles)}")
