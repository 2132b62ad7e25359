"""``offensief resolve``: entity resolution, judgements, explanations.

``offensief resolve`` alone trains, scores and clusters (``--new`` only matches records
added since the last run); ``judge``, ``undo``, ``judgements`` and ``explain`` work on the
result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from offensief.casework import resolution
from offensief.cli.acting import CaseOption, case_run, cli_caller
from offensief.cli.context import (
    EngineOption,
    WorkspaceOption,
    check_engine,
    console,
    write_json,
)
from offensief.cli.users import AsOption, PasswordOption
from offensief.model.errors import InputError
from offensief.resolve import canonical, judgements
from offensief.resolve.incremental import resolve_new
from offensief.resolve.records import KINDS
from offensief.resolve.resolution import Options, resolve
from offensief.store.spark import spark_session

app = typer.Typer(
    help="Entity resolution: one canonical id per real person, company, account, vehicle, address.",
    invoke_without_command=True,
)

JsonOption = Annotated[Path | None, typer.Option("--json", help="Write JSON to FILE ('-' for stdout).")]


@app.callback()
def run(
    ctx: typer.Context,
    json: JsonOption = None,
    threshold: Annotated[float, typer.Option(help="Match probability at which records merge.")] = 0.9,
    one_to_one: Annotated[list[str] | None, typer.Option(
        "--one-to-one",
        help="Dataset holding at most one record per real entity (repeatable; '*' = every dataset).",
    )] = None,
    kind: Annotated[list[str] | None, typer.Option(
        help=f"Only these kinds ({', '.join(KINDS)}); repeatable.")] = None,
    new: Annotated[bool, typer.Option("--new", help="Only match records added since the last run.")] = False,
    threads: Annotated[int, typer.Option(help="DuckDB threads for Splink.")] = 1,
    seed: Annotated[int, typer.Option(help="Seed for the random u-sample (reproducible runs).")] = 42,
    case: CaseOption = None, as_user: AsOption = None, password: PasswordOption = None,
    workspace: WorkspaceOption = None, engine: EngineOption = "duckdb",
) -> None:
    """Resolve entities (workspace-wide) and write ``[{id, members, schema, probability}]``:
    the clusters of --case as --as USER may see them (members in datasets USER sees).
    With --engine spark Splink trains and scores on its Spark backend."""
    if ctx.invoked_subcommand is not None:
        return
    if check_engine(engine) == "spark" and new:
        raise InputError("--new runs on the embedded engine only; leave out --engine spark", field="engine")
    for k in kind or []:
        if k not in KINDS:
            raise InputError(f"unknown kind {k!r}; known: {', '.join(KINDS)}", field="kind")
    if not 0 < threshold <= 1:
        raise InputError("--threshold must be in (0, 1]", field="threshold")
    with case_run(workspace, case, as_user, password, command="resolve", action="judge") as run:
        store = run.caller.analytical()
        unique = list(one_to_one or ())
        if "*" in unique:
            unique = [d.name for d in store.datasets()]
        options = Options(threshold=threshold, unique_datasets=tuple(unique),
                          kinds=tuple(kind or KINDS), threads=threads, seed=seed)
        judged = judgements.judged(run.caller.session())
        with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task("resolving", total=len(options.kinds))

            def step(message: str) -> None:
                bar.update(task, description=message)
                if message.endswith("scoring pairs") or " new records " in message:
                    bar.advance(task, 0.5)

            runs = (resolve_new(store, judged=judged, progress=step, threads=threads) if new
                    else resolve(store, options=options, judged=judged, progress=step,
                                 spark=spark_session() if engine == "spark" else None))
        run.caller.audit("resolve", case=run.ref, what={"kinds": list(options.kinds), "new": new})
        clusters = resolution.visible_clusters(run.view, canonical.clusters(store.con, scope=run.view.scope()))
    out = [{k: c[k] for k in ("id", "members", "schema", "probability")} for c in clusters]
    if json is not None:
        write_json(out, json)
        return
    table = Table("kind", "records", "pairs", "clusters", "clustered records", "refused merges")
    for r in runs:
        table.add_row(r["kind"], f"{r.get('records', r.get('new_records', 0)):,}",
                      f"{r['pairs']:,}", f"{r['clusters']:,}", f"{r['clustered_records']:,}",
                      ", ".join(f"{k} {v}" for k, v in r["refused"].items() if v) or "-")
    console.print(table)


@app.command("judge")
def judge(
    left: Annotated[str, typer.Argument(help="Source id or canonical id.")],
    right: Annotated[str, typer.Argument(help="Source id or canonical id.")],
    reason: Annotated[str, typer.Option(help="Why (recorded and audited).")],
    as_user: AsOption = None,
    password: PasswordOption = None,
    same: Annotated[bool, typer.Option("--same", help="They are the same.")] = False,
    not_same: Annotated[bool, typer.Option("--not-same", help="They are not the same.")] = False,
    unsure: Annotated[bool, typer.Option("--unsure", help="Cannot tell; the model decides.")] = False,
    json: JsonOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Record a judgement on two entities or clusters and re-cluster."""
    chosen = [v for v, flag in (("same", same), ("not-same", not_same), ("unsure", unsure)) if flag]
    if len(chosen) != 1:
        raise InputError("give exactly one of --same, --not-same, --unsure", field="verdict")
    with cli_caller(workspace, as_user, password, store=True) as caller:
        store = caller.analytical()
        done = judgements.judge(store, caller.session(), left=left, right=right, verdict=chosen[0],
                                actor=caller.actor, reason=reason)
        mapping = canonical.load_mapping(store)
    done["canonical"] = {left: mapping[left], right: mapping[right]}
    if json is not None:
        write_json(done, json)
        return
    ids = ", ".join(str(i) for i in done["judgements"])
    console.print(f"judgement {ids}: {left} {done['verdict']} {right}; "
                  f"now {mapping[left]} / {mapping[right]}")


