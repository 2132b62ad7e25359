"""Indicators computed from the analytical store, as buurt-level observations.

The SQL is in :mod:`offensief.store.areas`; this module decides which datasets count as a
case's network (investigation data, Wpg regimes, attached to an open case), which periods
to fill, and where bases come from.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.db.cases import Case, CaseDataset
from offensief.prevent import service
from offensief.prevent.indicators import INDICATORS
from offensief.prevent.tables import Observation
from offensief.store import areas as sql

#: Regimes of investigation data: the people in them are a case's network.
NETWORK_REGIMES = frozenset({"wpg-8", "wpg-9", "wpg-10"})
#: Yearly gross household income times this is what a household can borrow and pay for a
#: home (Dutch lending norms put the maximum mortgage around 4.5-5 times gross income).
AFFORDABILITY_MULTIPLE = 5.0


def computed(con: duckdb.DuckDBPyConnection, *, postcodes: dict[str, str],
             network_datasets: Sequence[str], periods: Sequence[str],
             residents: dict[tuple[str, str], int],
             multiple: float = AFFORDABILITY_MULTIPLE) -> dict[str, list[Observation]]:
    """``indicator -> observations`` for every store indicator."""
    out: dict[str, list[Observation]] = {}
    rows = sql.residents_in_networks(con, postcodes=postcodes, datasets=list(network_datasets))
    out["residents_network"] = [Observation(a, "residents_network", p, v, residents.get((a, p)))
                                for a, p, v, _ in rows]
    rows = sql.cash_businesses(con, postcodes=postcodes, periods=list(periods))
    out["cash_businesses"] = [Observation(a, "cash_businesses", p, v, b) for a, p, v, b in rows]
    rows = sql.unexplained_purchases(con, postcodes=postcodes, periods=list(periods), multiple=multiple)
    out["unexplained_purchases"] = [Observation(a, "unexplained_purchases", p, v, b) for a, p, v, b in rows]
    return out


def network_datasets(session: Session) -> list[str]:
    """Investigation datasets attached to an open case: whose people make up its network."""
    rows = session.execute(select(CaseDataset.dataset).join(Case).where(
        Case.status == "open", CaseDataset.regime.in_(sorted(NETWORK_REGIMES))))
    return sorted({d for (d,) in rows})


def refresh(session: Session, con: duckdb.DuckDBPyConnection, *, datasets: Sequence[str],
            multiple: float = AFFORDABILITY_MULTIPLE) -> dict[str, int]:
    """Recompute the store indicators and replace their values, in one transaction; the
    periods are the years of the loaded CSV tables (this year when there are none)."""
    tables = [k for k in service.indicators_present(session) if INDICATORS[k].source == "table"]
    periods = sorted({o.period[:4] for k in tables for o in service.observations(session, k)}) \
        or [str(date.today().year)]
    residents = service.bases(session, "residents", [k for k, i in INDICATORS.items()
                                                     if i.base == "residents" and i.source == "table"])
    found = computed(con, postcodes=service.postcodes(session), network_datasets=datasets,
                     periods=periods, residents=residents, multiple=multiple)
    counts = {k: service.replace_computed(session, k, rows, source="store") for k, rows in found.items()}
    session.commit()
    return counts
