"""The caseload overview — the national picture the Commissie Bos found missing (2021).

Counts of records by domain, threat level, profession, region, state and month of the first
threat report, and running measures by executing unit. Only counts of single dimensions
(marginals) and a month × level series: no names, no ids, no cross-tabulation of profession
and region that would single a person out. :func:`chart` gives the Vega-Lite spec the web
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

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "open": self.open, "by": self.by, "months": self.months,
                "measures_by_unit": self.measures_by_unit}


def overview(subjects: Iterable[ProtectSubject]) -> Overview:
    """Aggregate the records (closed ones count in the totals and the months)."""
    rows = list(subjects)
    by: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
    months: Counter[tuple[str, str]] = Counter()
    units: Counter[str] = Counter()
    for s in rows:
        by["domain"][s.domain] += 1
        by["level"][level_label(s.threat_level)] += 1
        by["profession"][s.profession] += 1
        by["region"][s.region] += 1
        by["state"][s.state] += 1
        by["authority"][s.authority] += 1
        months[(opened_on(s).strftime("%Y-%m"), level_label(s.threat_level))] += 1
        for m in s.measures:
            if m.end_on is None:
                units[m.unit] += 1
    return Overview(
        total=len(rows), open=sum(1 for s in rows if s.state != "closed"),
        by={d: dict(sorted(c.items())) for d, c in by.items()},
        months=[{"month": m, "level": lv, "records": n} for (m, lv), n in sorted(months.items())],
        measures_by_unit=dict(sorted(units.items())))


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