@app.command("undo")
def undo(
    judgement_ids: Annotated[list[int], typer.Argument(help="Judgement id(s) to revoke.")],
    reason: Annotated[str, typer.Option(help="Why (recorded and audited).")],
    as_user: AsOption = None,
    password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Revoke judgements and re-cluster without them."""
    with cli_caller(workspace, as_user, password, store=True) as caller:
        judgements.undo(caller.analytical(), caller.session(), judgement_ids=judgement_ids,
                        actor=caller.actor, reason=reason)
    console.print(f"revoked {', '.join(map(str, judgement_ids))}")


@app.command("judgements")
def list_judgements(
    json: JsonOption = None,
    case: CaseOption = None, as_user: AsOption = None, password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """List the active judgements about entities --as USER sees in --case (USER needs the
    right to judge; reasons only where both entities are in clear); audited."""
    with case_run(workspace, case, as_user, password, command="resolve judgements",
                  action="judge") as run:
        rows = resolution.visible_judgements(run.view, judgements.listing(run.caller.session()))
    if json is not None:
        write_json(rows, json)
        return
    table = Table("id", "left", "verdict", "right", "reason", "at")
    for r in rows:
        table.add_row(str(r["id"]), r["left"], r["verdict"], r["right"], r["reason"] or "-",
                      r["created_at"])
    console.print(table)


@app.command("explain")
def explain(
    left: Annotated[str, typer.Argument(help="Source id or canonical id.")],
    right: Annotated[str, typer.Argument(help="Source id or canonical id.")],
    json: JsonOption = None,
    case: CaseOption = None, as_user: AsOption = None, password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Show the match weight of every comparison for a pair: why they merged (or not).
    Values are quoted only when --as USER sees both records of --case in clear."""
    with case_run(workspace, case, as_user, password, command="resolve explain",
                  action="read_pseudonymised") as run:
        out = resolution.explain(run.view, left, right)
    if json is not None:
        write_json(out, json)
        return
    table = Table("comparison", "level", "left", "right", "weight", "tf adj.")
    for c in out["comparisons"]:
        table.add_row(c["comparison"], c["level"], str(c["left"]), str(c["right"]),
                      _signed(c["match_weight"]), _signed(c["tf_adjustment"]))
    console.print(table)
    console.print(f"prior {_signed(out['prior_weight'])}, total {_signed(out['match_weight'])} -> "
                  f"probability {out['match_probability']:.4f} (threshold {out['threshold']}); "
                  f"{'merged' if out['merged'] else 'not merged'}")


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.2f}"


@app.command("show")
def show(
    ident: Annotated[str, typer.Argument(help="Canonical id or source id.")],
    json: JsonOption = None,
    case: CaseOption = None, as_user: AsOption = None, password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """List the source records behind a canonical id (or the cluster of a source id) that
    --as USER sees in --case, named as USER may see them."""
    with case_run(workspace, case, as_user, password, command="resolve show") as run:
        out = resolution.show(run.view, ident)
    if json is not None:
        write_json(out.to_json(), json)
        return
    table = Table("source id", "dataset", "schema", "name", title=f"{out.id} ({out.kind})")
    for m in out.members:
        table.add_row(m.id, m.dataset, m.schema, m.caption or "")
    console.print(table)

