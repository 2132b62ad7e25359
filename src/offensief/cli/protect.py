"""``offensief protect ...``: the protection register (bewaken en beveiligen).

Every command runs as an authenticated protection officer (``--as USER``) and sees only the
records of their compartment (the responsible unit or the competent authority); every read
and every denial is in the audit log. Other roles get a denial, never a record.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from offensief.casework import protect as cp
from offensief.casework.protect_signals import scan as scan_signals
from offensief.casework.protect_signals import watch as watch_all
from offensief.cli.acting import cli_caller
from offensief.cli.context import WorkspaceOption, console, write_json
from offensief.cli.users import AsOption, JsonOption, PasswordOption, operational
from offensief.model.errors import InputError
from offensief.protect import register as reg
from offensief.protect import vocabulary as v
from offensief.store.duckstore import Store

app = typer.Typer(help="The protection register: threatened people, threat products, measures.",
                  no_args_is_help=True)
subject_app = typer.Typer(help="Protected subjects: add, show, list.", no_args_is_help=True)
report_app = typer.Typer(help="Threat reports (dreigingsmeldingen).", no_args_is_help=True)
product_app = typer.Typer(help="Information products: IRD, DI, DA, RA.", no_args_is_help=True)
measure_app = typer.Typer(help="Measures: add and end.", no_args_is_help=True)
review_app = typer.Typer(help="Re-evaluations: plan and hold.", no_args_is_help=True)
contact_app = typer.Typer(help="The contact log with the protected person.", no_args_is_help=True)
for sub, name in ((subject_app, "subject"), (report_app, "report"), (product_app, "product"),
                  (measure_app, "measure"), (review_app, "review"), (contact_app, "contact")):
    app.add_typer(sub, name=name)

SubjectArg = Annotated[int, typer.Argument(help="Record (subject) id.")]
DateOption = Annotated[str, typer.Option("--date", help="Date (YYYY-MM-DD).")]


def day(text: str | None, *, field: str) -> date | None:
    """A YYYY-MM-DD option as a date (a clear error naming the option otherwise)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"expected a date YYYY-MM-DD, got {text!r}", field=field) from None


def emit(data: Any, json: Path | None, text: str) -> None:
    if json is not None:
        write_json(data, json)
    else:
        console.print(text)


