"""Typologies that need who-is-who from the statements: trade-based laundering and
real estate bought with layered money."""

from __future__ import annotations

from offensief.finance.settings import Settings
from offensief.finance.transactions import Dialect


def _literal(text: str) -> str:
    """Text safe inside a single-quoted SQL literal."""
    return text.replace("'", "''")


#: Country of an account: its IBAN's country code first, then the account's or its holder's country.
ACCOUNT_COUNTRY = """
SELECT account, substr(min(concat(CAST(p AS STRING), c)), 2, 2) AS c FROM (
    SELECT entity_id AS account, 1 AS p, upper(substr(replace(value, ' ', ''), 1, 2)) AS c
    FROM statements WHERE schema = 'BankAccount' AND prop = 'iban'
    UNION ALL
    SELECT entity_id, 2, upper(value) FROM statements WHERE schema = 'BankAccount' AND prop = 'country'
    UNION ALL
    SELECT h.account, 3, upper(s.value) FROM fin_holders h
    JOIN (SELECT coalesce(m.canonical_id, st.entity_id) AS entity, st.value FROM statements st
          LEFT JOIN fin_canonical m ON m.source_id = st.entity_id
          WHERE st.prop IN ('country', 'jurisdiction', 'mainCountry')) s ON s.entity = h.entity
) x WHERE length(c) = 2 GROUP BY account
"""

#: Sector of an account's holder (trade-register text or SBI code), for "normal" invoice sizes.
ACCOUNT_SECTOR = """
SELECT h.account, min(lower(s.value)) AS sector FROM fin_holders h
JOIN (SELECT coalesce(m.canonical_id, st.entity_id) AS entity, st.value FROM statements st
      LEFT JOIN fin_canonical m ON m.source_id = st.entity_id
      WHERE st.prop IN ('sector', 'classification')) s ON s.entity = h.entity
GROUP BY h.account
"""


def _cross_border(settings: Settings) -> str:
    """Cross-border invoices with at least ``trade_min_flags`` red flags (round amount,
    high-risk jurisdiction, amount out of line with the sector)."""
    s = settings
    u = s.trade_round_unit
    risky = ", ".join(f"'{_literal(c.upper())}'" for c in s.trade_high_risk) or "''"
    return f"""
acct AS ({ACCOUNT_COUNTRY}), sect AS ({ACCOUNT_SECTOR}),
xb AS (
    SELECT f.id, f.amount, coalesce(ss.sector, sd.sector, '') AS sector,
           CASE WHEN floor(f.amount / {u}) * {u} = f.amount THEN 1 ELSE 0 END AS is_round,
           CASE WHEN ca.c IN ({risky}) OR cb.c IN ({risky}) THEN 1 ELSE 0 END AS is_risky
    FROM fin_tx f
    JOIN acct ca ON ca.account = f.src
    JOIN acct cb ON cb.account = f.dst
    LEFT JOIN sect ss ON ss.account = f.src
    LEFT JOIN sect sd ON sd.account = f.dst
    WHERE f.kind = 'invoice' AND ca.c <> cb.c AND f.amount >= {s.trade_min_amount}
), peers AS (
    SELECT sector, median(amount) AS med, count(*) AS n FROM xb GROUP BY sector
), spread AS (
    SELECT xb.sector, median(abs(xb.amount - p.med)) AS mad FROM xb JOIN peers p ON p.sector = xb.sector
    GROUP BY xb.sector
), flagged AS (
    SELECT xb.id, xb.is_round + xb.is_risky
           + CASE WHEN p.n >= {s.trade_min_peers} AND d.mad > 0
                   AND 0.6745 * abs(xb.amount - p.med) / d.mad > {s.trade_outlier_z} THEN 1 ELSE 0 END AS flags
    FROM xb JOIN peers p ON p.sector = xb.sector JOIN spread d ON d.sector = xb.sector
)"""


