"""The indicator catalogue (after Zicht op Ondermijning's themes) and one value per cell.

Every indicator is a **count** per area and period (what disclosure control works on),
optionally with a **base** (the population it is a share of) to show a rate per 1,000.
``source`` says where values come from: ``store`` (computed from the analytical store by
:mod:`offensief.store.areas`) or ``table`` (loaded from CSV, e.g. CBS or police figures).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    title: str
    theme: str
    base: str | None  # what the rate is per 1,000 of, or None for a plain count
    source: str  # "store" | "table"
    description: str


INDICATORS: dict[str, Indicator] = {i.key: i for i in (
    Indicator("residents_network", "Residents linked to criminal networks", "drugs", "residents",
              "store", "People living in the area who appear in the investigation data (Wpg) of "
              "an open case, counted by the area of their address."),
    Indicator("cannabis_farms", "Dismantled cannabis farms", "drugs", None, "table",
              "Cannabis farms dismantled by police and grid operators in the period."),
    Indicator("unexplained_purchases", "Unexplained house purchases", "real estate",
              "house purchases", "store",
              "Homes bought in the period for more than the buyers' household can afford "
              "(price above the affordability multiple times their known yearly income)."),
    Indicator("youth_risk", "Young people (8-23) with a risk profile", "youth", "young people",
              "table", "Young people whose characteristics match those of drug suspects "
              "(CBS 'jonge aanwas' risk profile)."),
    Indicator("cash_businesses", "Cash-intensive businesses", "economy", "businesses", "store",
              "Registered businesses in sectors where cash dominates (catering, car trade, "
              "barbers, phone shops, car washes, mini-markets, jewellers, gambling)."),
    Indicator("holiday_parks", "Holiday parks with signals", "real estate", None, "table",
              "Holiday parks with signals of misuse (permanent residence, crime, vacancy)."),
    Indicator("drug_incidents", "Drug-related incidents", "drugs", "residents", "table",
              "Police-registered drug incidents (dealing, possession, nuisance) in the period."),
)}

#: Bases loaded with the tables (population counts are public CBS figures, not suppressed).
BASES: tuple[str, ...] = ("residents", "house purchases", "young people", "businesses")


def rate(count: int | None, base: int | None) -> float | None:
    """Per 1,000 of the base (``None`` without either); at most 1,000 (a count rounded up
    can exceed a small base)."""
    if count is None or not base:
        return None
    return round(min(1000.0, 1000.0 * count / base), 2)