@subject_app.command("add")
def subject_add(
    name: str,
    profession: Annotated[str, typer.Option(help=f"One of: {', '.join(v.PROFESSIONS)}.")],
    region: Annotated[str, typer.Option(help="Region (police region or province).")],
    unit: Annotated[str, typer.Option(help="Responsible unit (partner name).")],
    authority_partner: Annotated[str, typer.Option(help="Partner of the competent authority.")],
    kind: Annotated[str, typer.Option(help=f"One of: {', '.join(v.SUBJECT_KINDS)}.")] = "person",
    domain: Annotated[str, typer.Option(help=f"One of: {', '.join(v.DOMAINS)}.")] = "decentral",
    birth_date: Annotated[str | None, typer.Option(help="Birth date (YYYY-MM-DD).")] = None,
    address: Annotated[str | None, typer.Option(help="Home or object address.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number.")] = None,
    json: JsonOption = None, as_user: AsOption = None, as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Register a protected person, object or service in your own compartment."""
    data = reg.SubjectInput(name=name, kind=kind, profession=profession, region=region,
                            unit_partner=unit, authority_partner=authority_partner, domain=domain,
                            birth_date=day(birth_date, field="birth_date"), address=address,
                            phone=phone)
    with cli_caller(workspace, as_user, as_password) as caller:
        row = cp.add_subject(caller, data)
    emit(row, json, f"record [bold]{row['id']}[/]: {row['name']} ({row['authority']}, "
                    f"{row['unit_partner']}/{row['authority_partner']})")


@subject_app.command("list")
def subject_list(json: JsonOption = None, as_user: AsOption = None,
                 as_password: PasswordOption = None, workspace: WorkspaceOption = None) -> None:
    """The records of your compartment."""
    with cli_caller(workspace, as_user, as_password) as caller:
        rows = cp.list_subjects(caller)
    if json is not None:
        write_json(rows, json)
        return
    table = Table("id", "name", "profession", "region", "state", "level", "measures", "overdue",
                  "signals", title="protection register")
    for r in rows:
        table.add_row(str(r["id"]), r["name"], r["profession"], r["region"], r["state"],
                      r["level"], str(r["active_measures"]), str(r["overdue"]),
                      str(r["unseen_signals"]))
    console.print(table)


@subject_app.command("show")
def subject_show(subject: SubjectArg, json: JsonOption = None, as_user: AsOption = None,
                 as_password: PasswordOption = None, workspace: WorkspaceOption = None) -> None:
    """One record: the product chain, measures, re-evaluations, contacts, signals, deadlines."""
    with cli_caller(workspace, as_user, as_password) as caller:
        record = cp.show_subject(caller, subject)
    if json is not None:
        write_json(record, json)
        return
    console.print(f"[bold]{record['name']}[/] · {record['profession']} · {record['state']} · "
                  f"threat {record['level']} · {record['access']}")
    chain = Table("date", "product", "author", "conclusion", "level", "decision", title="chain")
    for link in record["chain"]:
        chain.add_row(link["date"], link["title"], link["author_org"], link["conclusion"],
                      str(link["threat_level"] or ""), link["decision"])
    console.print(chain)
    for m in record["measures"]:
        console.print(f"measure {m['id']}: {m['description']} (level {m['level']}, {m['unit']}) "
                      f"{m['start_on']} → {m['end_on'] or 'running'}")
    for d in record["deadlines"]:
        console.print(f"[{'red' if d['status'] == 'overdue' else 'yellow'}]{d['status']}[/] "
                      f"{d['what']} ({d['due_on'] or 'not planned'})")
    for g in record["signals"]:
        console.print(f"signal {g['kind']}: {g['what']}")
    if record["moves_allowed"]:
        console.print(f"you may move it to: {', '.join(record['moves_allowed'])}")


@report_app.command("add")
def report_add(
    subject: SubjectArg, source: Annotated[str, typer.Option(help="Who reported the threat.")],
    reported_on: DateOption,
    classification: Annotated[str, typer.Option(help="Classification as reported.")],
    summary: Annotated[str, typer.Option(help="What was reported.")] = "",
    threatener: Annotated[list[str] | None, typer.Option(
        help="NAME or NAME=ENTITY_ID (a store entity id; repeatable).")] = None,
    case: Annotated[int | None, typer.Option(help="Case the threateners belong to.")] = None,
    json: JsonOption = None, as_user: AsOption = None, as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Record a threat report (dreigingsmelding) and who threatens."""
    people = []
    for item in threatener or []:
        name, _, entity = item.partition("=")
        people.append(reg.ThreatenerInput(name=name, entity_id=entity or None, case_id=case))
    with cli_caller(workspace, as_user, as_password) as caller:
        out = cp.add_report(caller, subject, source=source,
                            reported_on=day(reported_on, field="date"),  # type: ignore[arg-type]
                            classification=classification, summary=summary, threateners=people)
    emit(out, json, f"report {out['report']} on record {subject} "
                    f"({len(out['threateners'])} threatener(s) watched)")


@product_app.command("add")
def product_add(
    subject: SubjectArg,
    kind: Annotated[str, typer.Option(help="ird, di, da or ra.")],
    author: Annotated[str, typer.Option(help="Author organisation.")],
    issued_on: DateOption,
    conclusion: Annotated[str, typer.Option(help="concrete, conceivable or none.")],
    level: Annotated[int | None, typer.Option(help="Threat level 1-4.")] = None,
    decision: Annotated[str, typer.Option(help="The decision taken on it.")] = "",
    requests: Annotated[str | None, typer.Option(help="A later product it asks for.")] = None,
    due: Annotated[str | None, typer.Option(help="Due date of the requested product.")] = None,
    json: JsonOption = None, as_user: AsOption = None, as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Add an information product to the chain."""
    with cli_caller(workspace, as_user, as_password) as caller:
        out = cp.add_product(caller, subject, kind=kind, author_org=author,
                             issued_on=day(issued_on, field="date"), conclusion=conclusion,
                             threat_level=level, decision=decision, requests=requests,
                             requested_due=day(due, field="due"))
    emit(out, json, f"{kind.upper()} {out['product']} on record {subject}")


@measure_app.command("add")
def measure_add(
    subject: SubjectArg, description: Annotated[str, typer.Option(help="What the measure is.")],
    level: Annotated[int, typer.Option(help="Measure level 1-4.")],
    unit: Annotated[str, typer.Option(help=f"Executing unit: {', '.join(v.UNITS)}.")],
    start: Annotated[str, typer.Option(help="Start date (YYYY-MM-DD).")],
    end: Annotated[str | None, typer.Option(help="Planned end (YYYY-MM-DD).")] = None,
    json: JsonOption = None, as_user: AsOption = None, as_password: PasswordOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Add a decided measure (a re-evaluation is planned when none is)."""
    with cli_caller(workspace, as_user, as_password) as caller:
        out = cp.add_measure(caller, subject, description=description, level=level, unit=unit,
                             start_on=day(start, field="start"), planned_end=day(end, field="end"))
    emit(out, json, f"measure {out['measure']} on record {subject}; re-evaluation due "
                    f"{', '.join(out['reviews'])}")


@measure_app.command("end")
def measure_end(subject: SubjectArg, measure: int, ended_on: DateOption,
                reason: Annotated[str, typer.Option(help="Why it ends.")],
                json: JsonOption = None, as_user: AsOption = None,
                as_password: PasswordOption = None, workspace: WorkspaceOption = None) -> None:
    """End a running measure."""
    with cli_caller(workspace, as_user, as_password) as caller:
        out = cp.end_measure(caller, subject, measure, end_on=day(ended_on, field="date"),  # type: ignore[arg-type]
                             reason=reason)
    emit(out, json, f"measure {measure} ended on {out['end_on']}")


@review_app.command("plan")
def review_plan(subject: SubjectArg, due_on: DateOption, json: JsonOption = None,
                as_user: AsOption = None, as_password: PasswordOption = None,
                workspace: WorkspaceOption = None) -> None:
    """Plan a re-evaluation."""
    with cli_caller(workspace, as_user, as_password) as caller:
        out = cp.plan_review(caller, subject, due_on=day(due_on, field="date"))  # type: ignore[arg-type]
    emit(out, json, f"re-evaluation {out['review']} due {out['due_on']}")


@review_app.command("hold")
def review_hold(subject: SubjectArg, review: int, held_on: DateOption,
                outcome: Annotated[str, typer.Option(help="What was decided.")],
                next_due: Annotated[str | None, typer.Option("--next", help="Next due date.")] = None,
                json: JsonOption = None, as_user: AsOption = None,
                as_password: PasswordOption = None, workspace: WorkspaceOption = None) -> None:
    """Record a held re-evaluation (and plan the next)."""
    with cli_caller(workspace, as_user, as_password) as caller:
        out = cp.hold_review(caller, subject, review, done_on=day(held_on, field="date"),  # type: ignore[arg-type]
                             outcome=outcome, next_due=day(next_due, field="next"))
    emit(out, json, f"re-evaluation {review} held")


@contact_app.command("add")
def contact_add(subject: SubjectArg, note: Annotated[str, typer.Option(help="What was said.")],
                channel: Annotated[str, typer.Option(help="visit, phone, mail...")] = "phone",
                json: JsonOption = None, as_user: AsOption = None,
                as_password: PasswordOption = None, workspace: WorkspaceOption = None) -> None:
    """Log a contact with the protected person."""
    with cli_caller(workspace, as_user, as_password) as caller:
        out = cp.add_contact(caller, subject, channel=channel, note=note)
    emit(out, json, f"contact {out['contact']} logged")


@app.command("move")
def move(subject: SubjectArg, state: Annotated[str, typer.Argument(help="The new state.")],
         reason: Annotated[str, typer.Option(help="Why (required to close).")] = "",
         json: JsonOption = None, as_user: AsOption = None, as_password: PasswordOption = None,
         workspace: WorkspaceOption = None) -> None:
    """Move a record through the workflow (your side must be allowed to)."""
    with cli_caller(workspace, as_user, as_password) as caller:
        out = cp.move(caller, subject, state, reason=reason)
    emit(out, json, f"record {subject}: {out['from']} → {out['to']}")


@app.command("due")
def due(json: JsonOption = None,
        today: Annotated[str | None, typer.Option(help="Reference date (default: today).")] = None,
        as_user: AsOption = None, as_password: PasswordOption = None,
        workspace: WorkspaceOption = None) -> None:
    """Overdue and coming products, re-evaluations and measures of your records."""
    with cli_caller(workspace, as_user, as_password) as caller:
        result = cp.due_list(caller, today=day(today, field="today")).to_dict()
    if json is not None:
        write_json(result, json)
        return
    table = Table("status", "record", "rule", "what", "due", title=f"deadlines on {result['today']}")
    for i in result["items"]:
        table.add_row(i["status"], f"{i['subject_id']} {i['subject']}", i["rule"], i["what"],
                      i["due_on"] or "not planned")
    console.print(table)


@app.command("overview")
def overview(json: JsonOption = None,
             chart: Annotated[Path | None, typer.Option(help="Write the Vega-Lite chart here.")] = None,
             as_user: AsOption = None, as_password: PasswordOption = None,
             workspace: WorkspaceOption = None) -> None:
    """The national caseload by domain, level, profession, region and month (counts only)."""
    with cli_caller(workspace, as_user, as_password) as caller:
        data, spec = cp.caseload(caller)
    if chart is not None:
        write_json(spec, chart)
    if json is not None:
        write_json(data.to_dict(), json)
        return
    console.print(f"[bold]{data.total}[/] records, {data.open} open")
    for dimension, counts in data.by.items():
        console.print(f"  {dimension}: " + ", ".join(f"{k} {n}" for k, n in counts.items()))


@app.command("scan")
def scan(subject: Annotated[int | None, typer.Option(help="Only this record.")] = None,
         json: JsonOption = None, as_user: AsOption = None, as_password: PasswordOption = None,
         workspace: WorkspaceOption = None) -> None:
    """Look for new activity of threateners and for your subjects in cases (hit/no-hit)."""
    with cli_caller(workspace, as_user, as_password, store=True) as caller:
        result = scan_signals(caller, subject_id=subject).to_dict()
    if json is not None:
        write_json(result, json)
        return
    for a in result["activity"]:
        kinds = ", ".join(f"{r['count']} {r['kind']} ({r['dataset']})" for r in a["activity"])
        console.print(f"record {a['subject']}: new activity of {a['threatener']}: {kinds}; "
                      f"contact {', '.join(a['contacts'])}")
    for h in result["hits"]:
        console.print(f"record {h['subject']}: " + (
            f"HIT on {', '.join(h['kinds'])}; contact {', '.join(h['contacts'])}" if h["hit"]
            else "no hit"))


@app.command("watch")
def watch(json: JsonOption = None, workspace: WorkspaceOption = None) -> None:
    """Scan every record for new threatener activity and hits (as the system, e.g. after a
    load or from cron); prints counts only — the signals go to each record's officers."""
    with operational(workspace) as op, Store.open(op.workspace) as store:
        counts = watch_all(op.session, store, op.workspace)
    emit(counts, json, f"{counts['records']} records, {counts['threateners']} watched "
                       f"threateners: {counts['activity_signals']} new-activity signal(s), "
                       f"{counts['records_hit']} record(s) with a hit in a case")


@app.command("purge")
def purge(today: Annotated[str | None, typer.Option(help="Reference date (default: today).")] = None,
          json: JsonOption = None, workspace: WorkspaceOption = None) -> None:
    """Remove closed records whose retention under the Wpg ended (5 years after closure)."""
    with operational(workspace) as op:
        gone = cp.purge_expired(op.session, today=day(today, field="today"))
    emit({"removed": gone}, json, f"{len(gone)} record(s) removed")
