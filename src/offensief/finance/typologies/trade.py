"""Typologies that need who-is-who from the statements: trade-based laundering and
real estate bought with layered money."""

from __future__ import annotations

from offensief.finance.settings import Settings
from offensief.finance.transactions import Dialect

#: Who controls which organisation: directors and owners (canonical ids where known).
CONTROL = """
SELECT coalesce(m1.canonical_id, o.value) AS org, coalesce(m2.canonical_id, p.value) AS ctl
FROM statements o
JOIN statements p ON p.entity_id = o.entity_id AND p.prop = 'director'
LEFT JOIN fin_canonical m1 ON m1.source_id = o.value
LEFT JOIN fin_canonical m2 ON m2.source_id = p.value
WHERE o.schema = 'Directorship' AND o.prop = 'organization'
UNION
SELECT coalesce(m1.canonical_id, a.value) AS org, coalesce(m2.canonical_id, w.value) AS ctl
FROM statements a
JOIN statements w ON w.entity_id = a.entity_id AND w.prop = 'owner'
LEFT JOIN fin_canonical m1 ON m1.source_id = a.value
LEFT JOIN fin_canonical m2 ON m2.source_id = w.value
WHERE a.schema = 'Ownership' AND a.prop = 'asset'
"""


def trade_based(settings: Settings, dialect: Dialect) -> str:
    """Repeated invoices at round amounts between related companies: one controls the other,
    or both share a director or owner (straw men and trust offices included)."""
    s = settings
    u = s.trade_round_unit
    return f"""
WITH ctl AS ({CONTROL}),
rel AS (
    SELECT c1.org AS a, c2.org AS b FROM ctl c1 JOIN ctl c2 ON c1.ctl = c2.ctl AND c1.org <> c2.org
    UNION SELECT org AS a, ctl AS b FROM ctl
    UNION SELECT ctl AS a, org AS b FROM ctl
), inv AS (
    SELECT f.id, f.src, f.dst, hs.entity AS pe, hd.entity AS be
    FROM fin_tx f
    JOIN fin_holders hs ON hs.account = f.src
    JOIN fin_holders hd ON hd.account = f.dst
    WHERE f.kind = 'invoice' AND f.amount >= {s.trade_min_amount}
      AND floor(f.amount / {u}) * {u} = f.amount
), hit AS (
    SELECT DISTINCT inv.id, inv.src, inv.dst FROM inv JOIN rel ON rel.a = inv.pe AND rel.b = inv.be
), g AS (
    SELECT src, dst FROM hit GROUP BY src, dst HAVING count(*) >= {s.trade_min_invoices}
)
SELECT concat('trade_based:', hit.src, ':', hit.dst) AS alert_key, hit.id
FROM hit JOIN g ON g.src = hit.src AND g.dst = hit.dst
"""


def real_estate(settings: Settings, dialect: Dialect) -> str:
    """A large payment for property (purpose keywords, or paid to a notary's account) by an
    account that, shortly before, was funded by several fresh counterparties for a large
    share of the price."""
    s = settings
    words = " OR ".join(f"f.purpose LIKE '%{w.lower()}%'" for w in s.real_estate_keywords)
    sectors = " OR ".join(f"value LIKE '{c}%'" for c in s.real_estate_notary_sectors)
    return f"""
WITH notary AS (
    SELECT DISTINCT coalesce(m.canonical_id, st.entity_id) AS entity
    FROM statements st LEFT JOIN fin_canonical m ON m.source_id = st.entity_id
    WHERE st.prop IN ('sector', 'classification') AND ({sectors.replace('value', 'st.value')})
), buy AS (
    SELECT f.id, f.src, f.t, f.amount FROM fin_tx f
    WHERE f.amount >= {s.real_estate_min_amount} AND f.kind IN ('transfer', 'invoice')
      AND (({words}) OR EXISTS (
          SELECT 1 FROM fin_holders h JOIN notary n ON n.entity = h.entity WHERE h.account = f.dst))
), fund AS (
    SELECT b.id AS buy_id, b.amount AS price, c.id, c.src, c.amount
    FROM buy b JOIN fin_candidate c ON c.dst = b.src
    WHERE c.t <= b.t AND c.t >= b.t - {s.real_estate_lookback}
), g AS (
    SELECT buy_id FROM fund GROUP BY buy_id, price
    HAVING sum(amount) >= {s.real_estate_min_layered_share} * price
       AND count(DISTINCT src) >= {s.real_estate_min_sources}
)
SELECT concat('real_estate:', g.buy_id) AS alert_key, g.buy_id AS id FROM g
UNION ALL
SELECT concat('real_estate:', g.buy_id) AS alert_key, fund.id FROM fund JOIN g ON g.buy_id = fund.buy_id
"""
