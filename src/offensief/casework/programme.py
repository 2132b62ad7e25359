"""Programme control for the controller: load budget and spending, see aggregates, report.

Loading needs ``programme_write``; reading needs ``programme_read``. Everything returned is
an aggregate per measure, organisation, region or year: no case names, entity ids or
persons (tested on every front end).
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from offensief.cases import kpi as kpis
from offensief.cases.results import funnel
from offensief.casework.caller import Caller
from offensief.casework.results import KPI_PROVIDERS, money_rows, record
from offensief.db.cases import Case
from offensief.db.interventions import EffectMeasurement, Intervention
from offensief.db.programme import BudgetLine, ProgrammeEntry, ProgrammeLoad
from offensief.model.errors import InputError
from offensief.programme import report
from offensief.programme.budget import parse_budget, parse_entries
from offensief.programme.control import (
    Entry,
    Line,
    Period,
    cost_per_barrier,
    money_table,
    results_by_measure,
    totals,
)


@dataclass
class Loaded:
    """What a load did."""

    kind: str
    source: str
    rows: int
    replaced: int
    total_eur: str

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def load_budget(caller: Caller, *, path: Path) -> Loaded:
    """Replace the budget with a checked budget file (all or nothing)."""
    caller.allow("programme_write", what={"load": "budget", "file": Path(path).name})
    parsed = parse_budget(path)
    session = caller.session()
    try:
        replaced = len(list(session.scalars(select(BudgetLine.id))))
        session.execute(delete(BudgetLine))
        session.add_all(BudgetLine(funding=r.funding, measure=r.measure,
                                   organisation=r.organisation, year=r.year, cents=r.cents,
                                   source=parsed.source, line=r.line) for r in parsed.budget)
        session.add(ProgrammeLoad(kind="budget", source=parsed.source, sha256=parsed.sha256,
                                  rows=len(parsed.budget), loaded_by=caller.actor.username))
        session.commit()
    except Exception:
        session.rollback()
        raise
    total = sum(r.cents for r in parsed.budget)
    caller.audit("programme_load", what={"kind": "budget", "file": parsed.source,
                                         "rows": len(parsed.budget), "sha256": parsed.sha256})
    return Loaded("budget", parsed.source, len(parsed.budget), replaced, f"{total / 100:.2f}")


def load_entries(caller: Caller, *, path: Path) -> Loaded:
    """Load commitments and spending; rows from an earlier file of the same name are replaced."""
    caller.allow("programme_write", what={"load": "spending", "file": Path(path).name})
    session = caller.session()
    measures = set(session.scalars(select(BudgetLine.measure).distinct()))
    parsed = parse_entries(path, measures=measures)
    try:
        same_file = ProgrammeEntry.source == parsed.source
        replaced = len(list(session.scalars(select(ProgrammeEntry.id).where(same_file))))
        session.execute(delete(ProgrammeEntry).where(same_file))
        session.add_all(ProgrammeEntry(kind=r.kind, measure=r.measure, organisation=r.organisation,
                                       dated=r.dated, cents=r.cents, reference=r.reference,
                                       description=r.description, source=parsed.source,
                                       line=r.line) for r in parsed.entries)
        session.add(ProgrammeLoad(kind="spending", source=parsed.source, sha256=parsed.sha256,
                                  rows=len(parsed.entries), loaded_by=caller.actor.username))
        session.commit()
    except Exception:
        session.rollback()
        raise
    total = sum(r.cents for r in parsed.entries if r.kind == "spending")
    caller.audit("programme_load", what={"kind": "spending", "file": parsed.source,
                                         "rows": len(parsed.entries), "sha256": parsed.sha256})
    return Loaded("spending", parsed.source, len(parsed.entries), replaced, f"{total / 100:.2f}")


#: Largest budget or spending file accepted by upload (bytes).
MAX_UPLOAD = 5_000_000
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def upload(caller: Caller, *, kind: str, name: str, data: bytes) -> Loaded:
    """Load an uploaded budget or spending file through the same checked, atomic loaders as
    the CLI. Errors name the uploaded file (not the temporary copy), its line and field."""
    if kind not in ("budget", "spending"):
        raise InputError("kind must be budget or spending", field="kind")
    caller.allow("programme_write", what={"upload": kind, "file": name[:200]})
    safe = _SAFE_NAME.sub("_", Path(name or "upload.csv").name).strip("._") or "upload.csv"
    if len(data) > MAX_UPLOAD:
        raise InputError(f"file larger than {MAX_UPLOAD} bytes", file=safe)
    with tempfile.TemporaryDirectory(prefix="offensief-programme-") as folder:
        path = Path(folder) / safe
        path.write_bytes(data)
        try:
            return (load_budget if kind == "budget" else load_entries)(caller, path=path)
        except InputError as exc:
            if exc.file != str(path):
                raise
            text = str(exc).removeprefix(f"{path}:{exc.line}: " if exc.line else f"{path}: ")
            if exc.field:
                text = text.removesuffix(f" (field {exc.field!r})")
            raise InputError(text, file=safe, line=exc.line, field=exc.field) from None


def _regions(records: list[kpis.Record]) -> list[dict[str, Any]]:
    out = []
    for f in kpis.compute(records, level="region"):
        v = f.values
        out.append({"region": f.key, "barriers": v["barriers_raised"]["total"],
                    "persons_removed": v["persons_removed"]["total"],
                    "administrative": sum(v["administrative_measures"].values()),
                    "seized_eur": v["afpakken"]["seized_eur"],
                    "collected_eur": v["afpakken"]["collected_eur"]})
    return out


def overview(caller: Caller, *, period: str, months: int = 6, drop: float = 0.25,
             audit: bool = True) -> dict[str, Any]:
    """Budget vs spending vs results up to the end of ``period`` (aggregates only).

    ``audit=False`` only for a caller whose ``programme_read`` was just checked."""
    quarter = Period.parse(period)
    if audit:
        caller.allow("programme_read", what={"view": "programme", "period": str(quarter)})
    session = caller.session()
    lines = [Line(b.measure, b.organisation, b.year, b.cents)
             for b in session.scalars(select(BudgetLine))]
    entries = [Entry(e.kind, e.measure, e.organisation, e.dated, e.cents)
               for e in session.scalars(select(ProgrammeEntry))]
    names = {c.id: c.name for c in session.scalars(select(Case))}
    items = [i for i in session.scalars(select(Intervention))
             if i.executed_on is None or i.executed_on <= quarter.end]
    records = [record(i, names[i.case_id]) for i in items]
    effects = [kpis.Effect(case=names[m.case_id], months_after=m.months_after,
                           before=float(_capacity(m)["before"]),
                           observed=float(_capacity(m)["observed"]))
               for m in session.scalars(select(EffectMeasurement))
               if m.observed_on <= quarter.end]
    table = money_table(lines, entries, period=quarter)
    results = results_by_measure(records, until=quarter.end)
    spent = {row["measure"]: row["spent_eur"] for row in table}
    result_rows = [{"measure": measure, **row,
                    "cost_per_barrier": cost_per_barrier(spent.get(measure, "0.00"),
                                                         row["barriers"])}
                   for measure, row in results.items()]
    national = kpis.compute(records, effects, level="national", months=months, drop=drop,
                            providers=KPI_PROVIDERS)[0].values
    money = [m for i in items for m in money_rows(i, names[i.case_id])]
    return {
        "period": str(quarter), "period_start": quarter.start.isoformat(),
        "period_end": quarter.end.isoformat(),
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "months": months, "drop": drop,
        "money": table, "totals": totals(table),
        "money_by_organisation": money_table(lines, entries, period=quarter,
                                             by=("organisation",)),
        "results": result_rows,
        "afpakken": [f.as_dict() for f in funnel(money, by=("year",))],
        "regions": _regions(records),
        "kpi": national,
        "definitions": kpis.DEFINITIONS,
    }


def _capacity(m: EffectMeasurement) -> dict[str, Any]:
    return dict(json.loads(m.body)["capacity"])


def write_report(caller: Caller, *, period: str, out: Path) -> list[Path]:
    """The quarterly progress report as PDF and Markdown (with charts) at ``out``."""
    caller.allow("programme_read", what={"report": period, "out": Path(out).name})
    data = overview(caller, period=period, audit=False)
    return report.write(data, Path(out))


def quarter_of(day: date) -> str:
    """The period label of a day, e.g. ``2020Q4``."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"
