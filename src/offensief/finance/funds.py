"""Assets by source of funds: who paid for an asset, who pays its costs, who uses it.

Registers show who *holds* an asset; beneficial ownership runs through what they do not show
(depositary receipts of a foundation, a straw man, a loan). Afpakken practice therefore also
follows the money (FATF guidance on beneficial ownership, 2014/2023; the Dutch "follow the
money" approach of the FIOD and the AMLC):

* **purchase money** — payments out of the accounts of the asset's holders (the holder and
  the companies above it in the register) that pay for it: purchase words in description or
  purpose and at least :data:`MIN_SHARE` of the asset's value; the money that came into that
  account in the :data:`LOOKBACK` before is followed back (most recent first, until the price
  is covered), through companies to the persons behind them, up to :data:`DEPTH` companies;
* **costs** — payments whose text names the asset (its address, registration or plate);
* **use** — persons registered at a property's address; a vehicle's operator;
* **nominee** — a registered natural owner with known accounts whose whole recorded income
  cannot explain the asset's value.

Each candidate beneficial owner gets points per kind of evidence (:data:`POINTS`, priors of
how strongly each kind shows ownership in case practice: the money counts most) and a
confidence = its points over all candidates' points.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb

#: How far back purchase money is followed (property purchases are financed within months).
LOOKBACK = 90 * 86400
#: A purchase payment pays at least this share of the asset's value (a down payment or more).
MIN_SHARE = 0.1
#: Companies followed back from the purchase account.
DEPTH = 3
#: Points per kind of evidence (funds: per whole purchase price traced to the candidate).
POINTS = {"register": 1.0, "controller": 1.5, "funds": 2.0, "use": 1.0, "costs": 0.5}
#: Words of a purchase (Dutch and English).
PURCHASE_WORDS = ("koopsom", "aankoop", "aanschaf", "koop ", "notaris", "levering", "transport akte", "woning",
                  "pand", "vastgoed", "kadaster", "purchase", "property", "real estate", "auto", "voertuig",
                  "vehicle", "kenteken", "vaartuig", "boot", "jacht")

_INFLOW = """
SELECT f.id, f.src, f.amount, f.t FROM fin_tx f
WHERE f.dst = ? AND f.t <= ? AND f.t >= ? AND f.src IS NOT NULL AND f.src <> f.dst
ORDER BY f.t DESC
"""


@dataclass
class Candidate:
    """One candidate beneficial owner of one asset, with the evidence for it."""

    entity: str
    points: float = 0.0
    evidence: list[str] = field(default_factory=list)

    def add(self, kind: str, weight: float, text: str) -> None:
        self.points += POINTS[kind] * weight
        self.evidence.append(text)


@dataclass
class Money:
    """The payments and account holders the source-of-funds search reads, loaded once."""

    accounts: dict[str, list[str]]
    holders: dict[str, str]
    outgoing: dict[str, list[tuple[str, float, float, str, str]]]
    income: dict[str, float]

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Money:
        accounts: dict[str, list[str]] = defaultdict(list)
        holders: dict[str, str] = {}
        for account, entity in con.execute("SELECT account, entity FROM fin_holders ORDER BY 1, 2").fetchall():
            accounts[entity].append(account)
            holders.setdefault(account, entity)
        outgoing: dict[str, list[tuple[str, float, float, str, str]]] = defaultdict(list)
        for tx, src, amount, t, text, dst in con.execute(
                "SELECT f.id, f.src, f.amount, f.t, lower(concat(coalesce(t2.description, ''), ' ',"
                " coalesce(t2.purpose, ''))), f.dst FROM fin_tx f JOIN transactions t2 ON t2.id = f.id"
                " WHERE f.amount >= 1000").fetchall():
            outgoing[src].append((tx, float(amount), float(t), text, dst or ""))
        income: dict[str, float] = defaultdict(float)
        received = dict(con.execute("SELECT dst, sum(amount) FROM fin_tx WHERE dst IS NOT NULL GROUP BY dst").fetchall())
        for entity, owned in accounts.items():
            income[entity] = float(sum(received.get(a, 0.0) for a in owned))
        return cls(accounts, holders, outgoing, dict(income))


def purchases(money: Money, holders: Iterable[str], value: float) -> list[tuple[str, float, float, str]]:
    """Payments by ``holders`` that pay for the asset: (tx, amount, t, account)."""
    found = []
    for entity in holders:
        for account in money.accounts.get(entity, []):
            for tx, amount, t, text, _ in money.outgoing.get(account, []):
                if any(w in text for w in PURCHASE_WORDS) and (value <= 0 or amount >= MIN_SHARE * value):
                    found.append((tx, amount, t, account))
    return sorted(found, key=lambda p: -p[1])[:3]


def trace_funders(con: duckdb.DuckDBPyConnection, money: Money, account: str, amount: float, t: float,
                  *, behind: Callable[[str], list[str]], is_person: Callable[[str], bool],
                  depth: int = DEPTH) -> dict[str, float]:
    """Persons whose money paid ``amount`` out of ``account`` at ``t`` → the amount traced to them."""
    traced: dict[str, float] = defaultdict(float)
    own = {e for e, accounts in money.accounts.items() if account in accounts} if depth == DEPTH else {
        money.holders.get(account)}
    left = amount
    for _, src, paid, when in con.execute(_INFLOW, [account, t, t - LOOKBACK]).fetchall():
        if left <= 0:
            break
        take = min(float(paid), left)
        left -= take
        funder = money.holders.get(src)
        if funder is None or funder in own:
            continue
        if is_person(funder):
            traced[funder] += take
            continue
        people = behind(funder)
        for person in people:
            traced[person] += take / len(people)
        if depth > 1 and not people:
            for src_account in money.accounts.get(funder, [])[:3]:
                for person, got in trace_funders(con, money, src_account, take, float(when), behind=behind,
                                                 is_person=is_person, depth=depth - 1).items():
                    traced[person] += got
    return dict(traced)


def rank(candidates: dict[str, Candidate]) -> list[dict[str, Any]]:
    """Candidates best first, with confidence = points over all points. Ids only, no names:
    front ends name them per viewer, as they do the beneficial owner."""
    total = sum(c.points for c in candidates.values()) or 1.0
    ordered = sorted(candidates.values(), key=lambda c: -c.points)  # stable: the register first on ties
    return [{"entity": c.entity, "score": round(c.points, 3),
             "confidence": round(c.points / total, 3), "evidence": c.evidence} for c in ordered if c.points > 0]
