"""Cycles / round-tripping: money that comes back to where it started.

The SQL unrolls the hops as joins (no recursive CTE, so it runs the same on engines without
one): each next payment leaves the account the previous one reached, later in time, for a
similar or somewhat smaller amount; the last one returns to the first payer; every account
on the cycle is different and the whole round trip fits in the window.

A cycle is built from two-hop pieces (``p2``, computed once and shared by every length) and,
for an odd length, one single hop: a cycle of 5 is ``p2 → p2 → e``. Every piece starts within
the window after the first payment (hops are in time order, so a later hop cannot be earlier
than its piece), which keeps the pieces few.
"""

from __future__ import annotations

from offensief.finance.settings import Settings
from offensief.finance.transactions import Dialect

MIN_LENGTH = 3


def _hop(s: Settings, prev_t: str, prev_amount: str, nxt_t: str, nxt_amount: str) -> list[str]:
    """The next payment is not earlier and carries ``cycle_min_ratio`` .. 1.1 of the previous."""
    return [f"{nxt_t} >= {prev_t}", f"{nxt_amount} >= {s.cycle_min_ratio} * {prev_amount}",
            f"{nxt_amount} <= 1.1 * {prev_amount}"]


def _cycle_of_length(settings: Settings, length: int) -> str:
    """Cycles of ``length`` hops as rows ``(len, id1, .., id{length})``: two-hop pieces
    ``p2(n1 → n2 → n3)`` chained, one single hop ``e`` last when the length is odd."""
    s = settings
    pieces = [2] * (length // 2) + [1] * (length % 2)
    joins: list[str] = []
    where: list[str] = []
    nodes: list[str] = []
    ids: list[str] = []
    last_dst = last_t = last_amount = ""
    for k, size in enumerate(pieces):
        alias = f"s{k}"
        if size == 2:
            table, first_t, first_amount = "p2", f"{alias}.t1", f"{alias}.a1"
            src, dst, end_t, end_amount = f"{alias}.n1", f"{alias}.n3", f"{alias}.t2", f"{alias}.a2"
            nodes += [f"{alias}.n1", f"{alias}.n2"]
            ids += [f"{alias}.id1", f"{alias}.id2"]
        else:
            table, first_t, first_amount = "e", f"{alias}.t", f"{alias}.amount"
            src, dst, end_t, end_amount = f"{alias}.src", f"{alias}.dst", f"{alias}.t", f"{alias}.amount"
            nodes.append(f"{alias}.src")
            ids.append(f"{alias}.id")
        if k == 0:
            joins.append(f"FROM {table} {alias}")
        else:
            cond = [f"{src} = {last_dst}", *_hop(s, last_t, last_amount, first_t, first_amount),
                    f"{end_t} <= s0.t1 + {s.cycle_window}"]
            joins.append(f"JOIN {table} {alias} ON " + " AND ".join(cond))
        last_dst, last_t, last_amount = dst, end_t, end_amount
    where.append(f"{last_dst} = s0.n1")
    for a in range(len(nodes)):
        for b in range(a + 1, len(nodes)):
            if nodes[a].split(".")[0] != nodes[b].split(".")[0]:  # within a piece: p2 has n1 <> n2
                where.append(f"{nodes[a]} <> {nodes[b]}")
    cols = ", ".join(f"{x} AS id{i}" for i, x in enumerate(ids, start=1))
    return f"SELECT {length} AS len, {cols} " + " ".join(joins) + " WHERE " + " AND ".join(where)


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
    hop = " AND ".join(_hop(s, "e1.t", "e1.amount", "e2.t", "e2.amount"))
    return f"""
WITH e AS (
    SELECT id, src, dst, amount, t FROM fin_flow
    WHERE src_deg <= {s.max_degree} AND dst_deg <= {s.max_degree}
), p2 AS (
    SELECT e1.id AS id1, e2.id AS id2, e1.src AS n1, e2.src AS n2, e2.dst AS n3,
           e1.t AS t1, e2.t AS t2, e1.amount AS a1, e2.amount AS a2
    FROM e e1 JOIN e e2 ON e2.src = e1.dst AND {hop} AND e2.t <= e1.t + {s.cycle_window}
    WHERE e1.src <> e2.src
),
{ctes}
{" UNION ALL ".join(parts)}
"""
