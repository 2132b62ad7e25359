"""``offensief audit verify|list``: the hash-chained audit log."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from offensief.access import audit
from offensief.access.policy import require
from offensief.cli.context import WorkspaceOption, console, err_console, write_json
from offensief.cli.users import AsOption, JsonOption, PasswordOption, acting, operational

app = typer.Typer(help="The append-only audit log, chained with a keyed MAC (Wpg art. 32).",
                  no_args_is_help=True)


@app.command("verify")
def verify(json: JsonOption = None, workspace: WorkspaceOption = None) -> None:
    """Check the keyed chain and the signed checkpoints; exit 1 naming the first entry that
    was edited, deleted, moved, re-hashed without the key or cut off."""
    with operational(workspace) as op:
        result = audit.verify(op.session)
    if json is not None:
        write_json(result.to_dict(), json)
    if result.ok:
        if json is None:
            legacy = f", 1-{result.legacy_until} from before the key" if result.legacy_until else ""
            console.print(f"audit chain intact: {result.checked} entries{legacy}, "
                          f"{result.checkpoints} checkpoints agree")
        return
    err_console.print(f"[bold red]audit chain broken at entry {result.broken_seq}:[/] {result.problem}",
                      highlight=False)
    raise typer.Exit(1)


@app.command("migrate")
def migrate(workspace: WorkspaceOption = None) -> None:
    """Take over a log written before the audit key: anchor its plain SHA-256 part as a
    signed legacy checkpoint; new entries continue with the key (run once, as the operator)."""
    with operational(workspace) as op:
        result = audit.migrate(op.session)
        audit.record(op.session, actor=None, action="audit_migrate",
                     what={"legacy_until": result["legacy_until"], "legacy_hash": result["legacy_hash"]})
    console.print(f"entries 1-{result['legacy_until']} anchored as the legacy part; "
                  "new entries are chained with the audit key")


@app.command("list")
def list_(
    case: Annotated[int | None, typer.Option(help="Only entries of this case id.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only entries of this user.")] = None,
    action: Annotated[str | None, typer.Option(help="Only this action (read, reveal, login, ...).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 50,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Show audit entries (needs an auditor: --as USER)."""
    with operational(workspace) as op:
        who = acting(op.session, as_user, as_password, required=True)
        assert who is not None
        require(who, "audit_read")
        rows = audit.entries(op.session, case_id=case, actor=actor, action=action, limit=limit)
        audit.record(op.session, actor=who, action="audit_read",
                     what={"case": case, "actor": actor, "action": action, "rows": len(rows)})
    if json is not None:
        write_json(rows, json)
        return
    table = Table("seq", "at", "actor", "partner", "case", "action", "purpose", "what")
    for r in rows:
        table.add_row(str(r["seq"]), r["at"][:19], r["actor"], r["partner"], str(r["case_id"] or ""),
                      r["action"], r["purpose"][:40], str(r["what"])[:60])
    console.print(table)
