"""What an alert's flags read besides its own payments: the datasets of that data.

An alert shows its payments, but its flags weighed more: whether a payment is fresh or part
of a regular series, the number of counterparties of each end and the cash history of an
account are read from *every* payment of the alert's accounts; which accounts are one account
across banks, from the banks' account records; who holds them, from ownership records; a
trade invoice is measured against its sector (the register) and against every comparable
trade payment; accounts act as one group through family, contacts, households and corporate
control. A viewer who may not read that data in clear must not see the alert in clear either
(DESIGN.md §5), so :func:`alert_reads` gives per alert the datasets of what its typology read
about its accounts and parties (``fin_tx``, ``fin_account`` and ``fin_canonical`` of the run
that found it, through the same engine).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from offensief.finance.transactions import Engine

#: Register facts about a holder that typologies weigh (trade: sector and country; real
#: estate: a notary's or lender's sector, a foundation's legal form).
FACT_PROPS = ("sector", "classification", "country", "jurisdiction", "mainCountry", "name", "legalForm")
#: Relationship records that tie holders into one group (:mod:`offensief.finance.links`,
#: :mod:`offensief.finance.groups`) or one corporate cluster (:mod:`offensief.finance.control`).
TIE_SCHEMAS = ("Family", "Associate", "UnknownLink", "Call", "Directorship", "Employment", "Membership",
               "Ownership", "Event")
CONTROL_SCHEMAS = ("Directorship", "Ownership")

#: Per typology, what its flags read beyond the payments of the alert's accounts, their
#: account records and their holders: ``facts`` of the holders, ``ties`` between holders
#: (``control`` only: corporate clusters), ``households`` (shared address or phone) and
#: ``peers`` (every payment: price and sector norms).
READS: dict[str, frozenset[str]] = {
    "trade_based": frozenset({"facts", "control", "peers"}),
    "real_estate": frozenset({"facts", "ties", "households"}),
    "structuring": frozenset({"ties", "households"}),
}


def _in(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


#: The records behind each node of ``fin_basis_nodes(k, node)``: the node itself, the bank
#: records of one account (``fin_account``), the source records of one party (``fin_canonical``).
_RECORDS = """
SELECT k, node AS id FROM fin_basis_nodes
UNION SELECT b.k, m.source_id AS id FROM fin_basis_nodes b JOIN fin_account m ON m.account = b.node
UNION SELECT b.k, c.source_id AS id FROM fin_basis_nodes b JOIN fin_canonical c ON c.canonical_id = b.node
"""

#: Every alert: the payments of its accounts and parties, their bank records, their holders.
_ALWAYS = f"""
WITH r AS ({_RECORDS})
SELECT b.k, f.dataset FROM fin_basis_nodes b JOIN fin_tx f ON f.src = b.node
UNION SELECT b.k, f.dataset FROM fin_basis_nodes b JOIN fin_tx f ON f.dst = b.node
UNION SELECT r.k, s.dataset FROM r JOIN statements s ON s.entity_id = r.id WHERE s.schema = 'BankAccount'
UNION SELECT r.k, s.dataset FROM r JOIN statements s ON s.value = r.id WHERE s.schema = 'Ownership' AND s.prop = 'asset'
"""


def _extra(reads: frozenset[str]) -> str | None:
    parts = []
    if "facts" in reads:
        parts.append(f"SELECT r.k, s.dataset FROM r JOIN statements s ON s.entity_id = r.id "
                     f"WHERE s.prop IN ({_in(FACT_PROPS)})")
    if "ties" in reads or "control" in reads:
        schemas = TIE_SCHEMAS if "ties" in reads else CONTROL_SCHEMAS
        parts.append(f"SELECT r.k, s.dataset FROM r JOIN statements s ON s.value = r.id "
                     f"WHERE s.schema IN ({_in(schemas)})")
    if "households" in reads:
        parts.append("SELECT r.k, s.dataset FROM r JOIN statements s ON s.entity_id = r.id "
                     "WHERE s.prop IN ('address', 'phone')")
    if not parts:
        return None
    return f"WITH r AS ({_RECORDS})\n" + "\nUNION ".join(parts)


def alert_reads(engine: Engine, alerts: Sequence[dict[str, Any]]) -> list[set[str]]:
    """Per alert (as :func:`offensief.finance.alerts.detect_alerts` returns them, on the
    engine that found them), the datasets its flags read besides its own payments."""
    found: list[set[str]] = [set() for _ in alerts]
    if not alerts:
        return found
    nodes = sorted({(k, n) for k, a in enumerate(alerts)
                    for n in (*a.get("account_ids", ()), *a.get("entity_ids", ()))})
    _register(engine, nodes)
    for k, dataset in engine.rows(_ALWAYS):
        found[k].add(dataset)
    for reads in sorted(set(READS.values()), key=sorted):
        wanted = [(k, n) for k, n in nodes if READS.get(alerts[k]["typology"]) == reads]
        sql = _extra(reads)
        if not wanted or sql is None:
            continue
        _register(engine, wanted)
        for k, dataset in engine.rows(sql):
            found[k].add(dataset)
    peers = [k for k, a in enumerate(alerts) if "peers" in READS.get(a["typology"], frozenset())]
    if peers:
        every = {d for (d,) in engine.rows("SELECT DISTINCT dataset FROM fin_tx")}
        for k in peers:
            found[k] |= every
    return found


def _register(engine: Engine, nodes: Sequence[tuple[int, str]]) -> None:
    engine.register("fin_basis_nodes", pa.table({"k": pa.array([k for k, _ in nodes], pa.int64()),
                                                 "node": pa.array([n for _, n in nodes], pa.string())}))
