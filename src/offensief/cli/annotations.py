"""``offensief note add|list`` and ``offensief view save|list|show``: notes on nodes and
links, and saved canvas views of a case, as an authenticated ``--as`` member (audited, the
same rules as the workbench page)."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from offensief.casework import annotations as notes_
from offensief.cli.acting import cli_caller
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, JsonOption, PasswordOption
from offensief.cli.workbench import CaseOption
from offensief.model.errors import InputError

note_app = typer.Typer(help="Notes on nodes and links of a case, shared with its members.", no_args_is_help=True)
view_app = typer.Typer(help="Saved views of the workbench canvas of a case.", no_args_is_help=True)


@note_app.command("add")
def note_add(
    entity: Annotated[str, typer.Argument(help="The entity (canonical or source id) the note is about.")],
    text: Annotated[str, typer.Argument(help="The note.")],
    case: CaseOption,
    other: Annotated[str, typer.Option(help="The other end, for a note on a link.")] = "",
    relation: Annotated[str, typer.Option(help="The link's relation (e.g. Payment).")] = "",
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """Write a note on an entity or a link, shared with the case's members."""
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        note = notes_.add_note(caller, case, entity=entity, text=text, other=other, relation=relation)
    console.print(f"note {note['id']} on {note['caption']}" + (f" → {note['other_caption']}" if other else ""))


@note_app.command("list")
def note_list(
    case: CaseOption,
    entity: Annotated[str | None, typer.Option(help="Only notes on this entity (id or token).")] = None,
    json: JsonOption = None,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """The case's notes as you may see them (against tokens where you see the entity as one)."""
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        found = notes_.notes(caller, case, entity=entity)
    if json is not None:
        write_json({"total": len(found), "notes": found}, json)
        return
    table = Table("id", "on", "text", "by", "when")
    for n in found:
        on = n["caption"] + (f" → {n['other_caption']} ({n['relation']})" if n["other"] else "")
        table.add_row(str(n["id"]), on, n["text"], n["author"], n["created_at"][:16])
    console.print(table)


@view_app.command("save")
def view_save(
    name: Annotated[str, typer.Argument(help="The view's name.")],
    state: Annotated[Path, typer.Argument(help="JSON file with the canvas state (as `view show --json` writes).")],
    case: CaseOption,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """Save (or replace) a named canvas view: seeds, nodes, selection, filters, period, positions."""
    try:
        data = jsonlib.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{state}: not a readable JSON file ({exc})", field="state") from None
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        saved = notes_.save_view(caller, case, name=name, state=data.get("state", data))
    console.print(f"view {saved['name']!r} saved ({len(saved['state']['nodes'])} nodes)")


@view_app.command("list")
def view_list(
    case: CaseOption, json: JsonOption = None,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """The case's saved canvas views."""
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        found = notes_.saved_views(caller, case)
    if json is not None:
        write_json({"views": found}, json)
        return
    table = Table("name", "nodes", "saved by", "saved at")
    for v in found:
        table.add_row(v["name"], str(v["nodes"]), v["saved_by"], v["saved_at"][:16])
    console.print(table)


@view_app.command("show")
def view_show(
    name: Annotated[str, typer.Argument(help="The view's name.")],
    case: CaseOption, json: JsonOption = None,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """One saved view with its state."""
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        found = notes_.open_saved_view(caller, case, name)
    if json is not None:
        write_json(found, json)
        return
    state = found["state"]
    console.print(f"{found['name']}: {len(state['nodes'])} nodes, {len(state['selected'])} selected, "
                  f"relations {', '.join(state['relations']) or 'all'}, period {state['since'] or '…'} – {state['until'] or '…'}")
