"""``offensief case ...``, ``offensief hit`` and ``offensief reveal``: cases and need-to-know."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from offensief.access.hits import KINDS
from offensief.access.hits import hit as hit_check
from offensief.access.reveal import reveal as reveal_token
from offensief.access.rules import LEVELS
from offensief.access.view import case_view
from offensief.cases import service
from offensief.casework.casegraph import export_statements
from offensief.cli.acting import cli_caller
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import (
    AsOption,
    JsonOption,
    PasswordOption,
    acting,
    operational,
    personal_data,
)
from offensief.db.cases import Case
from offensief.store.duckstore import Store

app = typer.Typer(help="Cases: the purpose every read of personal data happens in.",
                  no_args_is_help=True)


def case_summary(case: Case) -> dict[str, Any]:
    """The JSON shape of a case (no personal data)."""
    return {
        "id": case.id, "name": case.name, "level": case.level, "phenomenon": case.phenomenon,
        "owner": case.owner.name, "purpose": case.purpose, "legal_basis": case.legal_basis,
        "status": case.status, "created_at": case.created_at.isoformat(),
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "members": sorted(m.user.username for m in case.members),
        "datasets": [{"dataset": d.dataset, "partner": d.partner, "regime": d.regime,
                      "released": d.released} for d in case.datasets],
    }


@app.command("create")
def create(
    name: str,
    level: Annotated[str, typer.Option(help=f"Scope: {', '.join(LEVELS)}.")],
    phenomenon: Annotated[str, typer.Option(help="E.g. cocaine import, synthetic drugs.")],
    owner: Annotated[str, typer.Option(help="Owning partner organisation.")],
    purpose: Annotated[str, typer.Option(help="Purpose of the case (the reason for every read).")],
    legal_basis: Annotated[str, typer.Option(help="Legal basis, e.g. 'Wpg art. 9'.")],
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Open a case; the acting user becomes its first member."""
    with operational(workspace) as op:
        case = service.create_case(op.session, name=name, level=level, phenomenon=phenomenon,
                                   owner=owner, purpose=purpose, legal_basis=legal_basis,
                                   actor=acting(op.session, as_user, as_password))
        console.print(f"case {case.id} [bold]{case.name}[/] ({case.level}, owner {owner})")


@app.command("list")
def list_(json: JsonOption = None, as_user: AsOption = None, as_password: PasswordOption = None,
          workspace: WorkspaceOption = None) -> None:
    """List cases (with --as: only the user's own cases)."""
    with operational(workspace) as op:
        cases = service.list_cases(op.session, actor=acting(op.session, as_user, as_password))
        rows = [case_summary(c) for c in cases]
    if json is not None:
        write_json(rows, json)
        return
    table = Table("id", "name", "level", "owner", "status", "members", "datasets")
    for r in rows:
        table.add_row(str(r["id"]), r["name"], r["level"], r["owner"], r["status"],
                      str(len(r["members"])), str(len(r["datasets"])))
    console.print(table)


