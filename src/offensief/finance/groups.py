"""Accounts of one group: which accounts act for the same people, for detectors that look
across a group's accounts (structuring spread over several accounts within weeks).

Two accounts belong to one group when their holders are the same entity, sit in one corporate
cluster (directors and owners, see :mod:`offensief.finance.control`), are family or known
associates (FtM ``Family``, ``Associate``, ``UnknownLink``), or share a home address or phone
number with at most :data:`HOUSEHOLD` other entities (a household; more is a registered
office, a flat block or a switchboard). The result is ``fin_account_group(account, grp)``.

>>> from offensief.store.duckstore import Store
>>> store = Store.memory()
>>> account_groups(store.con)
{}
"""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pyarrow as pa

from offensief.finance.transactions import Engine, as_engine

#: Entities sharing an address or phone number up to this many are one household.
HOUSEHOLD = 6

_TIES = """
SELECT coalesce(m1.canonical_id, a.value), coalesce(m2.canonical_id, b.value)
FROM statements a
JOIN statements b ON b.entity_id = a.entity_id
     AND ((a.schema = 'Family' AND a.prop = 'person' AND b.prop = 'relative')
       OR (a.schema = 'Associate' AND a.prop = 'person' AND b.prop = 'associate')
       OR (a.schema = 'UnknownLink' AND a.prop = 'subject' AND b.prop = 'object'))
LEFT JOIN fin_canonical m1 ON m1.source_id = a.value
LEFT JOIN fin_canonical m2 ON m2.source_id = b.value
"""

#: ``(prop, value, entity)``: the entities sharing one address or phone number, per shared
#: value held by 2 .. ``household`` of them.
_SHARED = """
WITH s AS (
    SELECT DISTINCT s.prop, lower(trim(s.value)) AS v, coalesce(m.canonical_id, s.entity_id) AS entity
    FROM statements s LEFT JOIN fin_canonical m ON m.source_id = s.entity_id
    WHERE s.prop IN ('address', 'phone') AND s.schema IN ('Person', 'LegalEntity', 'Company', 'Organization')
), k AS (
    SELECT prop, v FROM s GROUP BY prop, v HAVING count(*) BETWEEN 2 AND {household}
)
SELECT s.prop, s.v, s.entity FROM s JOIN k ON k.prop = s.prop AND k.v = s.v
"""


def account_groups(source: Engine | duckdb.DuckDBPyConnection, *, household: int = HOUSEHOLD) -> dict[str, str]:
    """Map each account with a known holder to its group id (the smallest account in it)."""
    engine = as_engine(source)
    if not engine.has("fin_holders"):
        return {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    holders = engine.rows("SELECT account, entity FROM fin_holders")
    for account, entity in holders:
        union(f"a:{account}", f"e:{entity}")
    if engine.has("fin_cluster"):
        for entity, cluster in engine.rows("SELECT entity, cluster FROM fin_cluster"):
            union(f"e:{entity}", f"e:{cluster}")
    for a, b in engine.rows(_TIES):
        union(f"e:{a}", f"e:{b}")
    first: dict[tuple[str, str], str] = {}
    for prop, value, entity in engine.rows(_SHARED.format(household=int(household))):
        union(f"e:{first.setdefault((prop, value), entity)}", f"e:{entity}")
    groups: dict[str, list[str]] = defaultdict(list)
    for account, _ in holders:
        groups[find(f"a:{account}")].append(account)
    return {account: min(members) for members in groups.values() for account in members}


def register_account_groups(source: Engine | duckdb.DuckDBPyConnection, groups: dict[str, str]) -> None:
    """Expose the groups as ``fin_account_group(account, grp)``."""
    table = pa.table({"account": pa.array(list(groups), pa.string()),
                      "grp": pa.array(list(groups.values()), pa.string())})
    as_engine(source).register("fin_account_group", table)
