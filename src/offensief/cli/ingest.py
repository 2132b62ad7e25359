"""``offensief ingest``: load partner files into a dataset, atomically and idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from offensief.access.policy import Actor
from offensief.casework.caller import Caller
from offensief.casework.loading import authorise_load, file_digest
from offensief.casework.protect_signals import watch_after_load
from offensief.cli.acting import command_line
from offensief.cli.context import EngineOption, WorkspaceOption, check_engine, console, write_json
from offensief.cli.users import AsOption, PasswordOption, acting, operational
from offensief.ingest import ingest_file
from offensief.store.duckstore import LoadResult, Store
from offensief.store.spark import spark_session

#: Who loads without ``--as``: the local operator, who holds the workspace folder itself.
OPERATOR = Actor(id=0, username="operator", partner="workspace", partner_kind="other")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)


def ingest(
    files: Annotated[list[Path], typer.Argument(help="FtM JSON lines, goAML XML, or CSV/XLSX with --mapping.")],
    dataset: Annotated[str, typer.Option("--dataset", "-d", help="Registered dataset to load into.")],
    mapping: Annotated[Path | None, typer.Option(help="FtM mapping YAML for CSV/XLSX files.")] = None,
    country: Annotated[str | None, typer.Option(
        help="Country that phone numbers in national format are dialled in (ISO code; "
             "default: the mapping's country:, else nl).")] = None,
    json: Annotated[Path | None, typer.Option("--json", help="Write the load summary as JSON.")] = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
    engine: EngineOption = "duckdb",
) -> None:
    """Validate and load files. Any error: nothing of that file is kept. Same file twice: no-op.
    With --engine spark CSV and JSON lines become Parquet statements in the workspace's lake
    (same statement ids; docs/scale.md).
    With --as USER only a user of the dataset's supplying partner with a loading role may
    load; without it the local operator loads. Every file is audited with its SHA-256 and size.
    A load that adds data then runs the protection watch (counts only; a failing scan is logged
    and never fails the load)."""
    check_engine(engine)
    results = []
    with operational(workspace) as op, Store.open(op.workspace) as store:
        actor = acting(op.session, as_user, as_password)
        caller = Caller(actor=actor or OPERATOR, db=op.session, workspace=op.workspace, store=store,
                        purpose=command_line())
        if actor is not None:
            authorise_load(caller, dataset=dataset)
        else:
            store.get_dataset(dataset)
        for path in files:
            sha256, size = file_digest(path) if path.is_file() else ("", 0)
            caller.audit("ingest_start", what={"dataset": dataset, "file": path.name,
                                               "sha256": sha256, "bytes": size})
            result = (load_with_progress(store, dataset=dataset, path=path, mapping=mapping, country=country)
                      if engine == "duckdb"
                      else load_on_spark(op.workspace.lake_path, dataset=dataset, path=path, mapping=mapping))
            caller.audit("ingest_done", what={"dataset": dataset, "sha256": sha256, "bytes": size,
                                              "records": result.records,
                                              "statements_added": result.statements_added,
                                              "already_loaded": result.already_loaded})
            results.append(result)
        watched = None
        if engine == "duckdb" and any(r.statements_added for r in results):  # new data: alert protection officers
            watched = watch_after_load(op.session, store, op.workspace)
    if json is not None:
        write_json([r.__dict__ for r in results], json)
        return
    for result in results:
        print_result(result)
    if watched is not None:
        console.print(f"protection watch: {watched['activity_signals']} new-activity signal(s), "
                      f"{watched['records_hit']} record(s) with a hit (officers alerted)")


def load_with_progress(store: Store, *, dataset: str, path: Path, mapping: Path | None,
                       country: str | None = None) -> LoadResult:
    """Load one file with a Rich progress bar showing records and records per second."""
    total = _count_lines(path) if path.suffix.lower() != ".xlsx" else None
    columns = [
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(path.name, total=total, rate="")

        def advance(done: int) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = f"{done / elapsed:,.0f} rows/s" if elapsed > 0 else ""
            bar.update(task, completed=done, rate=rate)

        return ingest_file(store, dataset=dataset, path=path, mapping=mapping, progress=advance, country=country)


def load_on_spark(lake: Path, *, dataset: str, path: Path, mapping: Path | None) -> LoadResult:
    """Load one file with the Spark engine (PySpark, the optional ``spark`` extra, loads here)."""
    from offensief.ingest.spark import ingest_file_spark
    from offensief.store.spark.lake import Lake

    with console.status(f"{path.name}: loading on Spark"):
        return ingest_file_spark(Lake(spark_session(), lake), dataset=dataset, path=path, mapping=mapping)


def print_result(result: LoadResult) -> None:
    """One line per load and a table of entities per schema."""
    name = Path(result.file).name
    if result.already_loaded:
        console.print(f"{name}: already loaded into {result.dataset} (load {result.load_id[:8]}); nothing added")
        return
    console.print(
        f"{name} → {result.dataset}: {result.records:,} records, "
        f"{result.statements_added:,} new of {result.statements_in:,} statements"
    )
    if result.per_schema:
        table = Table("schema", "entities", title=f"{name}")
        for schema, count in result.per_schema.items():
            table.add_row(schema, f"{count:,}")
        console.print(table)


def _count_lines(path: Path) -> int | None:
    if not path.exists():
        return None
    with path.open("rb") as fh:
        return max(0, sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")) - (1 if path.suffix.lower() == ".csv" else 0))
