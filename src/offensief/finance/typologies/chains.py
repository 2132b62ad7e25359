"""Layering chains on ``fin_flow``: money passed on through three or more accounts in a row.

FATF's description of layering: funds moved through a succession of accounts to put distance
between them and their source, each intermediary (often a money mule) keeping a small fee.
So a chain A → B → C → D qualifies when every hop follows the previous one within
``layering_hop_window`` (days, not months), leaves from the account the previous hop reached,
and carries nearly the same amount — at most ``layering_max_fee`` less, never more — over
non-recurring transfers above ``min_amount``. Longer chains are the union of their overlapping
three-hop pieces (the alerts step merges them). A chain that returns to its start is a cycle.
"""

from __future__ import annotations

from offensief.finance.settings import Settings
from offensief.finance.transactions import Dialect


def layering(settings: Settings, dialect: Dialect) -> str:
    """Three-hop chains of near-equal amounts within days; rows ``(alert_key, id)``."""
    s = settings
    w = s.layering_hop_window
    keep = 1.0 - s.layering_max_fee

    def hop(prev: str, nxt: str) -> str:
        return (f"{nxt}.src = {prev}.dst AND {nxt}.t > {prev}.t AND {nxt}.t <= {prev}.t + {w} "
                f"AND {nxt}.amount <= {prev}.amount AND {nxt}.amount >= {keep} * {prev}.amount")

    return f"""
WITH f AS (
    SELECT id, src, dst, t, amount FROM fin_flow WHERE kind IN ('transfer', 'invoice')
      AND src_deg <= {s.max_degree} AND dst_deg <= {s.max_degree}
), c AS (
    SELECT a.id AS a, b.id AS b, c.id AS c
    FROM f a JOIN f b ON {hop('a', 'b')}
    JOIN f c ON {hop('b', 'c')}
    WHERE c.dst <> a.src AND c.dst <> a.dst AND b.dst <> a.src
)
SELECT concat('layering:', a) AS alert_key, a AS id FROM c
UNION ALL SELECT concat('layering:', a), b FROM c
UNION ALL SELECT concat('layering:', a), c FROM c
"""
