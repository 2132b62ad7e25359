"""Layering shapes on ``fin_flow``: fan-in, fan-out, scatter-gather, gather-scatter, bipartite.

Each function returns one portable SQL SELECT with the columns ``(alert_key, id)``: which
transactions belong to which raw alert. Time windows are *hopping*: two tumbling windows
offset by half a window, so any burst shorter than half a window falls whole into one.
"""

from __future__ import annotations

from offensief.finance.settings import Settings
from offensief.finance.transactions import Dialect


def _hop(window: int) -> str:
    return f"(SELECT 0 AS off UNION ALL SELECT {window // 2} AS off)"


def _windows(window: int, hub: str, where: str, cols: str = "") -> str:
    """The payments of ``fin_flow`` matching ``where`` in both hopping windows: ``hub`` (the
    column ``hub`` names), ``off``, window number ``b`` and ``cols``."""
    return (f"SELECT f.{hub} AS hub, o.off, floor((f.t + o.off) / {window}) AS b{cols} "
            f"FROM fin_flow f CROSS JOIN {_hop(window)} o WHERE {where}")


def _in_busy(rows: str) -> str:
    """``rows`` (a SELECT of :func:`_windows`) cut to the windows in ``busy``."""
    return f"SELECT r.* FROM ({rows}) r JOIN busy ON busy.hub = r.hub AND busy.off = r.off AND busy.b = r.b"


def fan(settings: Settings, dialect: Dialect, *, direction: str) -> str:
    """One account pays (``out``) or is paid by (``in``) many fresh counterparties in a window,
    at similar amounts; the hub and its counterparties trade with few fresh parties overall.

    A hub with k counterparties in a window has at least k overall (its degree) and at least
    k payments in the window: ``busy`` counts payments per window (no distinct count, no
    amounts) so that only those windows get the full test."""
    hub, leaf = ("src", "dst") if direction == "out" else ("dst", "src")
    name = "fan_out" if direction == "out" else "fan_in"
    w = settings.fan_window
    k = settings.fan_min_parties
    where = (f"f.kind = 'transfer' AND f.{hub}_deg >= {k} AND f.{hub}_deg <= {settings.max_degree} "
             f"AND f.{leaf}_deg <= {settings.max_degree}")
    return f"""
WITH busy AS (
    SELECT hub, off, b FROM ({_windows(w, hub, where)}) r GROUP BY hub, off, b HAVING count(*) >= {k}
), w AS (
    {_in_busy(_windows(w, hub, where, f", f.id, f.{leaf} AS leaf, f.amount"))}
), g AS (
    SELECT hub, off, b FROM w GROUP BY hub, off, b
    HAVING count(DISTINCT leaf) >= {k}
       AND max(amount) <= {settings.fan_max_spread} * min(amount)
)
SELECT concat('{name}:', w.hub, ':', CAST(w.off AS STRING), ':', CAST(w.b AS STRING)) AS alert_key, w.id
FROM w JOIN g ON g.hub = w.hub AND g.off = w.off AND g.b = w.b
"""


def fan_out(settings: Settings, dialect: Dialect) -> str:
    return fan(settings, dialect, direction="out")


def fan_in(settings: Settings, dialect: Dialect) -> str:
    return fan(settings, dialect, direction="in")


def scatter_gather(settings: Settings, dialect: Dialect) -> str:
    """An origin splits money over several intermediaries that each pass (most of) it on to
    one sink, every hop after the one before and within the window."""
    s = settings
    w = s.layer_window
    return f"""
WITH a AS (
    SELECT f.id, f.src, f.dst AS mid, f.amount, f.t, o.off, floor((f.t + o.off) / {w}) AS b
    FROM fin_flow f CROSS JOIN {_hop(w)} o WHERE f.kind = 'transfer' AND f.dst_deg <= {s.max_degree}
), c AS (
    SELECT id, src AS mid, dst, amount, t FROM fin_flow
    WHERE kind = 'transfer' AND src_deg <= {s.max_degree}
),
p AS (
    SELECT a.src AS origin, c.dst AS sink, a.off, a.b, a.mid, a.id AS id1, c.id AS id2
    FROM a JOIN c ON c.mid = a.mid
    WHERE c.t >= a.t AND c.t <= a.t + {w // 2} AND a.src <> c.dst
      AND c.amount >= {s.layer_min_ratio} * a.amount AND c.amount <= a.amount
), g AS (
    SELECT origin, sink, off, b FROM p GROUP BY origin, sink, off, b
    HAVING count(DISTINCT mid) >= {s.layer_min_middle}
), m AS (
    SELECT concat('scatter_gather:', p.origin, ':', p.sink, ':', CAST(p.off AS STRING), ':',
                  CAST(p.b AS STRING)) AS alert_key, p.id1, p.id2
    FROM p JOIN g ON g.origin = p.origin AND g.sink = p.sink AND g.off = p.off AND g.b = p.b
)
SELECT alert_key, id1 AS id FROM m
UNION ALL
SELECT alert_key, id2 AS id FROM m
"""


