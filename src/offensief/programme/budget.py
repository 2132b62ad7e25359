"""Budget, commitment and spending files: parsed and checked whole before anything is kept.

Budget CSV (the whole budget; a load replaces it)::

    funding,measure,organisation,year,amount_eur
    najaarsnota-2019,mit,politie,2020,20000000.00

Spending CSV (commitments and payments; a load replaces the rows of the same file name)::

    kind,measure,organisation,date,amount_eur,reference,description
    commitment,mit,politie,2020-03-01,1500000.00,V-2020-001,data centre lease

Every error names the file, the line and the field. Amounts are euros with at most two
decimals (``.`` or ``,``), kept as integer cents.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from offensief.cases.results import to_cents
from offensief.model.errors import InputError

BUDGET_FIELDS = ("funding", "measure", "organisation", "year", "amount_eur")
SPENDING_FIELDS = ("kind", "measure", "organisation", "date", "amount_eur", "reference",
                   "description")
ENTRY_KINDS = ("commitment", "spending")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True, slots=True)
class BudgetRow:
    funding: str
    measure: str
    organisation: str
    year: int
    cents: int
    line: int


@dataclass(frozen=True, slots=True)
class EntryRow:
    kind: str
    measure: str
    organisation: str
    dated: date
    cents: int
    reference: str
    description: str
    line: int


@dataclass(frozen=True, slots=True)
class Parsed:
    """A checked file: its rows, its name and its content hash."""

    source: str
    sha256: str
    budget: tuple[BudgetRow, ...] = ()
    entries: tuple[EntryRow, ...] = ()


def _rows(path: Path, fields: tuple[str, ...], required: tuple[str, ...]) -> tuple[
        str, list[tuple[int, dict[str, str]]]]:
    try:
        raw = Path(path).read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", file=str(path)) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [f for f in required if f not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; expected {', '.join(fields)}",
                         file=str(path), line=1, field=missing[0])
    unknown = [f for f in header if f not in fields]
    if unknown:
        raise InputError(f"unknown column {unknown[0]!r}; expected {', '.join(fields)}",
                         file=str(path), line=1, field=unknown[0])
    try:
        rows = [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None})
                for row in reader]
    except csv.Error as exc:
        raise InputError(f"not a readable CSV line: {exc}", file=str(path),
                         line=reader.line_num) from None
    if not rows:
        raise InputError("the file has no rows", file=str(path), line=1)
    return hashlib.sha256(raw).hexdigest(), rows


def _code(value: str, *, path: Path, line: int, field: str) -> str:
    if not _CODE.match(value):
        raise InputError(f"{field} must be a lower-case code (letters, digits, - or _), "
                         f"not {value!r}", file=str(path), line=line, field=field)
    return value


def parse_budget(path: Path) -> Parsed:
    """Read and check a budget file."""
    digest, rows = _rows(path, BUDGET_FIELDS, BUDGET_FIELDS)
    out, seen = [], set()
    for line, row in rows:
        where = {"file": str(path), "line": line}
        try:
            year = int(row["year"])
        except ValueError:
            raise InputError(f"year must be a number, not {row['year']!r}", field="year",
                             **where) from None  # type: ignore[arg-type]
        if not 2000 <= year <= 2100:
            raise InputError(f"year {year} out of range", field="year", **where)  # type: ignore[arg-type]
        key = (row["funding"], row["measure"], row["organisation"], year)
        if key in seen:
            raise InputError("the same funding, measure, organisation and year twice",
                             field="measure", **where)  # type: ignore[arg-type]
        seen.add(key)
        out.append(BudgetRow(
            funding=_code(row["funding"], path=path, line=line, field="funding"),
            measure=_code(row["measure"], path=path, line=line, field="measure"),
            organisation=_code(row["organisation"], path=path, line=line, field="organisation"),
            year=year, cents=to_cents(row["amount_eur"], field="amount_eur", file=str(path),
                                      line=line), line=line))
    return Parsed(source=Path(path).name, sha256=digest, budget=tuple(out))


def parse_entries(path: Path, *, measures: set[str]) -> Parsed:
    """Read and check a commitments/spending file against the known ``measures``."""
    digest, rows = _rows(path, SPENDING_FIELDS, SPENDING_FIELDS[:6])
    out, references = [], set()
    for line, row in rows:
        if row["kind"] not in ENTRY_KINDS:
            raise InputError(f"kind must be commitment or spending, not {row['kind']!r}",
                             file=str(path), line=line, field="kind")
        if row["measure"] not in measures:
            known = ", ".join(sorted(measures)) or "none: load a budget first"
            raise InputError(f"unknown measure {row['measure']!r} (budget has {known})",
                             file=str(path), line=line, field="measure")
        try:
            dated = date.fromisoformat(row["date"])
        except ValueError:
            raise InputError(f"date must be YYYY-MM-DD, not {row['date']!r}", file=str(path),
                             line=line, field="date") from None
        if not row["reference"]:
            raise InputError("every entry needs a reference", file=str(path), line=line,
                             field="reference")
        key = (row["kind"], row["reference"])
        if key in references:
            raise InputError(f"{row['kind']} reference {row['reference']!r} appears twice",
                             file=str(path), line=line, field="reference")
        references.add(key)
        out.append(EntryRow(
            kind=row["kind"], measure=row["measure"],
            organisation=_code(row["organisation"], path=path, line=line, field="organisation"),
            dated=dated, cents=to_cents(row["amount_eur"], field="amount_eur", file=str(path),
                                        line=line),
            reference=row["reference"], description=row.get("description", ""), line=line))
    return Parsed(source=Path(path).name, sha256=digest, entries=tuple(out))
