"""Real-estate laundering (FATF 2007 *Money laundering & terrorist financing through the real
estate sector*; FIU-NL annual reviews): property bought with layered money, through the
buyer's own companies, with a loan-back, or resold ABC within months at a markedly higher price.

A *purchase* is a payment of at least ``real_estate_min_amount`` that says so (purchase words
in description or purpose, Dutch and English) or goes to a notary's account (the holder's
sector is notarial work — SBI code or sector text — or its name says notary or *derdengelden*,
the client account every Dutch notary keeps). The notary passing the same price on to the
seller is the other leg of the same transfer, not a purchase of its own.
"""

from __future__ import annotations

from offensief.finance.settings import Settings
from offensief.finance.transactions import Dialect
from offensief.finance.typologies.trade import ACCOUNT_COUNTRY, literal


def _notary_accounts(s: Settings) -> str:
    codes = " OR ".join(f"st.value LIKE '{literal(c)}%'" for c in s.real_estate_notary_sectors) or "1 = 0"
    words = " OR ".join(f"lower(st.value) LIKE '%{literal(w.lower())}%'" for w in s.real_estate_notary_words)
    return f"""
SELECT DISTINCT h.account FROM fin_holders h
JOIN (SELECT coalesce(m.canonical_id, st.entity_id) AS entity FROM statements st
      LEFT JOIN fin_canonical m ON m.source_id = st.entity_id
      WHERE (st.prop IN ('sector', 'classification') AND ({codes} OR {words}))
         OR (st.prop = 'name' AND ({words}))) n ON n.entity = h.entity
UNION
SELECT DISTINCT st.entity_id AS account FROM statements st
WHERE st.schema = 'BankAccount' AND st.prop IN ('name', 'holderName') AND ({words})
"""


def _account_kinds(s: Settings) -> str:
    """Per account with a known holder: held by a natural person, a company or organisation, a
    foundation (legal form or name), a lender (name, sector text or SBI code)."""
    found = " OR ".join(f"st.value LIKE '%{literal(w.lower())}%'" for w in s.real_estate_foundation_words) or "1 = 0"
    lender = " OR ".join(f"st.value LIKE '%{literal(w.lower())}%'" for w in s.real_estate_lender_words) or "1 = 0"
    codes = " OR ".join(f"st.value LIKE '{literal(c)}%'" for c in s.real_estate_lender_sectors) or "1 = 0"
    return f"""
SELECT h.account,
       max(CASE WHEN st.schema = 'Person' THEN 1 ELSE 0 END) AS person,
       max(CASE WHEN st.schema IN ('Company', 'Organization') THEN 1 ELSE 0 END) AS firm,
       max(CASE WHEN st.schema IN ('Company', 'Organization', 'LegalEntity') AND st.prop IN ('name', 'legalForm')
                 AND ({found}) THEN 1 ELSE 0 END) AS foundation,
       max(CASE WHEN (st.prop IN ('name', 'sector', 'classification') AND ({lender}))
                  OR (st.prop IN ('sector', 'classification') AND ({codes})) THEN 1 ELSE 0 END) AS lender
FROM fin_holders h
JOIN (SELECT coalesce(m.canonical_id, x.entity_id) AS entity, x.schema, x.prop, lower(x.value) AS value
      FROM statements x LEFT JOIN fin_canonical m ON m.source_id = x.entity_id
      WHERE x.prop IN ('name', 'legalForm', 'sector', 'classification')) st ON st.entity = h.entity
GROUP BY h.account
"""


