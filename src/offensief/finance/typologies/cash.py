"""Cash and mule typologies on ``fin_tx``: structuring, funnel accounts and rapid pass-through."""

from __future__ import annotations

from offensief.finance.settings import Settings
from offensief.finance.transactions import Dialect


def _band(settings: Settings, *, above: bool = False) -> str:
    """Amounts within ``structuring_band`` below a threshold in force (or, ``above``, the
    mirror band from the threshold up)."""
    bands = []
    for th in settings.structuring_thresholds:
        lo, hi = ((th.amount, th.amount * (1 + settings.structuring_band)) if above
                  else (th.amount * (1 - settings.structuring_band), th.amount))
        bands.append(f"(amount >= {lo} AND amount < {hi} AND ts >= TIMESTAMP '{th.valid_from} 00:00:00')")
    return "(" + " OR ".join(bands) + ")"


def near_threshold_deposits(settings: Settings) -> str:
    """Cash deposits just under a threshold in force: ``(id, account, depositor, t, amount)``.
    The depositor is the paying party when the bank recorded one, else the account itself."""
    return f"""
SELECT id, dst AS account, coalesce(src_entity, src, dst) AS depositor, t, amount
FROM fin_tx WHERE kind = 'cash-deposit' AND dst IS NOT NULL AND {_band(settings)}
"""


def takings(settings: Settings) -> str:
    """Common table expressions, to follow ``d`` (:func:`near_threshold_deposits`) and ``o``
    (the grid offsets) in a ``WITH``, ending in ``usual``: the windows (``account, off, b`` on
    the two grids of ``structuring_window``) in which an account's near-threshold cash
    deposits are its takings, in line with its own history.

    The history is the account's cash deposits within ``takings_lookback`` either side of the
    window, outside it. The account is an established cash business when they fall in at least
    ``takings_min_months`` calendar months; the window keeps its rhythm when its number of
    near-threshold deposits stays within the upper control limit of a c-chart (Shewhart: c,
    the account's near-threshold deposits per window length over the span of its history,
    quiet weeks included, plus ``takings_control_sigmas`` times the Poisson sigma √c), and
    its amounts unless ``structuring_min_deposits`` or more of them (a pattern, not one large
    day's takings) all lie above the ``takings_usual_quantile`` of its other near-threshold
    deposits.
    A new account, a burst or amounts pushed up under the threshold are no takings.

    Every join has the account as an equality key (no broadcast nested loop, no correlated
    aggregate); only accounts with enough months of cash at all are looked at."""
    s = settings
    w, look = s.structuring_window, s.takings_lookback
    return f"""cash AS (
    SELECT dst AS account, t, year(ts) * 12 + month(ts) AS m, CASE WHEN {_band(s)} THEN amount END AS near
    FROM fin_tx WHERE kind = 'cash-deposit' AND dst IS NOT NULL
), est AS (
    SELECT c.account FROM cash c JOIN (SELECT DISTINCT account FROM d) n ON n.account = c.account
    GROUP BY c.account HAVING count(DISTINCT c.m) >= {s.takings_min_months}
), wc AS (
    SELECT d.account, o.off, floor((d.t + o.off) / {w}) AS b, count(*) AS n, min(d.amount) AS low
    FROM d JOIN est ON est.account = d.account CROSS JOIN o
    GROUP BY d.account, o.off, floor((d.t + o.off) / {w})
), hist AS (
    SELECT wc.account, wc.off, wc.b, count(DISTINCT c.m) AS months, count(c.near) AS near,
           max(c.t) - min(c.t) - CASE WHEN min(c.t) < wc.b * {w} - wc.off
                                       AND max(c.t) >= (wc.b + 1) * {w} - wc.off THEN {w} ELSE 0 END AS span,
           percentile_cont({s.takings_usual_quantile}) WITHIN GROUP (ORDER BY c.near) AS upper
    FROM wc JOIN cash c ON c.account = wc.account
     AND c.t >= wc.b * {w} - wc.off - {look} AND c.t < (wc.b + 1) * {w} - wc.off + {look}
     AND (c.t < wc.b * {w} - wc.off OR c.t >= (wc.b + 1) * {w} - wc.off)
    GROUP BY wc.account, wc.off, wc.b
), rate AS (
    SELECT hist.*, near * {w} / greatest(span, {w}) AS c FROM hist
), usual AS (
    SELECT wc.account, wc.off, wc.b
    FROM wc JOIN rate r ON r.account = wc.account AND r.off = wc.off AND r.b = wc.b
    WHERE r.months >= {s.takings_min_months} AND wc.n <= r.c + {s.takings_control_sigmas} * sqrt(r.c)
      AND (wc.n < {s.structuring_min_deposits} OR wc.low <= r.upper)
)"""


