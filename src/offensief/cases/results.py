"""Afpakken in its three numbers, with exact arithmetic in euro cents.

* **beslag** (conservatory seizure): the value of what was seized, at seizure;
* **ontneming**: the confiscation orders (ontnemingsmaatregel) the court imposed;
* **inning**: what was actually collected on those orders (CJIB), plus separately the
  fiscal track: assessments (aanslag) and what was collected on them.

Amounts are integers of cents (``Decimal`` on the way in and out, never floats). Money is
counted per *cohort*: an order or collection belongs to the intervention (seizure) it follows
up, so "seized in 2020 and of that collected" reads down one row; ``year`` is the year the
intervention was executed. The gap is ``seized - collected`` (negative when more was
collected than seized, which happens: an order can reach assets never seized).

>>> rows = [Money(case="A", region="Rotterdam", year=2020, stage="beslag", cents=100_000),
...         Money(case="A", region="Rotterdam", year=2020, stage="ontneming", cents=60_000),
...         Money(case="A", region="Rotterdam", year=2020, stage="inning", cents=25_050)]
>>> f = funnel(rows, by=("case",))[0]
>>> f.gap_eur, f.collected_share
(Decimal('749.50'), Decimal('0.4175'))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from offensief.model.errors import InputError

#: Money stages: seizure value, confiscation order, collected on it, fiscal assessed/collected.
STAGES: tuple[str, ...] = ("beslag", "ontneming", "inning", "aanslag", "fiscale-inning")
#: Stages recorded as follow-up amounts (``beslag`` comes from seized items' values).
RECOVERY_STAGES: tuple[str, ...] = STAGES[1:]
#: A later stage may never exceed its base within one intervention.
BOUNDED_BY: dict[str, str] = {"inning": "ontneming", "fiscale-inning": "aanslag"}
_AMOUNT = re.compile(r"^\d{1,13}([.,]\d{1,2})?$")
CENT = Decimal("0.01")


def to_cents(text: str | Decimal | int, *, field: str = "amount", file: str | None = None,
             line: int | None = None) -> int:
    """Euros (``"1234.56"``, ``"1234,56"``, ``Decimal``) as whole cents; no thousands marks.

    >>> to_cents("1234,5"), to_cents(Decimal("0.07"))
    (123450, 7)
    """
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, Decimal):
        value = text
    else:
        raw = str(text).strip().replace("€", "").strip()
        if not _AMOUNT.match(raw):
            raise InputError(f"not an amount in euros: {text!r} (digits, at most 2 decimals, "
                             "no thousands separators)", field=field, file=file, line=line)
        value = Decimal(raw.replace(",", "."))
    if value < 0:
        raise InputError(f"amount may not be negative: {text!r}", field=field, file=file,
                         line=line)
    if value != value.quantize(CENT):
        raise InputError(f"amount has more than 2 decimals: {text!r}", field=field, file=file,
                         line=line)
    return int((value * 100).to_integral_value())


def euros(cents: int) -> Decimal:
    """Cents as a Decimal of euros with two places."""
    return (Decimal(cents) / 100).quantize(CENT)


def share(part: int, whole: int) -> Decimal | None:
    """``part / whole`` to four places (``None`` when there is no whole)."""
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True)
class Money:
    """One amount: which case, region, cohort year and stage, in cents."""

    case: str
    region: str
    year: int
    stage: str
    cents: int


@dataclass(frozen=True, slots=True)
class Funnel:
    """Seized → ordered → collected (and fiscal) for one group."""

    key: dict[str, Any]
    seized: int
    ordered: int
    collected: int
    assessed: int
    fiscal_collected: int

    @property
    def gap_eur(self) -> Decimal:
        return euros(self.seized - self.collected)

    @property
    def ordered_share(self) -> Decimal | None:
        return share(self.ordered, self.seized)

    @property
    def collected_share(self) -> Decimal | None:
        return share(self.collected, self.ordered)

    def as_dict(self) -> dict[str, Any]:
        """JSON shape: euros as strings with two decimals (exact), shares as strings."""
        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)
        return {**self.key,
                "seized_eur": str(euros(self.seized)), "ordered_eur": str(euros(self.ordered)),
                "collected_eur": str(euros(self.collected)),
                "fiscal_assessed_eur": str(euros(self.assessed)),
                "fiscal_collected_eur": str(euros(self.fiscal_collected)),
                "gap_eur": str(self.gap_eur), "ordered_share": text(self.ordered_share),
                "collected_share": text(self.collected_share)}


def funnel(rows: Iterable[Money], *, by: Sequence[str] = ()) -> list[Funnel]:
    """Sum the stages per group (``by`` from ``case``, ``region``, ``year``; ``()``: all)."""
    for name in by:
        if name not in ("case", "region", "year"):
            raise InputError(f"cannot group money by {name!r}", field="by")
    sums: dict[tuple[Any, ...], dict[str, int]] = {}
    for row in rows:
        if row.stage not in STAGES:
            raise InputError(f"unknown money stage {row.stage!r}", field="stage")
        key = tuple(getattr(row, name) for name in by)
        bucket = sums.setdefault(key, dict.fromkeys(STAGES, 0))
        bucket[row.stage] += row.cents
    if not by and not sums:
        sums[()] = dict.fromkeys(STAGES, 0)
    return [Funnel(key=dict(zip(by, key, strict=True)), seized=s["beslag"], ordered=s["ontneming"],
                   collected=s["inning"], assessed=s["aanslag"],
                   fiscal_collected=s["fiscale-inning"])
            for key, s in sorted(sums.items(), key=lambda kv: tuple(map(str, kv[0])))]


def check_bound(stage: str, *, so_far: dict[str, int], adding: int) -> None:
    """Refuse a collection that would exceed the order (or assessment) it collects on."""
    base = BOUNDED_BY.get(stage)
    if base is None:
        return
    after = so_far.get(stage, 0) + adding
    if after > so_far.get(base, 0):
        raise InputError(f"{stage} would reach {euros(after)} EUR, more than the {base} of "
                         f"{euros(so_far.get(base, 0))} EUR it collects on", field="amount")
