"""``offensief programme ...`` and ``offensief kpi``: the programme's money, KPIs, reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from offensief.casework import programme as work
from offensief.casework.results import kpi as kpi_of
from offensief.cli.acting import cli_caller
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, JsonOption, PasswordOption

app = typer.Typer(help="Programme control: budget, commitments and spending, progress reports.")
budget_app = typer.Typer(help="The programme budget per measure and organisation.")
spending_app = typer.Typer(help="Commitments and spending against the measures.")
app.add_typer(budget_app, name="budget")
app.add_typer(spending_app, name="spending")

PeriodOption = Annotated[str, typer.Option(help="Quarter, e.g. 2020Q4.")]


def _loaded(result: work.Loaded) -> None:
    console.print(f"{result.kind}: {result.rows} rows from {result.source} "
                  f"(replaced {result.replaced}); total € {result.total_eur}")


@budget_app.command("load")
def budget_load(
    file: Annotated[Path, typer.Argument(help="CSV: funding,measure,organisation,year,amount_eur.")],
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Replace the budget with FILE (checked whole first; nothing kept on an error)."""
    with cli_caller(workspace, as_user, as_password) as caller:
        _loaded(work.load_budget(caller, path=file))


@spending_app.command("load")
def spending_load(
    file: Annotated[Path, typer.Argument(
        help="CSV: kind,measure,organisation,date,amount_eur,reference,description.")],
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Load commitments and spending from FILE (replaces an earlier load of the same name)."""
    with cli_caller(workspace, as_user, as_password) as caller:
        _loaded(work.load_entries(caller, path=file))


@app.command("overview")
def overview(
    period: PeriodOption,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Budget against commitments, spending and results per measure (aggregates)."""
    with cli_caller(workspace, as_user, as_password) as caller:
        data = work.overview(caller, period=period)
    if json is not None:
        write_json(data, json)
        return
    table = Table("measure", "budget", "committed", "spent", "barriers", title=data["period"])
    results = {r["measure"]: r for r in data["results"]}
    for row in data["money"]:
        table.add_row(row["measure"], row["budget_eur"], row["committed_eur"], row["spent_eur"],
                      str(results.get(row["measure"], {}).get("barriers", 0)))
    console.print(table)


@app.command("report")
def report(
    period: PeriodOption,
    out: Annotated[Path, typer.Option(help="Report file (.pdf or .md; both are written).")],
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """The quarterly progress report (voortgangsrapportage) as PDF and Markdown with charts."""
    with cli_caller(workspace, as_user, as_password) as caller:
        paths = work.write_report(caller, period=period, out=out)
    for path in paths:
        console.print(f"wrote {path}")


def kpi(
    level: Annotated[str, typer.Option(help="case, region or national.")] = "national",
    months: Annotated[int, typer.Option(help="N: months after the last intervention a network "
                                             "must be re-analysed to count as staying down.")] = 6,
    drop: Annotated[float, typer.Option(help="Capacity drop (share of before) that counts as "
                                             "down.")] = 0.25,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """KPIs of oprollen, afpakken and voorkomen per case, region or nationally."""
    with cli_caller(workspace, as_user, as_password) as caller:
        data = kpi_of(caller, level=level, months=months, drop=drop).to_json()
    if json is not None:
        write_json(data, json)
        return
    table = Table(level, "barriers", "persons removed", "admin. measures", "seized",
                  "collected", f"down after {months} mo")
    for g in data["groups"]:
        table.add_row(g["key"], str(g["barriers_raised"]["total"]),
                      str(g["persons_removed"]["total"]),
                      str(sum(g["administrative_measures"].values())),
                      g["afpakken"]["seized_eur"], g["afpakken"]["collected_eur"],
                      f"{g['networks_down']}/{g['networks_measured']}")
    console.print(table)
