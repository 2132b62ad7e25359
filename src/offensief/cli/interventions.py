"""``offensief intervention ...`` and ``offensief results``: barriers in a case and their results."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from offensief.cases.interventions import KINDS, REGIONS, STATUSES
from offensief.casework import interventions as work
from offensief.casework.results import case_results, measure_effect
from offensief.cli.acting import cli_caller
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, JsonOption, PasswordOption
from offensief.disrupt.case import case_network, read_annotations
from offensief.model.errors import InputError
from offensief.resolve import scoped

app = typer.Typer(help="Interventions in a case: propose, approve, execute, results, seizures.")

CaseOption = Annotated[str, typer.Option("--case", help="Case name or id.")]
DateOption = Annotated[str | None, typer.Option("--date", help="Date of the step (YYYY-MM-DD; "
                                                               "default today).")]
InterventionArgument = Annotated[int, typer.Argument(help="Intervention id.")]


def _date(text: str | None, field: str = "date") -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {text!r}", field=field) from None


def _subject(text: str) -> work.Subject:
    """``ENTITY_ID[:kind[:role]]``."""
    parts = text.split(":")
    return work.Subject(entity_id=parts[0], kind=parts[1] if len(parts) > 1 and parts[1]
                        else "person", role=parts[2] if len(parts) > 2 and parts[2] else None)


def _show(items: list[work.InterventionOut], json: Path | None) -> None:
    if json is not None:
        write_json([i.as_dict() for i in items], json)
        return
    table = Table("id", "status", "kind", "instrument", "partner", "region", "subjects",
                  "executed", "outcome")
    for i in items:
        table.add_row(str(i.id), i.status, i.kind, i.instrument, i.partner, i.region,
                      ", ".join(s["entity_id"] + (" (removed)" if s["removed"] else "")
                                for s in i.subjects),
                      i.executed_on.isoformat() if i.executed_on else "", i.outcome or "")
    console.print(table)


@app.command("add")
def add(
    case: CaseOption,
    kind: Annotated[str, typer.Option(help=f"One of {', '.join(KINDS)}.")],
    instrument: Annotated[str, typer.Option(help="e.g. arrest, seizure, closure-13b, "
                                                 "bibob-withdrawal, assessment.")],
    partner: Annotated[str, typer.Option(help="Responsible partner kind (politie, om, gemeente, "
                                              "belastingdienst, douane, fiod, kmar, riec).")],
    region: Annotated[str, typer.Option(help=f"RIEC region: {', '.join(REGIONS)}.")],
    subject: Annotated[list[str], typer.Option(help="ENTITY_ID[:person|company|asset[:ROLE]]; "
                                                    "repeat for several.")],
    legal_basis: Annotated[str | None, typer.Option(help="Legal basis (default: the "
                                                         "instrument's).")] = None,
    measure: Annotated[str | None, typer.Option(help="Programme measure that funds it.")] = None,
    note: Annotated[str, typer.Option(help="Why (e.g. the plan's reasons).")] = "",
    plan_rank: Annotated[int | None, typer.Option(help="Rank of the target in the plan.")] = None,
    on: DateOption = None,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Propose an intervention (analysts and investigators in the case)."""
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        out = work.add_intervention(caller, case=case, kind=kind, instrument=instrument,
                                    partner=partner, region=region,
                                    subjects=[_subject(s) for s in subject],
                                    legal_basis=legal_basis, measure=measure, note=note,
                                    plan_rank=plan_rank, on=_date(on))
    _show([out], json)