def gather_scatter(settings: Settings, dialect: Dialect) -> str:
    """A hub collects from several fresh sources and soon pays most of it on to several
    fresh sinks: collection first (at least ``gs_min_collected`` of the money is in before the
    first payment out — unlike a mule's in-out-in-out), distribution after, within the window."""
    s = settings
    w = s.gs_window
    into = f"f.kind = 'transfer' AND f.dst_deg <= {s.max_degree}"
    out = f"f.kind = 'transfer' AND f.src_deg <= {s.max_degree}"
    # busy: windows with enough payments in and out (a window with n distinct counterparties
    # has at least n payments), counted before the distinct counts and sums, and only for
    # hubs with that many payments in and out at all (a count per account, a small table)
    least = f"sum(n_in) >= {s.gs_min_in} AND sum(n_out) >= {s.gs_min_out}"
    return f"""
WITH hubs AS (
    SELECT hub FROM (
        SELECT f.dst AS hub, 1 AS n_in, 0 AS n_out FROM fin_flow f WHERE {into}
        UNION ALL
        SELECT f.src AS hub, 0 AS n_in, 1 AS n_out FROM fin_flow f WHERE {out}
    ) r GROUP BY hub HAVING {least}
), busy AS (
    SELECT hub, off, b FROM (
        {_windows(w, "dst", into + " AND f.dst IN (SELECT hub FROM hubs)", ", 1 AS n_in, 0 AS n_out")}
        UNION ALL
        {_windows(w, "src", out + " AND f.src IN (SELECT hub FROM hubs)", ", 0 AS n_in, 1 AS n_out")}
    ) r GROUP BY hub, off, b HAVING {least}
), i AS (
    {_in_busy(_windows(w, "dst", into, ", f.id, f.src AS other, f.amount, f.t"))}
), x AS (
    {_in_busy(_windows(w, "src", out, ", f.id, f.dst AS other, f.amount, f.t"))}
), gi AS (
    SELECT hub, off, b, sum(amount) AS total, min(t) AS first_t FROM i GROUP BY hub, off, b
    HAVING count(DISTINCT other) >= {s.gs_min_in}
), gx AS (
    SELECT hub, off, b, sum(amount) AS total, min(t) AS first_out, max(t) AS last_t FROM x
    GROUP BY hub, off, b
    HAVING count(DISTINCT other) >= {s.gs_min_out}
), g0 AS (
    SELECT gi.hub, gi.off, gi.b, gi.first_t, gi.total, gx.first_out
    FROM gi JOIN gx ON gx.hub = gi.hub AND gx.off = gi.off AND gx.b = gi.b
    WHERE gx.total >= {s.gs_min_ratio} * gi.total AND gx.total <= 1.05 * gi.total
      AND gx.last_t > gi.first_t
), early AS (
    SELECT i.hub, i.off, i.b, sum(i.amount) AS collected
    FROM i JOIN g0 ON g0.hub = i.hub AND g0.off = i.off AND g0.b = i.b
    WHERE i.t < g0.first_out
    GROUP BY i.hub, i.off, i.b
), g AS (
    SELECT g0.hub, g0.off, g0.b, g0.first_t
    FROM g0 JOIN early ON early.hub = g0.hub AND early.off = g0.off AND early.b = g0.b
    WHERE early.collected >= {s.gs_min_collected} * g0.total
)
SELECT concat('gather_scatter:', g.hub, ':', CAST(g.off AS STRING), ':', CAST(g.b AS STRING)) AS alert_key, i.id
FROM i JOIN g ON g.hub = i.hub AND g.off = i.off AND g.b = i.b
UNION ALL
SELECT concat('gather_scatter:', g.hub, ':', CAST(g.off AS STRING), ':', CAST(g.b AS STRING)) AS alert_key, x.id
FROM x JOIN g ON g.hub = x.hub AND g.off = x.off AND g.b = x.b AND x.t >= g.first_t
"""


def bipartite(settings: Settings, dialect: Dialect) -> str:
    """Bicliques K(2,2): two fresh sources that both pay the same two (or more) fresh sinks
    within one window. Cores sharing transactions are merged into one layer (bipartite) or,
    when accounts both receive and pay on, into a stack (stacked bipartite) by the alerts step."""
    s = settings
    w = s.bipartite_window
    return f"""
WITH e AS (
    SELECT f.id, f.src, f.dst, o.off, floor((f.t + o.off) / {w}) AS b
    FROM fin_flow f CROSS JOIN {_hop(w)} o
    WHERE f.kind = 'transfer' AND f.src_deg <= {s.max_degree} AND f.dst_deg <= {s.max_degree}
), pp AS (
    SELECT e1.src AS s1, e2.src AS s2, e1.off, e1.b, e1.dst AS d, e1.id AS id1, e2.id AS id2
    FROM e e1 JOIN e e2 ON e1.dst = e2.dst AND e1.off = e2.off AND e1.b = e2.b AND e1.src < e2.src
), q AS (
    SELECT s1, s2, off, b FROM pp GROUP BY s1, s2, off, b
    HAVING count(DISTINCT d) >= {s.bipartite_min_side}
), m AS (
    SELECT pp.s1, pp.s2, pp.off, pp.b, pp.id1, pp.id2
    FROM pp JOIN q ON q.s1 = pp.s1 AND q.s2 = pp.s2 AND q.off = pp.off AND q.b = pp.b
)
SELECT concat('bipartite:', s1, ':', s2, ':', CAST(off AS STRING), ':', CAST(b AS STRING)) AS alert_key,
       id1 AS id FROM m
UNION ALL
SELECT concat('bipartite:', s1, ':', s2, ':', CAST(off AS STRING), ':', CAST(b AS STRING)) AS alert_key,
       id2 AS id FROM m
"""
