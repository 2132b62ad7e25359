"""The caseload overview — the national picture the Commissie Bos found missing (2021).

Counts of records by domain, threat level, profession, region, state and month of the first
threat report, and running measures by executing unit. Only counts of single dimensions
(marginals) and a month × level series: no names, no ids, no cross-tabulation of profession
and region that would single a person out. The overview covers every record (the national
picture) but applies the minimum-frequency rule of statistical disclosure control: a cell with
fewer than :data:`MIN_CELL` records, any of them outside the viewer's own compartment, is not
shown by name — its records are counted in ``other (suppressed)`` (and left out of the month
series), so a small count cannot point at a person in someone else's compartment. :func:`chart` gives the Vega-Lite spec the web
page renders offline (the vendored vega bundles, data inline).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from offensief.db.protect import ProtectSubject
from offensief.protect.vocabulary import THREAT_LEVELS

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
DIMENSIONS: tuple[str, ...] = ("domain", "level", "profession", "region", "state", "authority")
#: The minimum-frequency rule: smaller cells from other compartments are suppressed.
MIN_CELL = 3
OTHER = "other (suppressed)"


def level_label(level: int | None) -> str:
    return f"{level} {THREAT_LEVELS[level]}" if level in THREAT_LEVELS else "not assessed"


def opened_on(subject: ProtectSubject) -> date:
    """When the record's threat began: its first report, else its registration."""
    dates = [r.reported_on for r in subject.reports]
    return min(dates) if dates else subject.created_at.date()


@dataclass(frozen=True)
class Overview:
    """The aggregate: totals, marginal counts per dimension, a month × level series."""

    total: int
    open: int
    by: dict[str, dict[str, int]]
    months: list[dict[str, Any]]
    measures_by_unit: dict[str, int]
    suppressed_months: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "open": self.open, "by": self.by, "months": self.months,
                "measures_by_unit": self.measures_by_unit,
                "suppressed_months": self.suppressed_months, "min_cell": MIN_CELL}


def _shown(total: Counter[Any], own: Counter[Any]) -> tuple[dict[Any, int], int]:
    """Cells that may be shown, and how many records the suppressed cells hold."""
    shown, hidden = {}, 0
    for key, n in total.items():
        if n >= MIN_CELL or own[key] == n:
            shown[key] = n
        else:
            hidden += n
    return shown, hidden


def overview(subjects: Iterable[ProtectSubject], *, own: set[int] | None = None) -> Overview:
    """Aggregate the records (closed ones count in the totals and the months). ``own`` are
    the ids in the viewer's compartment (``None``: all), for the minimum-frequency rule."""
    rows = list(subjects)
    mine = {s.id for s in rows} if own is None else own
    by: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
    by_own: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
    months: Counter[tuple[str, str]] = Counter()
    months_own: Counter[tuple[str, str]] = Counter()
    units: Counter[str] = Counter()
    units_own: Counter[str] = Counter()
    for s in rows:
        values = {"domain": s.domain, "level": level_label(s.threat_level),
                  "profession": s.profession, "region": s.region, "state": s.state,
                  "authority": s.authority}
        month = (opened_on(s).strftime("%Y-%m"), level_label(s.threat_level))
        months[month] += 1
        months_own[month] += s.id in mine
        for dimension, value in values.items():
            by[dimension][value] += 1
            by_own[dimension][value] += s.id in mine
        for m in s.measures:
            if m.end_on is None:
                units[m.unit] += 1
                units_own[m.unit] += s.id in mine
    shown_by: dict[str, dict[str, int]] = {}
    for dimension in DIMENSIONS:
        cells, hidden = _shown(by[dimension], by_own[dimension])
        shown_by[dimension] = dict(sorted(cells.items())) | ({OTHER: hidden} if hidden else {})
    shown_months, hidden_months = _shown(months, months_own)
    shown_units, hidden_units = _shown(units, units_own)
    return Overview(
        total=len(rows), open=sum(1 for s in rows if s.state != "closed"), by=shown_by,
        months=[{"month": m, "level": lv, "records": n}
                for (m, lv), n in sorted(shown_months.items())],
        measures_by_unit=dict(sorted(shown_units.items()))
        | ({OTHER: hidden_units} if hidden_units else {}),
        suppressed_months=hidden_months)


def chart(data: Overview, *, title: str = "Protection caseload") -> dict[str, Any]:
    """Vega-Lite: new records per month stacked by threat level, next to records by
    profession and by region."""
    def bars(dimension: str, label: str) -> dict[str, Any]:
        values = [{"value": k, "records": n} for k, n in data.by[dimension].items()]
        return {"title": label, "width": 220, "height": {"step": 18}, "data": {"values": values},
                "mark": {"type": "bar", "color": "#1f5fa8"},
                "encoding": {"y": {"field": "value", "type": "nominal", "title": None, "sort": "-x"},
                             "x": {"field": "records", "type": "quantitative",
                                   "axis": {"tickMinStep": 1, "format": "d"}},
                             "tooltip": [{"field": "value"}, {"field": "records"}]}}

    levels = [level_label(k) for k in THREAT_LEVELS] + ["not assessed"]
    colours = ["#fdd49e", "#fc8d59", "#d7301f", "#7f0000", "#bdbdbd"]
    return {
        "$schema": SCHEMA, "title": title,
        "hconcat": [
            {"title": "new records per month", "width": 320, "height": 220,
             "data": {"values": data.months}, "mark": "bar",
             "encoding": {
                 "x": {"field": "month", "type": "ordinal", "title": None},
                 "y": {"field": "records", "type": "quantitative", "aggregate": "sum",
                       "axis": {"tickMinStep": 1, "format": "d"}},
                 "color": {"field": "level", "type": "nominal", "title": "threat level",
                           "scale": {"domain": levels, "range": colours}},
                 "tooltip": [{"field": "month"}, {"field": "level"}, {"field": "records"}]}},
            bars("profession", "records by profession"),
            bars("region", "records by region"),
        ],
    }
