"""Cash and mule typologies on ``fin_tx``: structuring and rapid pass-through."""

from __future__ import annotations

from offensief.finance.settings import Settings
from offensief.finance.transactions import Dialect


def _near_threshold(settings: Settings) -> str:
    bands = []
    for th in settings.structuring_thresholds:
        low = th.amount * (1 - settings.structuring_band)
        bands.append(
            f"(amount >= {low} AND amount < {th.amount} AND ts >= TIMESTAMP '{th.valid_from} 00:00:00')"
        )
    return "(" + " OR ".join(bands) + ")"


def structuring(settings: Settings, dialect: Dialect) -> str:
    """Several cash deposits just under a reporting or cash-ban threshold within the window
    (smurfing across accounts and days): into one account, by one depositor, into the accounts
    of one group (``fin_account_group``, see :mod:`offensief.finance.groups`), or into several
    accounts that each pass money on to one collecting account within the window."""
    s = settings
    w = s.structuring_window
    return f"""
WITH d AS (
    SELECT id, dst AS account, coalesce(src_entity, src, dst) AS depositor, t
    FROM fin_tx WHERE kind = 'cash-deposit' AND dst IS NOT NULL AND {_near_threshold(s)}
), w AS (
    SELECT d.id, d.account, d.depositor, o.off, floor((d.t + o.off) / {w}) AS b
    FROM d CROSS JOIN (SELECT 0 AS off UNION ALL SELECT {w // 2} AS off) o
), ga AS (
    SELECT account, off, b FROM w GROUP BY account, off, b HAVING count(*) >= {s.structuring_min_deposits}
), gd AS (
    SELECT depositor, off, b FROM w GROUP BY depositor, off, b HAVING count(*) >= {s.structuring_min_deposits}
), wg AS (
    SELECT w.*, g.grp FROM w JOIN fin_account_group g ON g.account = w.account
), gg AS (
    SELECT grp, off, b FROM wg GROUP BY grp, off, b
    HAVING count(*) >= {s.structuring_min_deposits} AND count(DISTINCT account) >= 2
), wf AS (
    SELECT DISTINCT w.id, w.account, w.off, w.b, f.dst AS funnel
    FROM w JOIN d ON d.id = w.id
    JOIN fin_tx f ON f.src = w.account AND f.kind = 'transfer' AND f.dst <> w.account
     AND f.t >= d.t AND f.t <= d.t + {w}
), gf AS (
    SELECT funnel, off, b FROM wf GROUP BY funnel, off, b
    HAVING count(DISTINCT id) >= {s.structuring_min_deposits} AND count(DISTINCT account) >= 2
)
SELECT concat('structuring:a:', w.account, ':', CAST(w.off AS STRING), ':', CAST(w.b AS STRING)) AS alert_key, w.id
FROM w JOIN ga ON ga.account = w.account AND ga.off = w.off AND ga.b = w.b
UNION ALL
SELECT concat('structuring:d:', w.depositor, ':', CAST(w.off AS STRING), ':', CAST(w.b AS STRING)) AS alert_key, w.id
FROM w JOIN gd ON gd.depositor = w.depositor AND gd.off = w.off AND gd.b = w.b
UNION ALL
SELECT concat('structuring:g:', wg.grp, ':', CAST(wg.off AS STRING), ':', CAST(wg.b AS STRING)) AS alert_key, wg.id
FROM wg JOIN gg ON gg.grp = wg.grp AND gg.off = wg.off AND gg.b = wg.b
UNION ALL
SELECT concat('structuring:f:', wf.funnel, ':', CAST(wf.off AS STRING), ':', CAST(wf.b AS STRING)) AS alert_key, wf.id
FROM wf JOIN gf ON gf.funnel = wf.funnel AND gf.off = wf.off AND gf.b = wf.b
"""


def rapid_pass_through(settings: Settings, dialect: Dialect) -> str:
    """An account receives money from a fresh counterparty (or in cash) and within hours
    pays a similar but smaller amount on (or withdraws it in cash); an exact refund is not
    a pass-through (``passthrough_max_ratio`` < 1).

    The join is bounded by buckets of ``passthrough_hours``: an incoming payment meets only
    outgoing ones of its own and the next bucket."""
    s = settings
    h = s.passthrough_hours * 3600
    fresh = "NOT EXISTS (SELECT 1 FROM fin_recurring r WHERE r.src = f.src AND r.dst = f.dst)"
    return f"""
WITH i AS (
    SELECT f.id, f.dst AS acct, f.src AS other, f.amount, f.t, floor(f.t / {h}) + k.k AS b
    FROM fin_tx f CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k) k
    WHERE f.kind IN ('transfer', 'cash-deposit') AND f.dst IS NOT NULL
      AND f.amount >= {s.passthrough_min_amount} AND {fresh}
), x AS (
    SELECT f.id, f.src AS acct, f.dst AS other, f.amount, f.t, floor(f.t / {h}) AS b
    FROM fin_tx f
    WHERE f.kind IN ('transfer', 'cash-withdrawal') AND f.src IS NOT NULL
      AND f.amount >= {s.passthrough_min_ratio * s.passthrough_min_amount} AND {fresh}
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