@app.command("show")
def show(
    case: str,
    entity: Annotated[list[str] | None, typer.Option(help="Show this entity's statements (repeatable).")] = None,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Show a case; with --as, what the user sees of it (clear, tokens) and entity statements."""
    with operational(workspace) as op:
        row = service.get_case(op.session, case)
        data = case_summary(row)
        who = acting(op.session, as_user, as_password, required=bool(entity))
        if who is not None:
            with Store.open(op.workspace) as store:
                view = case_view(store, op.session, actor=who, case=row)
                data["visible_datasets"] = view.visible_datasets()
                if entity:
                    data["statements"] = view.statements(entity_ids=entity)
    if json is not None:
        write_json(data, json)
        return
    for key in ("id", "name", "level", "phenomenon", "owner", "status", "purpose", "legal_basis"):
        console.print(f"[bold]{key:>12}[/]  {data[key]}", highlight=False)
    console.print(f"[bold]{'members':>12}[/]  {', '.join(data['members'])}")
    for d in data["datasets"]:
        seen = data.get("visible_datasets", {}).get(d["dataset"], "")
        console.print(f"{'dataset':>12}  {d['dataset']} ({d['partner']}, {d['regime']})"
                      f"{' released' if d['released'] else ''} {seen}", highlight=False)
    if data.get("statements"):
        table = Table("entity", "schema", "prop", "value", "dataset", "visibility")
        for s in data["statements"]:
            table.add_row(s["entity_id"], s["schema"], s["prop"], s["value"], s["dataset"],
                          s["visibility"])
        console.print(table)


@app.command("export")
def export(
    case: str,
    json: Annotated[Path, typer.Option("--json", help="Write the statements to FILE ('-' for stdout).")],
    entity: Annotated[list[str] | None, typer.Option(help="Only these entities (repeatable).")] = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Export the statements of the datasets the user may export (audited)."""
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        rows = export_statements(caller, case, entity_ids=entity)
    write_json(rows, json)
    if str(json) != "-":
        console.print(f"exported {len(rows):,} statements to {json}")


@app.command("add-member")
def add_member(case: str, username: str, as_user: AsOption = None,
               as_password: PasswordOption = None, workspace: WorkspaceOption = None) -> None:
    """Add a user to a case."""
    with operational(workspace) as op:
        row = service.get_case(op.session, case)
        service.add_member(op.session, case=row, username=username,
                           actor=acting(op.session, as_user, as_password))
    console.print(f"{username} added to case {case}")


@app.command("attach")
def attach(case: str, dataset: list[str], as_user: AsOption = None,
           as_password: PasswordOption = None, workspace: WorkspaceOption = None) -> None:
    """Attach datasets of the analytical store (with their regime) to a case."""
    with operational(workspace) as op, Store.open(op.workspace) as store:
        row = service.get_case(op.session, case)
        actor = acting(op.session, as_user, as_password)
        for name in dataset:
            ds = store.get_dataset(name)
            service.attach_dataset(op.session, case=row, dataset=ds, actor=actor)
            console.print(f"attached {ds.name} ({ds.partner}, {ds.regime}) to case {row.name}")


@app.command("release")
def release(case: str, dataset: str,
            reason: Annotated[str, typer.Option(help="Legal ground for the release.")],
            as_user: AsOption = None, as_password: PasswordOption = None,
            workspace: WorkspaceOption = None) -> None:
    """Release a dataset to every member of the case (by its supplying partner)."""
    with operational(workspace) as op:
        row = service.get_case(op.session, case)
        service.release_dataset(op.session, case=row, dataset=dataset, reason=reason,
                                actor=acting(op.session, as_user, as_password))
    console.print(f"{dataset} released to case {case}")


@app.command("close")
def close(case: str, archive: Annotated[bool, typer.Option(help="Archive instead of close.")] = False,
          as_user: AsOption = None, as_password: PasswordOption = None,
          workspace: WorkspaceOption = None) -> None:
    """Close (or archive) a case; starts the case+PERIOD retention clocks."""
    with operational(workspace) as op:
        row = service.get_case(op.session, case)
        service.close_case(op.session, case=row, archive=archive,
                           actor=acting(op.session, as_user, as_password))
        console.print(f"case {row.name} {row.status}")


def hit(
    kind: Annotated[str, typer.Option(help=f"Identifier kind: {', '.join(KINDS)}.")],
    value: Annotated[str, typer.Option(help="The identifier (a full name with --birth-date).")],
    birth_date: Annotated[str | None, typer.Option(help="Birth date YYYY-MM-DD (for names).")] = None,
    case: Annotated[str | None, typer.Option(help="Asking from this case (excluded from the answer).")] = None,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Hit/no-hit: is this identifier known in other cases? Answers yes/no and whom to contact."""
    with personal_data(workspace, as_user, as_password) as (op, store, who):
        row = service.get_case(op.session, case) if case else None
        answer = hit_check(store, op.session, actor=who, kind=kind, value=value,
                           birth_date=birth_date, case=row)
    if json is not None:
        write_json(answer, json)
        return
    if answer["hit"]:
        console.print(f"[bold]HIT[/]: contact {', '.join(answer['contacts'])} "
                      f"(reference {answer['reference']})")
    else:
        console.print(f"no hit (reference {answer['reference']})")


def reveal(
    token: str,
    case: Annotated[str, typer.Option(help="The case the token belongs to.")],
    reason: Annotated[str, typer.Option(help="Why the value must be seen (recorded).")],
    entity: Annotated[str | None, typer.Option(help="Only look in this entity.")] = None,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Reveal the value behind a token, with a recorded reason, if the policy allows it."""
    with personal_data(workspace, as_user, as_password) as (op, store, who):
        rows = reveal_token(store, op.session, actor=who, case=case, token=token, reason=reason,
                            entity_id=entity)
    if json is not None:
        write_json(rows, json)
        return
    for r in rows:
        console.print(f"{r['token']} = {r['value']}  ({r['entity_id']} {r['prop']}, {r['dataset']})",
                      highlight=False)