def real_estate(settings: Settings, dialect: Dialect) -> str:
    """Purchases funded (a) shortly before by ``real_estate_min_sources`` fresh counterparties
    (layered money, ``real_estate_lookback``), (b) by the buyer's own companies or household
    (``fin_account_group``, not another account of the buyer itself), or (c) by a loan from an
    account abroad that the buyer pays back at least twice within a year (loan-back) — (b) and
    (c) over ``real_estate_funding_lookback`` (the months between a Dutch purchase agreement and
    the transfer deed) for at least ``real_estate_min_layered_share`` of the price; and (d) ABC
    resales (:func:`_resale`); and (e) *third-party funding* (FATF 2007 and 2022: straw men and
    foundations): a private person or a foundation — which has no shareholders, so its money
    is a gift or a loan — buys with one-off money from companies (not lenders, not notaries,
    not a payment that names a mortgage: a Dutch mortgage is paid by the lender to the notary)
    over ``real_estate_funding_lookback`` for at least ``real_estate_min_layered_share`` of
    the price."""
    s = settings
    words = " OR ".join(f"f.text LIKE '%{literal(w.lower())}%'" for w in s.real_estate_keywords)
    back = s.real_estate_funding_lookback
    mortgage = " OR ".join(f"ft.text LIKE '%{literal(w.lower())}%'" for w in s.real_estate_lender_words) or "1 = 0"
    return f"""
WITH notary AS ({_notary_accounts(s).strip()}
), buy AS (
    SELECT f.id, f.src, f.dst, f.t, f.amount, f.text FROM fin_tx f
    WHERE f.amount >= {s.real_estate_min_amount} AND f.kind IN ('transfer', 'invoice') AND f.src IS NOT NULL
      AND (({words}) OR f.dst IN (SELECT account FROM notary))
), settle AS (
    SELECT b1.id AS buy_id, b2.id
    FROM buy b1 JOIN fin_tx b2 ON b2.src = b1.dst
    WHERE b2.t >= b1.t AND b2.t <= b1.t + {s.real_estate_lookback}
      AND b2.amount >= 0.99 * b1.amount AND b2.amount <= 1.01 * b1.amount AND b2.kind IN ('transfer', 'invoice')
), purchase AS (
    SELECT * FROM buy b WHERE NOT EXISTS (SELECT 1 FROM settle x WHERE x.id = b.id)
      AND NOT EXISTS (SELECT 1 FROM notary n WHERE n.account = b.src)
), fund AS (
    SELECT b.id AS buy_id, b.amount AS price, c.id, c.src, c.amount
    FROM purchase b JOIN fin_candidate c ON c.dst = b.src
    WHERE c.t <= b.t AND c.t >= b.t - {s.real_estate_lookback}
), own AS (
    SELECT b.id AS buy_id, b.amount AS price, f.id, f.amount
    FROM purchase b
    JOIN fin_tx f ON f.dst = b.src AND f.t <= b.t AND f.t >= b.t - {back}
    JOIN fin_account_group gb ON gb.account = b.src
    JOIN fin_account_group gf ON gf.account = f.src AND gf.grp = gb.grp
    WHERE f.kind IN ('transfer', 'invoice') AND f.src <> b.src
      AND NOT EXISTS (SELECT 1 FROM fin_holders hb JOIN fin_holders hf ON hf.entity = hb.entity
                      WHERE hb.account = b.src AND hf.account = f.src)
), kinds AS ({_account_kinds(s).strip()}
), third AS (
    SELECT b.id AS buy_id, b.amount AS price, c.id, c.amount
    FROM purchase b
    JOIN kinds kb ON kb.account = b.src
    JOIN fin_candidate c ON c.dst = b.src AND c.t <= b.t AND c.t >= b.t - {back}
    JOIN kinds kf ON kf.account = c.src
    JOIN fin_tx ft ON ft.id = c.id
    WHERE ((kb.person = 1 AND kb.firm = 0) OR kb.foundation = 1)
      AND kf.firm = 1 AND kf.lender = 0
      AND c.src NOT IN (SELECT account FROM notary) AND NOT ({mortgage})
), country AS ({ACCOUNT_COUNTRY.strip()}
), loan AS (
    SELECT b.id AS buy_id, b.amount AS price, f.id, f.src AS lender, f.amount, b.src AS buyer, b.t
    FROM purchase b
    JOIN fin_tx f ON f.dst = b.src AND f.t <= b.t AND f.t >= b.t - {back} AND f.kind IN ('transfer', 'invoice')
    JOIN country cb ON cb.account = b.src
    JOIN country cl ON cl.account = f.src AND cl.c <> cb.c
    WHERE f.amount >= {s.real_estate_min_layered_share} * b.amount
), repay AS (
    SELECT l.buy_id, r.id FROM loan l
    JOIN fin_tx r ON r.src = l.buyer AND r.dst = l.lender AND r.t > l.t AND r.t <= l.t + {s.real_estate_loan_horizon}
), loanback AS (
    SELECT buy_id FROM repay GROUP BY buy_id HAVING count(*) >= {s.real_estate_min_repayments}
), g AS (
    SELECT buy_id FROM fund GROUP BY buy_id, price
    HAVING sum(amount) >= {s.real_estate_min_layered_share} * price
       AND count(DISTINCT src) >= {s.real_estate_min_sources}
    UNION
    SELECT buy_id FROM own GROUP BY buy_id, price
    HAVING sum(amount) >= {s.real_estate_min_layered_share} * price
    UNION
    SELECT buy_id FROM loanback
    UNION
    SELECT buy_id FROM third GROUP BY buy_id, price
    HAVING sum(amount) >= {s.real_estate_min_layered_share} * price
), hit AS (
    SELECT buy_id, buy_id AS id FROM g
    UNION ALL SELECT fund.buy_id, fund.id FROM fund JOIN g ON g.buy_id = fund.buy_id
    UNION ALL SELECT own.buy_id, own.id FROM own JOIN g ON g.buy_id = own.buy_id
    UNION ALL SELECT third.buy_id, third.id FROM third JOIN g ON g.buy_id = third.buy_id
    UNION ALL SELECT loan.buy_id, loan.id FROM loan JOIN loanback x ON x.buy_id = loan.buy_id
    UNION ALL SELECT repay.buy_id, repay.id FROM repay JOIN loanback x ON x.buy_id = repay.buy_id
    UNION ALL SELECT settle.buy_id, settle.id FROM settle JOIN g ON g.buy_id = settle.buy_id
), {_resale(s, dialect, words).strip()}
SELECT concat('real_estate:', buy_id) AS alert_key, id FROM hit
UNION ALL
SELECT concat('real_estate:abc:', k) AS alert_key, id FROM abc
"""


