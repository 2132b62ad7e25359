"""Reading area tables from CSV: areas, indicator values and postcode-to-buurt keys.

The kind of file follows from its header (extra columns are an error, so a typo is not
silently ignored):

- ``code,name``: areas (CBS codes; the parent follows from the code);
- ``area,indicator,period,value[,base]``: counts per area and period, with the base
  population the count is a share of;
- ``postcode,area``: which buurt a four-digit postcode (PC4) lies in.

Every problem raises :class:`~offensief.model.errors.InputError` naming file, line and field.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from offensief.model.errors import InputError
from offensief.prevent.areas import Area, check_code, level_of
from offensief.prevent.indicators import INDICATORS
from offensief.prevent.tables import Observation

KINDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "areas": (frozenset({"code", "name"}), frozenset()),
    "values": (frozenset({"area", "indicator", "period", "value"}), frozenset({"base"})),
    "postcodes": (frozenset({"postcode", "area"}), frozenset()),
}
PERIOD = re.compile(r"^\d{4}(-(Q[1-4]|0[1-9]|1[0-2]))?$")
PC4 = re.compile(r"^[1-9]\d{3}$")


@dataclass
class AreaFile:
    kind: str
    areas: list[Area] = field(default_factory=list)
    values: list[Observation] = field(default_factory=list)
    postcodes: dict[str, str] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)  # the line of each area, value or postcode

    @property
    def rows(self) -> int:
        return len(self.areas) + len(self.values) + len(self.postcodes)


def read_csv(path: Path) -> AreaFile:
    """Parse one CSV file (all of it, or an error: nothing is half-read)."""
    name = str(path)
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=name) from None
    with handle:
        reader = csv.DictReader(handle)
        header = {h.strip() for h in reader.fieldnames or []}
        kind = next((k for k, (need, extra) in KINDS.items()
                     if need <= header <= need | extra), None)
        if kind is None:
            raise InputError("unknown header; expected one of "
                             + "; ".join(",".join(sorted(n)) for n, _ in KINDS.values()),
                             file=name, line=1, field=",".join(sorted(header)))
        out = AreaFile(kind)
        seen: dict[tuple[str, ...], int] = {}
        try:
            for raw in reader:
                line = reader.line_num
                if None in raw or any(v is None for v in raw.values()):
                    raise InputError("wrong number of columns", file=name, line=line)
                row = {k.strip(): v.strip() for k, v in raw.items()}
                key = _parse(kind, row, out, name=name, line=line)
                out.lines.append(line)
                if key in seen:
                    raise InputError(f"duplicate of line {seen[key]}", file=name, line=line,
                                     field=",".join(sorted(KINDS[kind][0])))
                seen[key] = line
        except csv.Error as exc:
            raise InputError(f"malformed CSV: {exc}", file=name, line=reader.line_num) from None
    if not out.rows:
        raise InputError("no rows", file=name)
    return out


def _parse(kind: str, row: dict[str, str], out: AreaFile, *, name: str, line: int) -> tuple[str, ...]:
    if kind == "areas":
        code = check_code(row["code"], file=name, line=line)
        if not row["name"]:
            raise InputError("empty name", file=name, line=line, field="name")
        out.areas.append(Area(code, row["name"]))
        return (code,)
    if kind == "postcodes":
        pc4 = row["postcode"].replace(" ", "")[:4]
        if not PC4.match(pc4):
            raise InputError(f"{row['postcode']!r} is not a Dutch postcode", file=name, line=line,
                             field="postcode")
        area = check_code(row["area"], file=name, line=line, field="area")
        if level_of(area) != "buurt":
            raise InputError(f"{area} is not a buurt (BUxxxxxxxx)", file=name, line=line, field="area")
        out.postcodes[pc4] = area
        return (pc4,)
    area = check_code(row["area"], file=name, line=line, field="area")
    if row["indicator"] not in INDICATORS:
        raise InputError(f"unknown indicator {row['indicator']!r}; known: {', '.join(INDICATORS)}",
                         file=name, line=line, field="indicator")
    if not PERIOD.match(row["period"]):
        raise InputError(f"{row['period']!r} is not a period (YYYY, YYYY-Qn or YYYY-MM)",
                         file=name, line=line, field="period")
    value = _count(row["value"], name=name, line=line, field="value")
    base = _count(row["base"], name=name, line=line, field="base") if row.get("base") else None
    if base is not None and value > base:
        raise InputError(f"value {value} exceeds its base {base}", file=name, line=line, field="value")
    out.values.append(Observation(area, row["indicator"], row["period"], value, base))
    return (area, row["indicator"], row["period"])


def _count(text: str, *, name: str, line: int, field: str) -> int:
    if not text.isdigit():
        raise InputError(f"{text!r} is not a non-negative whole number", file=name, line=line, field=field)
    return int(text)