def trade_based(settings: Settings, dialect: Dialect) -> str:
    """Invoices that move value rather than pay for goods (FATF trade-based money laundering).

    Round-amount invoices between companies; ``alert_key`` says whether the pair is
    *related*: both in one corporate cluster (linked by directors and owners, straw men
    included; see ``offensief.finance.control``), or both shell-like (at least
    ``trade_shell_share`` of the invoice money they send and receive is in round amounts).
    Cross-border invoices (the two accounts in different countries) with two red flags —
    round amount, a high-risk jurisdiction, an amount out of line with the sector's other
    cross-border invoices — count as related too. The alerts step chains invoices that share a
    company within ``trade_gap`` into episodes and keeps episodes with at least one related
    invoice."""
    s = settings
    u = s.trade_round_unit
    round_ = f"floor(f.amount / {u}) * {u} = f.amount"
    return f"""
WITH {_cross_border(s).strip()},
inv AS (
    SELECT f.id, f.amount, hs.entity AS pe, hd.entity AS be,
           CASE WHEN {round_} AND f.amount >= {s.trade_min_amount} THEN 1 ELSE 0 END AS is_round
    FROM fin_tx f
    JOIN fin_holders hs ON hs.account = f.src
    JOIN fin_holders hd ON hd.account = f.dst
    WHERE f.kind = 'invoice' AND hs.entity <> hd.entity
), party AS (
    SELECT entity, sum(amount * is_round) AS round_amount, sum(amount) AS total
    FROM (SELECT pe AS entity, amount, is_round FROM inv UNION ALL
          SELECT be AS entity, amount, is_round FROM inv) x
    GROUP BY entity
), shell AS (
    SELECT entity FROM party WHERE round_amount >= {s.trade_shell_share} * total
), rel AS (
    SELECT inv.id FROM inv
    JOIN fin_cluster ca ON ca.entity = inv.pe
    JOIN fin_cluster cb ON cb.entity = inv.be AND cb.cluster = ca.cluster
    WHERE inv.is_round = 1
    UNION
    SELECT inv.id FROM inv
    JOIN shell sa ON sa.entity = inv.pe
    JOIN shell sb ON sb.entity = inv.be
    WHERE inv.is_round = 1
)
SELECT DISTINCT CASE WHEN rel.id IS NULL THEN 'trade_based:other' ELSE 'trade_based:related' END
       AS alert_key, inv.id
FROM inv LEFT JOIN rel ON rel.id = inv.id
WHERE inv.is_round = 1
UNION
SELECT 'trade_based:related' AS alert_key, id FROM flagged WHERE flags >= {s.trade_min_flags}
"""