#: The property a purchase payment names: a Dutch street and house number, or a cadastral
#: designation (municipality code, section, parcel: "LRN00 A 1234").
#: (``{end}``: the dialect's end of a word, so "12a" keeps its letter and "12 abc" does not.)
STREET = ("[a-z]+(straat|weg|laan|plein|gracht|kade|dijk|singel|dreef|pad|hof|park|markt|steeg|ring|"
          "baan|veld|wal|dam|haven|plantsoen|kant|erf|zijde) [0-9]+([a-z]{end})?")
PARCEL = r"[a-z]{3}[0-9]{2} [a-z]{1,2} [0-9]{1,5}"


def _resale(settings: Settings, dialect: Dialect, words: str) -> str:
    """ABC resale: a property bought and sold again within ``real_estate_resale_window`` (six
    months, the resale window of art. 13 WBR) at least ``real_estate_resale_min_gain`` dearer —
    a price raised through an intermediate buyer. Seen either as the same property (address or
    cadastral designation in the payment text) paid for twice, or as an account that paid for a
    purchase and then receives a property payment that much larger (from a notary's account, or
    with purchase words) — an intermediate holder, not a developer or trader receiving the
    proceeds of many units (at most ``real_estate_resale_max_sales`` in the window). Each
    payment brings its notary leg."""
    s = settings
    gain = 1.0 + s.real_estate_resale_min_gain
    win = s.real_estate_resale_window
    prop = f"coalesce(nullif(regexp_extract(text, '{STREET.format(end=dialect.word_end)}', 0), ''), nullif(regexp_extract(text, '{PARCEL}', 0), ''))"
    sale = f"(r.src IN (SELECT account FROM notary) OR {words.replace('f.text', 'r.text')})"
    return f"""addr AS (
    SELECT id, t, amount, {prop} AS property FROM buy
), sold AS (
    SELECT p.id AS id1, r.id AS id2, p.src FROM purchase p
    JOIN fin_tx r ON r.dst = p.src AND r.t > p.t AND r.t <= p.t + {win} AND r.amount >= {gain} * p.amount
    WHERE r.kind IN ('transfer', 'invoice') AND {sale}
), sales AS (
    SELECT p.id, count(*) AS n FROM purchase p
    JOIN fin_tx r ON r.dst = p.src AND r.t > p.t AND r.t <= p.t + {win}
    WHERE r.amount >= {s.real_estate_min_amount} AND {sale}
    GROUP BY p.id
), pairs AS (
    SELECT p1.id AS id1, p2.id AS id2 FROM addr p1 JOIN addr p2
      ON p2.property = p1.property AND p2.t > p1.t AND p2.t <= p1.t + {win} AND p2.amount >= {gain} * p1.amount
    UNION
    SELECT sold.id1, sold.id2 FROM sold JOIN sales ON sales.id = sold.id1
    WHERE sales.n <= {s.real_estate_resale_max_sales}
), abc AS (
    SELECT concat(id1, ':', id2) AS k, id1 AS id FROM pairs
    UNION ALL SELECT concat(id1, ':', id2), id2 FROM pairs
    UNION ALL SELECT concat(a.id1, ':', a.id2), x.id FROM pairs a JOIN settle x ON x.buy_id = a.id1
    UNION ALL SELECT concat(a.id1, ':', a.id2), x.id FROM pairs a JOIN settle x ON x.buy_id = a.id2
    UNION ALL SELECT concat(a.id1, ':', a.id2), x.buy_id FROM pairs a JOIN settle x ON x.id = a.id2
)"""
