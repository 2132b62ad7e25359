"""Who controls what: ownership and directorship edges, and corporate clusters.

A *corporate cluster* is a connected set of organisations and the people who run them,
linked by directorships and (sufficient) ownership. UBO-register declarations are not
control roles and do not join clusters (``offensief.finance.assets`` uses them). Nominee links — a trust office holding
shares as trustee, an owner whose role says nominee — are not followed: a trust office that
serves several groups must not glue them together. People who sit on many boards
(``max_roles``) are not followed either (professional directors, the state).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import duckdb
import pyarrow as pa

from offensief.finance.transactions import Engine, as_engine

NOMINEE_WORDS = ("trustee", "bewaarder", "nominee", "trust", "stichting administratiekantoor")
#: Ownership roles that declare the ultimate beneficial owner (UBO register entries).
UBO_WORDS = ("ubo", "uiteindelijk belanghebbende", "beneficial owner")

#: Current control edges from the statements: (org, controller, kind, role, percentage).
#: Ownerships and directorships that ended (``endDate`` today or earlier) are left out.
EDGES_SQL = """
SELECT coalesce(m1.canonical_id, o.value) AS org, coalesce(m2.canonical_id, p.value) AS ctl,
       'director' AS kind, lower(coalesce(r.value, '')) AS role, CAST(NULL AS DOUBLE) AS pct
FROM statements o
JOIN statements p ON p.entity_id = o.entity_id AND p.prop = 'director'
LEFT JOIN statements r ON r.entity_id = o.entity_id AND r.prop = 'role'
LEFT JOIN fin_canonical m1 ON m1.source_id = o.value
LEFT JOIN fin_canonical m2 ON m2.source_id = p.value
WHERE o.schema = 'Directorship' AND o.prop = 'organization'
  AND NOT EXISTS (SELECT 1 FROM statements e WHERE e.entity_id = o.entity_id AND e.prop = 'endDate'
                  AND e.value <= '{today}')
UNION
SELECT coalesce(m1.canonical_id, a.value) AS org, coalesce(m2.canonical_id, w.value) AS ctl,
       'owner' AS kind, lower(coalesce(r.value, '')) AS role, try_cast(pc.value AS DOUBLE) AS pct
FROM statements a
JOIN statements w ON w.entity_id = a.entity_id AND w.prop = 'owner'
LEFT JOIN statements r ON r.entity_id = a.entity_id AND r.prop = 'role'
LEFT JOIN statements pc ON pc.entity_id = a.entity_id AND pc.prop = 'percentage'
LEFT JOIN fin_canonical m1 ON m1.source_id = a.value
LEFT JOIN fin_canonical m2 ON m2.source_id = w.value
WHERE a.schema = 'Ownership' AND a.prop = 'asset'
  AND NOT EXISTS (SELECT 1 FROM statements e WHERE e.entity_id = a.entity_id AND e.prop = 'endDate'
                  AND e.value <= '{today}')
"""

def edges_sql(today: date | None = None) -> str:
    """:data:`EDGES_SQL` for ``today`` (default: the current date)."""
    return EDGES_SQL.format(today=(today or date.today()).isoformat())


ORGANISATIONS = """
SELECT DISTINCT coalesce(m.canonical_id, s.entity_id) AS id
FROM statements s LEFT JOIN fin_canonical m ON m.source_id = s.entity_id
WHERE s.schema IN ('Company', 'Organization', 'LegalEntity', 'PublicBody')
"""


def is_nominee(role: str, name: str = "") -> bool:
    """A trustee / nominee holding, seen through rather than followed."""
    if is_ubo_entry(role):
        return False
    text = f"{role} {name}".lower()
    return any(word in text for word in NOMINEE_WORDS)


def is_ubo_entry(role: str) -> bool:
    """An ownership statement that is a UBO-register declaration, not a shareholding."""
    text = role.lower()
    return any(word in text for word in UBO_WORDS)


def corporate_clusters(source: Engine | duckdb.DuckDBPyConnection, *, max_roles: int = 5,
                       min_percentage: float = 25.0) -> dict[str, str]:
    """Map each organisation (and its controllers) to a cluster id (its smallest member)."""
    engine = as_engine(source)
    edges = engine.rows(edges_sql())
    orgs = {r[0] for r in engine.rows(ORGANISATIONS)}
    names = dict(engine.rows(
        "SELECT coalesce(m.canonical_id, s.entity_id) AS entity, min(s.value) AS name FROM statements s "
        "LEFT JOIN fin_canonical m ON m.source_id = s.entity_id WHERE s.prop = 'name' "
        "GROUP BY coalesce(m.canonical_id, s.entity_id)"
    ))
    roles: dict[str, int] = defaultdict(int)
    for org, ctl, *_ in edges:
        roles[ctl] += 1
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for org, ctl, kind, role, pct in edges:
        if is_nominee(role, names.get(ctl, "")) or is_ubo_entry(role) or roles[ctl] > max_roles:
            continue
        if kind == "owner" and pct is not None and pct < min_percentage:
            continue
        a, b = find(org), find(ctl)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {x: find(x) for x in set(parent) | orgs}


def register_clusters(source: Engine | duckdb.DuckDBPyConnection, clusters: dict[str, str]) -> None:
    """Expose the clusters as ``fin_cluster(entity, cluster)``."""
    table = pa.table({"entity": pa.array(list(clusters), pa.string()),
                      "cluster": pa.array(list(clusters.values()), pa.string())})
    as_engine(source).register("fin_cluster", table)
