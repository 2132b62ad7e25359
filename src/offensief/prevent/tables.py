"""From observations (count per area, indicator and period) to a published table.

Parents missing from the data are the sums of their children; each area gets an all-period
total when there are several periods. Both are relations a reader can use, so both go into
the :class:`~offensief.prevent.disclosure.Table` that is protected before anything leaves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from offensief.prevent.areas import COUNTRY, LEVELS, Hierarchy, level_of
from offensief.prevent.disclosure import PUBLISHED, Key, Protected, Relation, Table, protect
from offensief.prevent.indicators import INDICATORS, rate

TOTAL = "all"  # the all-period column


@dataclass(frozen=True, slots=True)
class Observation:
    area: str
    indicator: str
    period: str
    value: int
    base: int | None = None


@dataclass
class PublishedCell:
    period: str
    value: int | None  # rounded count; None when withheld
    rate: float | None  # per 1,000 of the base, from the rounded count (bases are not published)
    reason: str  # published | below_threshold | secondary_suppression


@dataclass
class AreaRow:
    area: str
    name: str
    level: str
    parent: str | None
    cells: list[PublishedCell]


@dataclass
class PublishedTable:
    indicator: str
    title: str
    base: str | None
    periods: list[str]
    threshold: int
    rounding: int
    rows: list[AreaRow]
    national: dict[str, dict[str, float | None]] = field(default_factory=dict)
    suppressed: int = 0

    def row(self, area: str) -> AreaRow | None:
        return next((r for r in self.rows if r.area == area), None)


def build_table(observations: Iterable[Observation], hierarchy: Hierarchy,
                ) -> tuple[Table, dict[tuple[str, str], int], list[str]]:
    """The table of one indicator: counts by (area, period), bases, and its relations."""
    values: dict[tuple[str, str], int] = {}
    bases: dict[tuple[str, str], int] = {}
    for ob in observations:
        values[(ob.area, ob.period)] = ob.value
        if ob.base is not None:
            bases[(ob.area, ob.period)] = ob.base
    periods = sorted({p for _, p in values})
    for level in reversed(LEVELS[:-1]):  # wijk from buurten, gemeente from wijken, land
        for parent in hierarchy.at(level):
            kids = hierarchy.children(parent)
            for p in periods:
                given = [values[(k, p)] for k in kids if (k, p) in values]
                if (parent, p) not in values and given:
                    values[(parent, p)] = sum(given)
                known = [bases[(k, p)] for k in kids if (k, p) in bases]
                if (parent, p) not in bases and known and len(known) == len(given):
                    bases[(parent, p)] = sum(known)
    relations = []
    columns = periods + ([TOTAL] if len(periods) > 1 else [])
    if len(periods) > 1:
        for area in {a for a, _ in values}:
            present = [(area, p) for p in periods if (area, p) in values]
            values[(area, TOTAL)] = sum(values[k] for k in present)
            relations.append(Relation((area, TOTAL), tuple(present)))
    for parent in hierarchy.areas:
        kids = hierarchy.children(parent)
        for p in columns:
            relations.append(Relation((parent, p), tuple((k, p) for k in kids)))
    return Table(cast(dict[Key, int], values), relations), bases, periods


def publish(observations: Iterable[Observation], hierarchy: Hierarchy, *, indicator: str,
            threshold: int = 10, rounding: int = 5, protection: int = 1) -> PublishedTable:
    """Protect and publish one indicator's table, with the national average per period."""
    info = INDICATORS.get(indicator)
    table, bases, periods = build_table(observations, hierarchy)
    result: Protected = protect(table, threshold=threshold, rounding=rounding, protection=protection)
    columns = periods + ([TOTAL] if len(periods) > 1 else [])
    rows: list[AreaRow] = []
    cells_of = cast(dict[tuple[str, str], int], table.values)
    for area in sorted({a for a, _ in cells_of}, key=lambda c: (LEVELS.index(level_of(c)), c)):
        cells = []
        for p in columns:
            cell = result.cells.get((area, p))
            if cell is None:
                continue
            base = bases.get((area, p)) if p != TOTAL else None
            cells.append(PublishedCell(p, cell.value, rate(cell.value, base), cell.status))
        rows.append(AreaRow(area, hierarchy.name(area), level_of(area),
                            hierarchy.areas[area].parent if area in hierarchy.areas else None, cells))
    national: dict[str, dict[str, float | None]] = {}
    for p in periods:
        cell = result.cells.get((COUNTRY, p))
        if cell is None:
            continue
        count = cell.value
        per_area = {}
        for level in LEVELS[1:]:
            n = sum(1 for a, q in cells_of if q == p and level_of(a) == level)
            per_area[level] = round(count / n, 1) if count is not None and n else None
        national[p] = {"count": count, "rate": rate(count, bases.get((COUNTRY, p))), **per_area}
    return PublishedTable(indicator, info.title if info else indicator, info.base if info else None,
                          periods, threshold, rounding, rows, national,
                          sum(1 for c in result.cells.values() if c.status != PUBLISHED))
