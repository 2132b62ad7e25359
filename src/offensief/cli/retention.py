"""``offensief retention run|hold|lift|holds``: purge expired data, except under legal hold."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from offensief.access import retention
from offensief.cases.service import get_case
from offensief.casework.retention import compact_stores, run_retention
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, JsonOption, PasswordOption, acting, operational
from offensief.model.errors import InputError
from offensief.store.duckstore import Store

app = typer.Typer(help="Retention per regime and dataset; legal holds stop the clock.",
                  no_args_is_help=True)


@app.command("run")
def run(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only show what would be purged.")] = False,
    today: Annotated[str | None, typer.Option(help="Pretend today is YYYY-MM-DD.")] = None,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Purge expired datasets from the statements, derived tables (term frequencies
    recomputed), judgements, caches, uploads, correction requests and written results that
    mention them; then compact both stores so nothing stays in free pages."""
    try:
        day = date.fromisoformat(today) if today else None
    except ValueError:
        raise InputError(f"invalid date {today!r}", field="today") from None
    with operational(workspace) as op, Store.open(op.workspace) as store:
        report = run_retention(store, op.session, workspace=op.workspace, today=day,
                               dry_run=dry_run, actor=acting(op.session, as_user, as_password))
    if report["purged"] and not dry_run:
        report["removed"]["compacted"] = compact_stores(op.workspace)
    if json is not None:
        write_json(report, json)
        return
    table = Table("dataset", "regime", "retention", "expires", "hold", "statements", "purge")
    for d in report["datasets"]:
        table.add_row(d["dataset"], d["regime"], d["retention"], d["expires"] or "-",
                      "yes" if d["held"] else "", f"{d['statements']:,}",
                      "[bold red]yes[/]" if d["dataset"] in report["purged"] else "")
    console.print(table)
    verb = "would purge" if dry_run else "purged"
    console.print(f"{verb}: {', '.join(report['purged']) or 'nothing'}")
    if report["removed"]:
        console.print(f"removed: {report['removed']}")


@app.command("hold")
def hold(
    reason: Annotated[str, typer.Option(help="Why the data must be kept (e.g. appeal pending).")],
    dataset: Annotated[str | None, typer.Option(help="Hold this dataset.")] = None,
    case: Annotated[str | None, typer.Option(help="Hold every dataset of this case.")] = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Put a legal hold on a dataset or a case."""
    with operational(workspace) as op:
        row = get_case(op.session, case) if case else None
        h = retention.add_hold(op.session, reason=reason, dataset=dataset, case=row,
                               actor=acting(op.session, as_user, as_password))
    console.print(f"legal hold {h.id} on {dataset or f'case {case}'}")


@app.command("lift")
def lift(hold_id: int, reason: Annotated[str, typer.Option(help="Why the hold ends.")],
         as_user: AsOption = None, as_password: PasswordOption = None,
         workspace: WorkspaceOption = None) -> None:
    """Lift a legal hold."""
    with operational(workspace) as op:
        retention.lift_hold(op.session, hold_id=hold_id, reason=reason,
                            actor=acting(op.session, as_user, as_password))
    console.print(f"legal hold {hold_id} lifted")


@app.command("holds")
def holds(json: JsonOption = None, workspace: WorkspaceOption = None) -> None:
    """List active legal holds."""
    with operational(workspace) as op:
        rows = [{"id": h.id, "dataset": h.dataset, "case_id": h.case_id, "reason": h.reason,
                 "since": h.created_at.isoformat()} for h in retention.active_holds(op.session)]
    if json is not None:
        write_json(rows, json)
        return
    for r in rows:
        console.print(f"{r['id']:>4}  {r['dataset'] or 'case ' + str(r['case_id'])}  {r['reason']}")
