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

_SHARED = """
SELECT list(DISTINCT coalesce(m.canonical_id, s.entity_id))
FROM statements s LEFT JOIN fin_canonical m ON m.source_id = s.entity_id
WHERE s.prop IN ('address', 'phone') AND s.schema IN ('Person', 'LegalEntity', 'Company', 'Organization')
GROUP BY s.prop, lower(trim(s.value))
HAVING count(DISTINCT coalesce(m.canonical_id, s.entity_id)) BETWEEN 2 AND {household}
"""


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                            [table]).fetchall()[0][0])


def account_groups(con: duckdb.DuckDBPyConnection, *, household: int = HOUSEHOLD) -> dict[str, str]:
    """Map each account with a known holder to its group id (the smallest account in it)."""
    if not _has(con, "fin_holders"):
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

    holders = con.execute("SELECT account, entity FROM fin_holders").fetchall()
    for account, entity in holders:
        union(f"a:{account}", f"e:{entity}")
    if _has(con, "fin_cluster"):
        for entity, cluster in con.execute("SELECT entity, cluster FROM fin_cluster").fetchall():
            union(f"e:{entity}", f"e:{cluster}")
    for a, b in con.execute(_TIES).fetchall():
        union(f"e:{a}", f"e:{b}")
    for (members,) in con.execute(_SHARED.format(household=int(household))).fetchall():
        for other in members[1:]:
            union(f"e:{members[0]}", f"e:{other}")
    groups: dict[str, list[str]] = defaultdict(list)
    for account, _ in holders:
        groups[find(f"a:{account}")].append(account)
    return {account: min(members) for members in groups.values() for account in members}


def register_account_groups(con: duckdb.DuckDBPyConnection, groups: dict[str, str]) -> None:
    """Expose the groups as ``fin_account_group(account, grp)``."""
    table = pa.table({"account": pa.array(list(groups), pa.string()),
                      "grp": pa.array(list(groups.values()), pa.string())})
    con.register("fin_account_group_in", table)
    con.execute("CREATE OR REPLACE TEMP TABLE fin_account_group AS SELECT * FROM fin_account_group_in")
    con.unregister("fin_account_group_in")