def real_estate(settings: Settings, dialect: Dialect) -> str:
    """A large payment for property (purpose keywords, or paid to a notary's account) by an
    account that, shortly before, was funded for a large share of the price either by several
    fresh counterparties, or by the buyer's *own* companies or a loan from within the buyer's
    group (``fin_account_group``: a company of the same cluster or household, not the buyer's
    own other account) — the purchase funded through own companies and the loan-back of the
    FIU-NL and FATF real-estate typologies. The notary passing the same price on to the seller
    is part of the alert, not a purchase of its own."""
    s = settings
    words = " OR ".join(f"f.text LIKE '%{_literal(w.lower())}%'" for w in s.real_estate_keywords)
    sectors = " OR ".join(f"value LIKE '{_literal(c)}%'" for c in s.real_estate_notary_sectors)
    return f"""
WITH notary AS (
    SELECT DISTINCT coalesce(m.canonical_id, st.entity_id) AS entity
    FROM statements st LEFT JOIN fin_canonical m ON m.source_id = st.entity_id
    WHERE st.prop IN ('sector', 'classification') AND ({sectors.replace('value', 'st.value')})
), buy AS (
    SELECT f.id, f.src, f.dst, f.t, f.amount FROM fin_tx f
    WHERE f.amount >= {s.real_estate_min_amount} AND f.kind IN ('transfer', 'invoice')
      AND (({words}) OR EXISTS (
          SELECT 1 FROM fin_holders h JOIN notary n ON n.entity = h.entity WHERE h.account = f.dst))
), settle AS (
    SELECT b1.id AS buy_id, b2.id
    FROM buy b1 JOIN buy b2 ON b2.src = b1.dst
    WHERE b2.t >= b1.t AND b2.t <= b1.t + {s.real_estate_lookback}
      AND b2.amount >= 0.99 * b1.amount AND b2.amount <= 1.01 * b1.amount
), fund AS (
    SELECT b.id AS buy_id, b.amount AS price, c.id, c.src, c.amount
    FROM buy b JOIN fin_candidate c ON c.dst = b.src
    WHERE c.t <= b.t AND c.t >= b.t - {s.real_estate_lookback}
      AND NOT EXISTS (SELECT 1 FROM settle x WHERE x.id = b.id)
), own AS (
    SELECT b.id AS buy_id, b.amount AS price, f.id, f.amount
    FROM buy b
    JOIN fin_tx f ON f.dst = b.src AND f.t <= b.t AND f.t >= b.t - {s.real_estate_lookback}
    JOIN fin_account_group gb ON gb.account = b.src
    JOIN fin_account_group gf ON gf.account = f.src AND gf.grp = gb.grp
    WHERE f.kind IN ('transfer', 'invoice') AND f.src <> b.src
      AND NOT EXISTS (SELECT 1 FROM settle x WHERE x.id = b.id)
      AND NOT EXISTS (SELECT 1 FROM fin_holders hb JOIN fin_holders hf ON hf.entity = hb.entity
                      WHERE hb.account = b.src AND hf.account = f.src)
), g AS (
    SELECT buy_id FROM fund GROUP BY buy_id, price
    HAVING sum(amount) >= {s.real_estate_min_layered_share} * price
       AND count(DISTINCT src) >= {s.real_estate_min_sources}
    UNION
    SELECT buy_id FROM own GROUP BY buy_id, price
    HAVING sum(amount) >= {s.real_estate_min_layered_share} * price
)
SELECT concat('real_estate:', g.buy_id) AS alert_key, g.buy_id AS id FROM g
UNION ALL
SELECT concat('real_estate:', g.buy_id) AS alert_key, fund.id FROM fund JOIN g ON g.buy_id = fund.buy_id
UNION ALL
SELECT concat('real_estate:', g.buy_id) AS alert_key, own.id FROM own JOIN g ON g.buy_id = own.buy_id
UNION ALL
SELECT concat('real_estate:', g.buy_id) AS alert_key, settle.id FROM settle JOIN g ON g.buy_id = settle.buy_id
UNION ALL
{_resale(s, words)}
"""


#: The property a purchase payment names: a Dutch street and house number, or a cadastral
#: designation (municipality code, section, parcel: "LRN00 A 1234").
STREET = (r"[a-z]+(straat|weg|laan|plein|gracht|kade|dijk|singel|dreef|pad|hof|park|markt|steeg|ring|"
          r"baan|veld|wal|dam|haven|plantsoen|kant|erf|zijde) [0-9]+([a-z]\b)?")
PARCEL = r"[a-z]{3}[0-9]{2} [a-z]{1,2} [0-9]{1,5}"


def _resale(settings: Settings, words: str) -> str:
    """ABC resale: the same property paid for twice within ``real_estate_resale_window`` (six
    months, the resale window of art. 13 WBR), the second time at least
    ``real_estate_resale_min_gain`` dearer — a price raised through an intermediate buyer."""
    s = settings
    buys = f"""SELECT f.id, f.t, f.amount, coalesce(nullif(regexp_extract(f.text, '{STREET}', 0), ''),
                                        nullif(regexp_extract(f.text, '{PARCEL}', 0), '')) AS property
        FROM fin_tx f WHERE f.amount >= {s.real_estate_min_amount} AND ({words})"""
    pairs = f"""SELECT p1.id, p2.id AS id2 FROM ({buys}) p1 JOIN ({buys}) p2
        ON p2.property = p1.property AND p2.t > p1.t AND p2.t <= p1.t + {s.real_estate_resale_window}
        AND p2.amount >= {1.0 + s.real_estate_resale_min_gain} * p1.amount"""
    return (f"SELECT concat('real_estate:abc:', a.id) AS alert_key, a.id FROM ({pairs}) a\n"
            f"UNION ALL SELECT concat('real_estate:abc:', a.id) AS alert_key, a.id2 FROM ({pairs}) a")