@app.command("update")
def update(
    intervention: InterventionArgument,
    case: CaseOption,
    status: Annotated[str, typer.Option(help=f"New status: {', '.join(STATUSES[1:])}.")],
    outcome: Annotated[str | None, typer.Option(help="What came of it (needed for result).")] = None,
    removed: Annotated[list[str] | None, typer.Option(
        help="Subjects the result took out of the network (default: an arrest's persons).")] = None,
    on: DateOption = None,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Move an intervention: approve, execute, record its result, or cancel."""
    with cli_caller(workspace, as_user, as_password) as caller:
        out = work.move_intervention(caller, case=case, intervention_id=intervention, to=status,
                                     on=_date(on), outcome=outcome, removed=removed)
    _show([out], json)


@app.command("seize")
def seize(
    intervention: InterventionArgument,
    case: CaseOption,
    kind: Annotated[str, typer.Option(help=f"One of {', '.join(work.ITEM_KINDS)}.")],
    value: Annotated[str, typer.Option(help="Value in EUR at seizure (e.g. 12500.00).")] = "0",
    identifier: Annotated[str | None, typer.Option(help="Serial number, IBAN, plate...")] = None,
    entity: Annotated[str | None, typer.Option(help="Network entity id it belongs to.")] = None,
    description: Annotated[str, typer.Option(help="What it is.")] = "",
    on: DateOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Record a seized item (beslag): weapons with their identifier, cash, vehicles..."""
    with cli_caller(workspace, as_user, as_password, store=entity is not None) as caller:
        out = work.record_item(caller, case=case, intervention_id=intervention, kind=kind,
                               value=value, identifier=identifier, entity_id=entity,
                               description=description, on=_date(on))
    console.print(f"intervention {out.id}: {len(out.items)} seized item(s)")


@app.command("money")
def money(
    intervention: InterventionArgument,
    case: CaseOption,
    stage: Annotated[str, typer.Option(help="ontneming, inning, aanslag or fiscale-inning.")],
    amount: Annotated[str, typer.Option(help="Amount in EUR (e.g. 250000.00).")],
    reference: Annotated[str, typer.Option(help="Order, CJIB or assessment reference.")] = "",
    on: DateOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Record a confiscation order, a collection, or a fiscal assessment or collection."""
    with cli_caller(workspace, as_user, as_password) as caller:
        out = work.record_money(caller, case=case, intervention_id=intervention, stage=stage,
                                amount=amount, on=_date(on), reference=reference)
    console.print(f"intervention {out.id}: {stage} {amount} EUR recorded")


@app.command("list")
def list_(
    case: CaseOption,
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """A case's interventions."""
    with cli_caller(workspace, as_user, as_password) as caller:
        items = work.list_interventions(caller, case=case, status=status)
    _show(items, json)


@app.command("measure")
def measure(
    case: CaseOption,
    later: Annotated[list[str], typer.Option(help="Dataset(s) with the later observations.")],
    observed_on: Annotated[str, typer.Option(help="Date the later data describe (YYYY-MM-DD).")],
    annotations: Annotated[Path | None, typer.Option(
        help="JSON {id: {step, group, role}}: what the analysts know (else roles are detected).")
    ] = None,
    runs: Annotated[int, typer.Option(help="Monte Carlo recovery runs per prediction.")] = 100,
    seed: Annotated[int, typer.Option(help="Random seed of the recovery runs.")] = 0,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Re-analyse the network on later data and compare it with the plan's prediction."""
    notes = read_annotations(annotations) if annotations else None
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        _, ref = work.open_case(caller, case, action="judge", what={"effect": "networks"})
        earlier = sorted(d for d in ref.datasets if d not in set(later))
        missing = [d for d in later if d not in ref.datasets]
        if missing:
            raise InputError(f"not attached to the case: {', '.join(missing)}", field="later")
        for name in earlier + list(later):
            caller.allow("read", case=ref, dataset=name, audit_as="")
        with console.status("building the network before and after"):
            ids = dict(scoped.mapping(caller.analytical(), ref.datasets))  # the case's resolution
            before = case_network(caller.analytical(), datasets=earlier, annotations=notes,
                                  detect_roles=notes is None, canonical=ids)
            after = case_network(caller.analytical(), datasets=list(later), detect_roles=False,
                                 canonical=ids)
        with console.status(f"predicting and comparing ({runs} recovery runs)"):
            data = measure_effect(caller, case=case, before=before, after=after, datasets=later,
                                  observed_on=_date(observed_on, "observed_on") or date.today(),
                                  runs=runs, seed=seed)
    if json is not None:
        write_json(data, json)
        return
    cap, drop = data["capacity"], data["drop"]
    console.print(f"capacity before {cap['before']:.0f}; predicted after recovery "
                  f"{cap['predicted']['mean']:.2f} (prior), "
                  f"{cap['predicted_reestimated']['mean']:.2f} (re-estimated); observed "
                  f"{cap['observed']:.0f} → drop {drop['observed']:.0%}")
    table = Table("parameter", "prior", "re-estimated", "95 % interval", "seen/opportunities")
    for name, e in data["reestimated"].items():
        table.add_row(name, f"{e['prior']:.2f}", f"{e['estimate']:.2f}",
                      f"{e['interval95'][0]:.2f}–{e['interval95'][1]:.2f}",
                      f"{e['successes']}/{e['opportunities']}")
    console.print(table)


def results(
    case: CaseOption,
    json: JsonOption = None,
    as_user: AsOption = None,
    as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """A case's results: interventions, afpakken (seized, ordered, collected), effect vs plan."""
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        data = case_results(caller, case=case).to_json()
    if json is not None:
        write_json(data, json)
        return
    total = data["afpakken"]["total"]
    console.print(f"[bold]{data['case']}[/]: {len(data['interventions'])} interventions; "
                  f"seized € {total['seized_eur']}, ordered € {total['ordered_eur']}, "
                  f"collected € {total['collected_eur']} (gap € {total['gap_eur']})")
    effect = data["effect"]
    if effect:
        cap = effect["capacity"]
        console.print(f"capacity before {cap['before']:.0f}, predicted after recovery "
                      f"{cap['predicted']['mean']:.1f}, observed {cap['observed']:.0f} "
                      f"({effect['months_after']} months later)")
