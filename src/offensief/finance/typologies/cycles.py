"""Cycles / round-tripping: money that comes back to where it started.

The SQL unrolls one join per hop (no recursive CTE, so it runs the same on engines without
one): each next payment leaves the account the previous one reached, later in time, for a
similar or somewhat smaller amount; the last one returns to the first payer; every account
on the cycle is different and the whole round trip fits in the window.
"""

from __future__ import annotations

from offensief.finance.settings import Settings
from offensief.finance.transactions import Dialect

MIN_LENGTH = 3


def _cycle_of_length(settings: Settings, length: int) -> str:
    s = settings
    joins, where = [], []
    for i in range(2, length + 1):
        prev = f"e{i - 1}"
        cond = [
            f"e{i}.src = {prev}.dst",
            f"e{i}.t >= {prev}.t",
            f"e{i}.amount >= {s.cycle_min_ratio} * {prev}.amount",
            f"e{i}.amount <= 1.1 * {prev}.amount",
        ]
        joins.append(f"JOIN e e{i} ON " + " AND ".join(cond))
    where.append(f"e{length}.dst = e1.src")
    where.append(f"e{length}.t <= e1.t + {s.cycle_window}")
    nodes = [f"e{i}.src" for i in range(1, length + 1)]
    for a in range(len(nodes)):
        for b in range(a + 1, len(nodes)):
            where.append(f"{nodes[a]} <> {nodes[b]}")
    ids = ", ".join(f"e{i}.id AS id{i}" for i in range(1, length + 1))
    return (
        f"SELECT {length} AS len, {ids} FROM e e1 "
        + " ".join(joins)
        + " WHERE " + " AND ".join(where)
    )


def cycle(settings: Settings, dialect: Dialect) -> str:
    """Simple, time-respecting cycles of length 3 .. ``cycle_max_length``."""
    s = settings
    parts = []
    for length in range(MIN_LENGTH, s.cycle_max_length + 1):
        for i in range(1, length + 1):
            parts.append(
                f"SELECT concat('cycle:{length}:', c.id1) AS alert_key, c.id{i} AS id "
                f"FROM c{length} c"
            )
    ctes = ",\n".join(
        f"c{length} AS ({_cycle_of_length(s, length)})"
        for length in range(MIN_LENGTH, s.cycle_max_length + 1)
    )
    return f"""
WITH e AS (
    SELECT id, src, dst, amount, t FROM fin_flow
    WHERE src_deg <= {s.max_degree} AND dst_deg <= {s.max_degree}
),
{ctes}
{" UNION ALL ".join(parts)}
"""
