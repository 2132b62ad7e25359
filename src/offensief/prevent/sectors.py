"""Cash-intensive businesses by sector per gemeente: a second table with its own disclosure
control (gemeente x sector, with the gemeente totals and the national row as relations)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from offensief.prevent.areas import COUNTRY, Hierarchy, level_of
from offensief.prevent.disclosure import Key, Relation, Table, protect
from offensief.prevent.tables import PublishedCell
from offensief.store.areas import CASH_SECTORS

ALL = "all"


@dataclass
class SectorRow:
    area: str
    name: str
    cells: dict[str, PublishedCell]  # sector code (or "all") -> cell


@dataclass
class SectorTable:
    year: str
    sectors: dict[str, str]  # SBI code -> label, those with any business
    rows: list[SectorRow]
    threshold: int
    rounding: int


def sector_table(counts: Iterable[tuple[str, str, int]], hierarchy: Hierarchy, *, year: str,
                 threshold: int = 10, rounding: int = 5, protection: int = 1) -> SectorTable:
    """``(buurt, sector, count)`` rows → a protected gemeente x sector table with totals."""
    values: dict[tuple[str, str], int] = {}
    for buurt, sector, n in counts:
        gemeente = next((a for a in hierarchy.ancestors(buurt) if level_of(a) == "gemeente"), None)
        if gemeente is None:
            continue
        for area in (gemeente, COUNTRY):
            values[(area, sector)] = values.get((area, sector), 0) + n
    sectors = sorted({s for _, s in values})
    areas = sorted({a for a, _ in values})
    relations = []
    for area in areas:
        parts = tuple((area, s) for s in sectors if (area, s) in values)
        values[(area, ALL)] = sum(values[p] for p in parts)
        relations.append(Relation((area, ALL), parts))
    gemeenten = [a for a in areas if a != COUNTRY]
    for s in [*sectors, ALL]:
        relations.append(Relation((COUNTRY, s), tuple((g, s) for g in gemeenten)))
    result = protect(Table(cast(dict[Key, int], values), relations), threshold=threshold, rounding=rounding, protection=protection)
    rows = []
    for area in [*gemeenten, COUNTRY]:
        cells = {s: PublishedCell(s, c.value, None, c.status)
                 for s in [*sectors, ALL] if (c := result.cells.get((area, s))) is not None}
        rows.append(SectorRow(area, hierarchy.name(area), cells))
    return SectorTable(year, {s: CASH_SECTORS.get(s, s) for s in sectors}, rows, threshold, rounding)