def structuring(settings: Settings, dialect: Dialect) -> str:
    """Several cash deposits just under a reporting or cash-ban threshold within the window
    (smurfing across accounts and days) into the accounts of one group (``fin_cash_group``,
    see :mod:`offensief.finance.links`: one account, one depositor, holders tied in the
    network), or into several accounts that each pass money on to one collecting account
    within the window. Accounts that in the same window also take cash deposits just *over*
    the threshold do not avoid it (a shop's takings straddle it) and are left out, and so are
    a cash business's takings: deposits in line with the account's own history
    (:func:`takings`)."""
    s = settings
    w = s.structuring_window
    return f"""
WITH d AS ({near_threshold_deposits(s).strip()}
), o AS (SELECT 0 AS off UNION ALL SELECT {w // 2} AS off
), over AS (
    SELECT DISTINCT dst AS account, o.off, floor((t + o.off) / {w}) AS b
    FROM fin_tx CROSS JOIN o WHERE kind = 'cash-deposit' AND dst IS NOT NULL AND {_band(s, above=True)}
), {takings(s)}, w AS (
    SELECT d.id, d.account, d.t, o.off, floor((d.t + o.off) / {w}) AS b
    FROM d CROSS JOIN o
), a AS (
    SELECT w.* FROM w
    WHERE NOT EXISTS (SELECT 1 FROM over v WHERE v.account = w.account AND v.off = w.off AND v.b = w.b)
      AND NOT EXISTS (SELECT 1 FROM usual u WHERE u.account = w.account AND u.off = w.off AND u.b = w.b)
), wg AS (
    SELECT a.*, g.grp FROM a JOIN fin_cash_group g ON g.account = a.account
), gg AS (
    SELECT grp, off, b FROM wg GROUP BY grp, off, b HAVING count(*) >= {s.structuring_min_deposits}
), wf AS (
    SELECT DISTINCT a.id, a.account, a.off, a.b, f.dst AS funnel
    FROM a JOIN fin_tx f ON f.src = a.account AND f.kind = 'transfer' AND f.dst <> a.account
     AND f.t >= a.t AND f.t <= a.t + {w}
), gf AS (
    SELECT funnel, off, b FROM wf GROUP BY funnel, off, b
    HAVING count(DISTINCT id) >= {s.structuring_min_deposits} AND count(DISTINCT account) >= 2
)
SELECT concat('structuring:g:', wg.grp, ':', CAST(wg.off AS STRING), ':', CAST(wg.b AS STRING)) AS alert_key, wg.id
FROM wg JOIN gg ON gg.grp = wg.grp AND gg.off = wg.off AND gg.b = wg.b
UNION ALL
SELECT concat('structuring:f:', wf.funnel, ':', CAST(wf.off AS STRING), ':', CAST(wf.b AS STRING)) AS alert_key, wf.id
FROM wf JOIN gf ON gf.funnel = wf.funnel AND gf.off = wf.off AND gf.b = wf.b
"""


