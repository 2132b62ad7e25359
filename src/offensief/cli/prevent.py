"""``offensief area``, ``offensief prevention`` and ``offensief campaign``: prevention by area.

Every command runs as an authenticated ``--as`` user (``prevent_read`` to look,
``prevent_write`` to load or register) and shows aggregates after disclosure control only.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.table import Table

from offensief.casework import prevent as cw
from offensief.cli.acting import cli_caller
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, JsonOption, PasswordOption
from offensief.model.errors import InputError
from offensief.prevent.indicators import INDICATORS
from offensief.prevent.programme import CHANNELS, KINDS, TRACKS, CampaignInput, TrackInput
from offensief.prevent.tables import PublishedCell

area_app = typer.Typer(help="Area indicators (aggregates with disclosure control) and maps.",
                       no_args_is_help=True)
prevention_app = typer.Typer(help="Prevention tracks: interventions per area and track.",
                             no_args_is_help=True)
campaign_app = typer.Typer(help="Drug-normalisation campaigns and their measured effect.",
                           no_args_is_help=True)
LevelOption = Annotated[str, typer.Option(help="gemeente, wijk or buurt.")]


def _figures(text: str | None, name: str) -> dict[str, float]:
    if not text:
        return {}
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc}", field=name) from None
    if not isinstance(data, dict):
        raise InputError('give a JSON object of named numbers, e.g. {"sessions": 40}', field=name)
    return data


@area_app.command("load")
def area_load(
    file: Annotated[Path, typer.Argument(help="areas, values or postcodes CSV; GeoJSON or GeoPackage outlines")],
    code_field: Annotated[str | None, typer.Option(help="Property holding the CBS code in an outline file.")] = None,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """Load an area file: all of it or nothing; loading the same content again changes nothing."""
    with cli_caller(workspace, as_user, as_password) as caller:
        summary = cw.load_area_file(caller, file, code_field=code_field)
    if summary.skipped:
        console.print(f"{file}: already loaded, nothing changed")
    else:
        console.print(f"{file}: {summary.rows:,} {summary.kind} rows loaded")


@area_app.command("compute")
def area_compute(
    multiple: Annotated[float, typer.Option(help="Affordability: a home costing more than this "
                                            "times the household's yearly income is unexplained.")] = 5.0,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """Compute the store indicators (residents in networks, cash businesses, unexplained purchases)."""
    with cli_caller(workspace, as_user, as_password, store=True) as caller, \
            console.status("counting people, companies and purchases per buurt in the store"):
        counts = cw.compute_from_store(caller, multiple=multiple)
    for key, n in counts.items():
        console.print(f"{INDICATORS[key].title}: {n:,} buurt cells")


@area_app.command("indicators")
def area_indicators(
    indicator: Annotated[list[str] | None, typer.Option(help="Only these indicators.")] = None,
    level: Annotated[str | None, typer.Option(help="Show rows of this level (JSON has all).")] = "gemeente",
    json: JsonOption = None,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """Published indicator tables: withheld cells are null with their reason."""
    with cli_caller(workspace, as_user, as_password) as caller:
        tables = cw.indicator_tables(caller, indicators=indicator or None)
    if json is not None:
        write_json(cw.tables_json(tables), json)
        return
    for t in tables:
        out = Table("area", "name", *t.periods, title=f"{t.title}" + (f" (per 1,000 {t.base})" if t.base else ""))
        for row in t.rows:
            if level and row.level != level:
                continue
            cells = {c.period: c for c in row.cells}
            out.add_row(row.area, row.name, *[_cell(cells.get(p)) for p in t.periods])
        nat = [t.national.get(p, {}) for p in t.periods]
        out.add_row("NL01", "national average" + (" (rate)" if t.base else f" per {level}"),
                    *[str(n.get("rate") if t.base else n.get(level or "gemeente")) for n in nat])
        console.print(out)
    console.print(f"withheld: below {cw.THRESHOLD} (·) or to protect another cell (×); counts rounded to {cw.ROUNDING}")


def _cell(cell: PublishedCell | None) -> str:
    if cell is None:
        return ""
    if cell.value is None:
        return "·" if cell.reason == "below_threshold" else "×"
    return f"{cell.value:,}" + (f" ({cell.rate:g})" if cell.rate is not None else "")


@area_app.command("sectors")
def area_sectors(
    json: JsonOption = None,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """Cash-intensive businesses per gemeente and sector (withheld cells null with the reason)."""
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        table = cw.cash_sectors(caller)
    if json is not None:
        write_json(asdict(table), json)
        return
    out = Table("area", "name", *table.sectors.values(), "all", title=f"Cash-intensive businesses, {table.year}")
    for row in table.rows:
        out.add_row(row.area, row.name, *[_cell(row.cells.get(s)) for s in [*table.sectors, "all"]])
    console.print(out)


@area_app.command("map")
def area_map(
    indicator: Annotated[str, typer.Argument(help=f"One of {', '.join(INDICATORS)}.")],
    out: Annotated[Path, typer.Option("--out", help="File to write: .svg or .png.")],
    period: Annotated[str | None, typer.Option(help="Period (default: the latest).")] = None,
    level: LevelOption = "buurt",
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """A choropleth of one indicator, offline, as SVG or PNG."""
    with cli_caller(workspace, as_user, as_password) as caller:
        result = cw.map_file(caller, indicator=indicator, out=out, period=period, level=level)
    note = " (generated outlines)" if result.generated else ""
    console.print(f"{result.title}: {len(result.areas)} {level} areas → {out}{note}")


track_app = typer.Typer(help="Interventions per area and track.", no_args_is_help=True)
prevention_app.add_typer(track_app, name="track")


@track_app.command("add")
def track_add(
    area: Annotated[str, typer.Option(help="CBS code of the area.")],
    track: Annotated[str, typer.Option(help=f"One of {', '.join(TRACKS)}.")],
    kind: Annotated[str, typer.Option(help=f"One of {', '.join(KINDS)}.")],
    title: Annotated[str, typer.Option(help="What the intervention is.")],
    start: Annotated[str, typer.Option(help="Start date (YYYY-MM-DD).")],
    end: Annotated[str | None, typer.Option(help="End date (YYYY-MM-DD).")] = None,
    budget: Annotated[float, typer.Option(help="Budget in euro.")] = 0.0,
    participants: Annotated[int, typer.Option(help="Number of participants (a count, no names).")] = 0,
    outputs: Annotated[str | None, typer.Option(help='Outputs as JSON, e.g. {"lessons": 40}.')] = None,
    outcomes: Annotated[str | None, typer.Option(help='Outcomes as JSON, e.g. {"dropout_pct": 4.2}.')] = None,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """Register an intervention on a prevention track."""
    item = TrackInput(area=area.upper(), track=track, kind=kind, title=title, start=_date(start, "start"),
                      end=_date(end, "end") if end else None, budget=budget, participants=participants,
                      outputs=_figures(outputs, "outputs"), outcomes=_figures(outcomes, "outcomes"))
    with cli_caller(workspace, as_user, as_password) as caller:
        row = cw.add_track(caller, item)
    console.print(f"track {row['id']} added: {row['track']} / {row['kind']} in {row['area']}")


@track_app.command("list")
def track_list(
    area: Annotated[str | None, typer.Option(help="Only this area.")] = None,
    track: Annotated[str | None, typer.Option(help="Only this track.")] = None,
    json: JsonOption = None,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """Interventions per area and track (participants withheld below the threshold)."""
    with cli_caller(workspace, as_user, as_password) as caller:
        rows = cw.list_tracks(caller, area=area, track=track)
    if json is not None:
        write_json(rows, json)
        return
    out = Table("id", "area", "track", "kind", "title", "budget", "participants", "outputs", "outcomes")
    for r in rows:
        out.add_row(str(r["id"]), r["area"], r["track"], r["kind"], r["title"], f"€{r['budget']:,.0f}",
                    "<10" if r["participants"] is None else f"{r['participants']:,}",
                    _kv(r["outputs"]), _kv(r["outcomes"]))
    console.print(out)


def _kv(figures: dict[str, float]) -> str:
    return ", ".join(f"{k}={v:g}" for k, v in figures.items())


def _date(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", field=name) from None


@campaign_app.command("add")
def campaign_add(
    name: Annotated[str, typer.Option(help="Campaign name.")],
    target_group: Annotated[str, typer.Option(help="Who it aims at.")],
    channel: Annotated[list[str], typer.Option(help=f"Channels (repeat): {', '.join(CHANNELS)}.")],
    start: Annotated[str, typer.Option(help="Start date (YYYY-MM-DD).")],
    end: Annotated[str, typer.Option(help="End date (YYYY-MM-DD).")],
    reach: Annotated[int, typer.Option(help="People reached (a count).")],
    indicator: Annotated[str, typer.Option(help="The linked indicator whose change is measured.")],
    area: Annotated[list[str], typer.Option(help="Campaign areas (repeat).")],
    comparison: Annotated[list[str] | None, typer.Option(help="Comparison areas (default: all others at the same level).")] = None,
    survey_before: Annotated[float | None, typer.Option(help="Survey result before (%).")] = None,
    survey_after: Annotated[float | None, typer.Option(help="Survey result after (%).")] = None,
    survey_question: Annotated[str | None, typer.Option(help="The survey question.")] = None,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """Register a drug-normalisation campaign."""
    item = CampaignInput(name=name, target_group=target_group, channels=list(channel),
                         start=_date(start, "start"), end=_date(end, "end"), reach=reach,
                         indicator=indicator, areas=[a.upper() for a in area],
                         comparison=[a.upper() for a in comparison or []], survey_before=survey_before,
                         survey_after=survey_after, survey_question=survey_question)
    with cli_caller(workspace, as_user, as_password) as caller:
        row = cw.add_campaign(caller, item)
    console.print(f"campaign {row['id']} added: {row['name']}")


@campaign_app.command("list")
def campaign_list(json: JsonOption = None, as_user: AsOption = None, as_password: PasswordOption = None,
                  workspace: WorkspaceOption = None) -> None:
    """Campaigns with their reach and survey results."""
    with cli_caller(workspace, as_user, as_password) as caller:
        rows = cw.list_campaigns(caller)
    if json is not None:
        write_json(rows, json)
        return
    out = Table("id", "name", "target group", "period", "reach", "survey before → after", "indicator", "areas")
    for r in rows:
        out.add_row(str(r["id"]), r["name"], r["target_group"], f"{r['start']} – {r['end']}",
                    "<10" if r["reach"] is None else f"{r['reach']:,}",
                    f"{r['survey_before']}% → {r['survey_after']}%", r["indicator"], ", ".join(r["areas"]))
    console.print(out)


@campaign_app.command("effect")
def campaign_effect(
    campaign: Annotated[int, typer.Argument(help="Campaign id.")],
    level: Annotated[float, typer.Option(help="Confidence level of the interval.")] = 0.95,
    json: JsonOption = None,
    as_user: AsOption = None, as_password: PasswordOption = None, workspace: WorkspaceOption = None,
) -> None:
    """Difference-in-differences of the linked indicator against comparison areas."""
    with cli_caller(workspace, as_user, as_password) as caller:
        result = cw.campaign_effect(caller, campaign, level=level)
    if json is not None:
        write_json(result.to_dict(), json)
        return
    e = result.effect
    console.print(f"[bold]{result.campaign['name']}[/] on {result.campaign['indicator']} ({result.outcome})")
    console.print(f"effect {e.estimate:+.3f} (SE {e.se:.3f}), {e.level:.0%} interval "
                  f"[{e.ci_low:+.3f}, {e.ci_high:+.3f}], p = {e.p_value:.3g}; "
                  f"{e.treated_areas} campaign vs {e.comparison_areas} comparison areas, from {e.start}")
    console.print(f"[dim]{e.method}[/]")
