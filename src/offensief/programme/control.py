"""Budget against commitments, spending and results, per measure — aggregates only.

The picture for the controller: per measure (and per organisation) the budget, what was
committed and spent up to the end of a period and within it, and the results the
interventions funded by that measure brought (barriers raised, persons removed, seized and
collected money). Results carry no names, no entity ids and no case names.

>>> Period.parse("2020Q4").start, Period.parse("2020Q4").end
(datetime.date(2020, 10, 1), datetime.date(2020, 12, 31))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from offensief.cases.kpi import DONE, Record
from offensief.cases.results import euros, share
from offensief.model.errors import InputError

_PERIOD = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar quarter, e.g. ``2020Q4``."""

    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PERIOD.match(text.strip().upper())
        if not match:
            raise InputError(f"period must look like 2020Q4, not {text!r}", field="period")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        if self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"


@dataclass(frozen=True, slots=True)
class Line:
    """A budget line as the aggregation needs it."""

    measure: str
    organisation: str
    year: int
    cents: int


@dataclass(frozen=True, slots=True)
class Entry:
    """A commitment or payment as the aggregation needs it."""

    kind: str
    measure: str
    organisation: str
    dated: date
    cents: int


def _eur(cents: int) -> str:
    return str(euros(cents))


#: the money columns of a money table, each in cents while summing
MONEY_COLUMNS = ("budget", "committed", "spent", "committed_in_period", "spent_in_period")


def money_table(lines: Sequence[Line], entries: Sequence[Entry], *, period: Period,
                by: Sequence[str] = ("measure",)) -> list[dict[str, Any]]:
    """Budget, committed and spent (to the period's end, and within it) per group."""
    rows: dict[tuple[str, ...], dict[str, int]] = {}

    def bucket(item: Line | Entry) -> dict[str, int]:
        key = tuple(getattr(item, name) for name in by)
        return rows.setdefault(key, dict.fromkeys(MONEY_COLUMNS, 0))

    for line in lines:
        bucket(line)["budget"] += line.cents
    for entry in entries:
        if entry.dated > period.end:
            continue
        b = bucket(entry)
        word = "committed" if entry.kind == "commitment" else "spent"
        b[word] += entry.cents
        if entry.dated >= period.start:
            b[f"{word}_in_period"] += entry.cents
    out = []
    for key, b in sorted(rows.items()):
        out.append({**dict(zip(by, key, strict=True)),
                    **{f"{name}_eur": _eur(value) for name, value in b.items()},
                    "uncommitted_eur": _eur(b["budget"] - b["committed"]),
                    "spent_share": None if share(b["spent"], b["budget"]) is None
                    else str(share(b["spent"], b["budget"]))})
    return out


def totals(table: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Column sums of a money table (exact); zero for every column when nothing is loaded."""
    sums: dict[str, int] = {f"{name}_eur": 0 for name in (*MONEY_COLUMNS, "uncommitted")}
    for row in table:
        for key, value in row.items():
            if key.endswith("_eur"):
                sums[key] = sums.get(key, 0) + int(Decimal(value) * 100)
    return {key: _eur(value) for key, value in sums.items()}


def results_by_measure(records: Sequence[Record], *, until: date) -> dict[str, dict[str, Any]]:
    """Per measure: barriers raised, persons removed, seized and collected up to ``until``."""
    out: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str]] = set()
    for r in records:
        measure = r.measure or "(none)"
        row = out.setdefault(measure, {"barriers": 0, "persons_removed": 0, "seized": 0,
                                       "collected": 0, "fiscal_collected": 0})
        if r.status not in DONE or r.executed_on is None or r.executed_on > until:
            continue
        row["barriers"] += 1
        if r.status == "result":
            for entity, kind, _, gone in r.subjects:
                if gone and kind == "person" and (r.case, entity) not in seen:
                    seen.add((r.case, entity))
                    row["persons_removed"] += 1
        for m in r.money:
            if m.stage == "beslag":
                row["seized"] += m.cents
            elif m.stage == "inning":
                row["collected"] += m.cents
            elif m.stage == "fiscale-inning":
                row["fiscal_collected"] += m.cents
    return {measure: {k: (_eur(v) if k in ("seized", "collected", "fiscal_collected") else v)
                      for k, v in row.items()} for measure, row in sorted(out.items())}


def cost_per_barrier(spent_eur: str, barriers: int) -> str | None:
    """Spending divided by barriers raised (``None`` without barriers): an efficiency signal,
    not a verdict — much of a measure's money buys capacity, not single barriers."""
    if not barriers:
        return None
    cents = int(Decimal(spent_eur) * 100)
    return _eur(cents // barriers)