def funnel(settings: Settings, dialect: Dialect) -> str:
    """Funnel account (FinCEN 2014 advisory on funnel accounts; FIU-NL money mules): cash paid
    in by several people ends up in one account within days: ``funnel_min_sources`` accounts
    each wire on, within ``passthrough_hours`` of cash deposits, at least
    ``passthrough_min_ratio`` of the largest and at most all of them, to one collecting
    account, within ``funnel_window``. The alert holds the deposits and the
    transfers to the collector. (Cash from many customers into one account alone is a shop.)"""
    s = settings
    w = s.funnel_window
    h = s.passthrough_hours * 3600
    return f"""
WITH o AS (SELECT 0 AS off UNION ALL SELECT {w // 2} AS off
), cash AS (
    SELECT id, dst AS acct, amount, t FROM fin_tx
    WHERE kind = 'cash-deposit' AND dst IS NOT NULL AND amount >= {s.passthrough_min_amount}
), pair AS (
    SELECT c.id AS cash_id, c.amount AS cash, f.id, f.src, f.dst, f.t, f.amount
    FROM (SELECT cash.*, floor(cash.t / {h}) + k.k AS hb FROM cash
          CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k) k) c
    JOIN (SELECT id, src, dst, t, amount, floor(t / {h}) AS hb FROM fin_tx
          WHERE kind = 'transfer' AND dst IS NOT NULL AND src IN (SELECT acct FROM cash)) f
      ON f.src = c.acct AND f.hb = c.hb AND f.dst <> c.acct AND f.t >= c.t AND f.t <= c.t + {h}
), wired AS (
    SELECT id FROM pair GROUP BY id, amount
    HAVING amount <= sum(cash) AND amount >= {s.passthrough_min_ratio} * max(cash)
), fed AS (
    SELECT pair.cash_id, pair.id, pair.src, pair.dst, pair.t FROM pair JOIN wired ON wired.id = pair.id
), fw AS (
    SELECT fed.*, o.off, floor((fed.t + o.off) / {w}) AS b FROM fed CROSS JOIN o
), gw AS (
    SELECT dst, off, b FROM fw GROUP BY dst, off, b HAVING count(DISTINCT src) >= {s.funnel_min_sources}
), hits AS (
    SELECT concat('funnel:w:', fw.dst, ':', CAST(fw.off AS STRING), ':', CAST(fw.b AS STRING)) AS alert_key,
           fw.cash_id, fw.id
    FROM fw JOIN gw ON gw.dst = fw.dst AND gw.off = fw.off AND gw.b = fw.b
)
SELECT alert_key, cash_id AS id FROM hits
UNION ALL SELECT alert_key, id FROM hits
"""


def rapid_pass_through(settings: Settings, dialect: Dialect) -> str:
    """An account receives money from a fresh counterparty (or in cash) and within hours
    pays a similar but smaller amount on (or withdraws it in cash); an exact refund is not
    a pass-through (``passthrough_max_ratio`` < 1).

    The join is bounded by buckets of ``passthrough_hours``: an incoming payment meets only
    outgoing ones of its own and the next bucket."""
    s = settings
    h = s.passthrough_hours * 3600
    # fresh: not part of a regular series (an anti-join: ``fin_recurring`` has one row per pair and channel)
    fresh = "fin_tx f LEFT JOIN fin_recurring r ON r.src = f.src AND r.dst = f.dst AND r.kind = f.kind"
    return f"""
WITH i0 AS (
    SELECT f.id, f.dst AS acct, f.amount, f.t
    FROM {fresh}
    WHERE f.kind IN ('transfer', 'cash-deposit') AND f.dst IS NOT NULL
      AND f.amount >= {s.passthrough_min_amount} AND r.src IS NULL
), i AS (
    SELECT i0.id, i0.acct, i0.amount, i0.t, floor(i0.t / {h}) + k.k AS b
    FROM i0 CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k) k
), x AS (
    SELECT f.id, f.src AS acct, f.amount, f.t, floor(f.t / {h}) AS b
    FROM {fresh}
    WHERE f.kind IN ('transfer', 'cash-withdrawal') AND f.src IS NOT NULL
      AND f.amount >= {s.passthrough_min_ratio * s.passthrough_min_amount} AND r.src IS NULL
), p AS (
    SELECT i.acct, i.id AS id1, x.id AS id2
    FROM i JOIN x ON x.acct = i.acct AND x.b = i.b
    WHERE x.t > i.t AND x.t <= i.t + {h}
      AND x.amount >= {s.passthrough_min_ratio} * i.amount
      AND x.amount <= {s.passthrough_max_ratio} * i.amount
)
SELECT concat('rapid_pass_through:', acct) AS alert_key, id1 AS id FROM p
UNION ALL
SELECT concat('rapid_pass_through:', acct) AS alert_key, id2 AS id FROM p
"""
