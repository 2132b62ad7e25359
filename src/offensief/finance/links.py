"""Accounts acting for one group, among a small set of candidate accounts.

Structuring spreads cash over the accounts of several people who act together (FIU-NL's
money-mule and cash descriptions: mules, straw men and fronts recruited by one group). The
registers rarely say so; the network does. Two candidate accounts are *linked* when

* their holders are the same entity, or sit in one corporate cluster (``fin_cluster``);
* their holders are tied directly: family, associates, a call between them, a meeting
  (FtM ``Event``) both attended, a directorship, employment or ownership between them, or a
  shared home address or phone number (a household, at most :data:`HOUSEHOLD` entities);
* their holders have a *personal* contact in common: a tied entity with at most
  ``max_contacts`` distinct ties (Dunbar's ~150 stable relationships; a switchboard, a shop
  or a registered office reaches more and links nobody);
* the same depositor paid cash into both.

Linked accounts form components (union-find). Only the candidate accounts are nodes, so a
component stays the size of what acts together, not the whole population.

>>> from offensief.store.duckstore import Store
>>> linked_accounts(Store.memory().con, set())
{}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import duckdb
import pyarrow as pa

from offensief.finance.groups import HOUSEHOLD
from offensief.finance.transactions import Engine, as_engine

#: Direct ties between two entities in the statements, canonical ids on both sides.
TIES = """
WITH pairs AS (
    SELECT a.value AS x, b.value AS y
    FROM statements a
    JOIN statements b ON b.entity_id = a.entity_id
    WHERE (a.schema = 'Family' AND a.prop = 'person' AND b.prop = 'relative')
       OR (a.schema = 'Associate' AND a.prop = 'person' AND b.prop = 'associate')
       OR (a.schema = 'UnknownLink' AND a.prop = 'subject' AND b.prop = 'object')
       OR (a.schema = 'Call' AND a.prop = 'caller' AND b.prop = 'receiver')
       OR (a.schema = 'Directorship' AND a.prop = 'director' AND b.prop = 'organization')
       OR (a.schema = 'Employment' AND a.prop = 'employee' AND b.prop = 'employer')
       OR (a.schema = 'Membership' AND a.prop = 'member' AND b.prop = 'organization')
       OR (a.schema = 'Ownership' AND a.prop = 'owner' AND b.prop = 'asset')
       OR (a.schema = 'Event' AND a.prop = 'involved' AND b.prop = 'involved' AND a.value < b.value)
)
SELECT DISTINCT coalesce(m1.canonical_id, p.x) AS x, coalesce(m2.canonical_id, p.y) AS y
FROM pairs p
LEFT JOIN fin_canonical m1 ON m1.source_id = p.x
LEFT JOIN fin_canonical m2 ON m2.source_id = p.y
"""

#: Entities sharing an address or phone number, per shared value (a household when few).
SHARED = """
SELECT lower(trim(s.value)) AS v, coalesce(m.canonical_id, s.entity_id) AS entity
FROM statements s LEFT JOIN fin_canonical m ON m.source_id = s.entity_id
WHERE s.prop IN ('address', 'phone') AND s.schema IN ('Person', 'LegalEntity', 'Company', 'Organization')
"""


class _Components:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def join(self, members: Iterable[str]) -> None:
        items = list(members)
        for other in items[1:]:
            self.union(items[0], other)


def linked_accounts(source: Engine | duckdb.DuckDBPyConnection, accounts: set[str], *, max_contacts: int = 150,
                    depositors: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """Map each of ``accounts`` to its component id (the smallest account in it).

    ``depositors`` are ``(depositor, account)`` pairs: one depositor links the accounts."""
    comps = _Components()
    for account in accounts:
        comps.find(f"a:{account}")
    by_depositor: dict[str, set[str]] = defaultdict(set)
    for depositor, account in depositors:
        if account in accounts:
            by_depositor[depositor].add(f"a:{account}")
    for members in by_depositor.values():
        comps.join(sorted(members))
    engine = as_engine(source)
    if accounts and engine.has("fin_holders") and engine.has("statements"):
        _link_holders(engine, accounts, comps, max_contacts=max_contacts)
    roots: dict[str, list[str]] = defaultdict(list)
    for account in accounts:
        roots[comps.find(f"a:{account}")].append(account)
    return {account: min(members) for members in roots.values() for account in members}


def _link_holders(engine: Engine, accounts: set[str], comps: _Components, *, max_contacts: int) -> None:
    engine.register("fin_link_accounts", pa.table({"account": pa.array(sorted(accounts), pa.string())}))
    holders = engine.rows("SELECT h.account, h.entity FROM fin_holders h "
                          "JOIN fin_link_accounts a ON a.account = h.account")
    held: dict[str, set[str]] = defaultdict(set)
    for account, entity in holders:
        held[entity].add(account)
        comps.union(f"a:{account}", f"e:{entity}")
    if not held:
        return
    if engine.has("fin_cluster"):
        cluster: dict[str, set[str]] = defaultdict(set)
        for entity, grp in engine.rows("SELECT entity, cluster FROM fin_cluster"):
            cluster[grp].add(entity)
        for members in cluster.values():
            comps.join(sorted(f"e:{e}" for e in members if e in held))
    neighbours: dict[str, set[str]] = defaultdict(set)
    for x, y in engine.rows(TIES):
        if x != y:
            neighbours[x].add(y)
            neighbours[y].add(x)
    shared: dict[str, set[str]] = defaultdict(set)
    for value, entity in engine.rows(SHARED):
        shared[value].add(entity)
    for members in shared.values():
        if 2 <= len(members) <= HOUSEHOLD:
            comps.join(sorted(f"e:{e}" for e in members if e in held))
    for entity in held:
        for other in neighbours.get(entity, ()):
            if other in held:
                comps.union(f"e:{entity}", f"e:{other}")
    for around in neighbours.values():
        if len(around) <= max_contacts:
            comps.join(sorted(f"e:{e}" for e in around if e in held))
