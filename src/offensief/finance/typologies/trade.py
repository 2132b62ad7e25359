"""Trade-based money laundering: invoices that move value rather than pay for goods."""

from __future__ import annotations

import math

from offensief.finance.settings import Settings
from offensief.finance.transactions import Dialect, regular


def literal(text: str) -> str:
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


#: A quantity of goods in an invoice text: a number and a unit (Dutch and English). No
#: backslash escapes (engines read them differently in string literals).
UNITS = ("pallets?|containers?|tons?|tonnes?|kg|kilo|stuks?|pcs|pieces|dozen|colli|units?|eenheden|m3|"
         "liters?|litres?|bags?|zakken|balen|bales|rollen|rolls|vaten|barrels?|cartons?|boxes|kratten|crates")
QUANTITY = f"([0-9]+([.,][0-9]+)?) ?({UNITS})"
#: A shipping container number (ISO 6346: owner code, category U/J/Z, six digits, check digit).
CONTAINER = "[a-z]{3}[ujz] ?[0-9]{6} ?[0-9]"
#: Words that are not the goods: invoice, shipping and currency words, units, small words.
NOT_GOODS = (f"factuur|facture|rechnung|invoice|inv|nota|nr|no|container|zending|shipment|levering|delivery|"
             f"import|export|eur|euro|usd|per|a|en|and|van|of|de|het|the|voor|for|{UNITS}")


def _is_trade(alias: str = "f") -> str:
    """SQL condition: payment ``alias`` pays for trade — an invoice, or a payment naming goods
    by quantity or a shipping container."""
    return (f"({alias}.kind = 'invoice' OR {alias}.text LIKE '%container%' "
            f"OR regexp_extract({alias}.text, '{QUANTITY}', 0) <> '')")


def _goods(dialect: Dialect) -> str:
    """The goods an invoice names: its words without numbers, codes, invoice and unit words."""
    text = dialect.replace_all(dialect.replace_all("f.text", CONTAINER, " "), "[^ ]*[0-9][^ ]*", " ")
    text = dialect.replace_all(text, "[^a-z]+", " ")
    text = f"concat(' ', {text}, ' ')"
    for _ in range(3):  # a match eats the space the next one starts with
        text = dialect.replace_all(text, f" ({NOT_GOODS}) ", " ")
    return f"trim({dialect.replace_all(text, ' +', ' ')})"


def _cross_border(settings: Settings, dialect: Dialect) -> str:
    """Trade payments (invoices, or any payment naming goods by quantity or container) with
    their red flags (FATF 2006 and FATF-Egmont 2020 trade-based money laundering):

    * a unit price far from that of comparable flows (same goods and unit): robust z-score of
      the log price, 0.6745·|x − median|/MAD > ``trade_outlier_z`` (Iglewicz & Hoaglin 1993)
      among at least ``trade_min_peers`` — over- or under-invoicing, the typology itself — or
      the same goods between the same two accounts at unit prices more than a factor
      ``exp(trade_price_factor_log)`` (2) apart (inconsistent pricing);
    * a round amount (multiple of ``trade_round_unit``), counted twice on a goods invoice (a
      price per unit times a quantity is rarely round);
    * a high-risk jurisdiction at either end (``trade_high_risk``);
    * an amount out of line with the other cross-border invoices of the holder's sector;
    * *value without goods*: the receiving firm, whose own payments the banks show, was paid
      for cross-border trade more than ``exp(trade_price_factor_log)`` (twice) what it paid
      for all its trade (goods, invoices, freight) — an exporter that sells more than double
      what it bought invoices value, not goods (over-invoiced exports; a wholesaler's gross
      margin is a fraction of its purchases), whatever the invoice text says;
    * *related trade partner*: the two accounts also exchange one-off transfers that pay for
      no trade (loans, "management fees", consultancy): trade with a counterparty that is
      also a conduit for other money (FATF–Egmont 2020: related parties, round-tripping).

    ``flagged``: cross-border with a price outlier or ``trade_min_flags`` flags, or any
    payment with a price outlier."""
    s = settings
    u = s.trade_round_unit
    risky = ", ".join(f"'{literal(c.upper())}'" for c in s.trade_high_risk) or "''"
    z = f"0.6745 * abs({{x}} - {{med}}) / {{mad}} > {s.trade_outlier_z}"
    margin = math.exp(s.trade_price_factor_log)
    k = s.recurring_usual_factor
    return f"""
acct AS ({ACCOUNT_COUNTRY}), sect AS ({ACCOUNT_SECTOR}),
bought AS (
    SELECT f.src AS account, sum(f.amount) AS paid FROM fin_tx f
    WHERE f.src IS NOT NULL AND f.dst IS NOT NULL AND {_is_trade()} GROUP BY f.src
), books AS (
    SELECT DISTINCT src AS account FROM fin_tx WHERE src IS NOT NULL AND dst IS NOT NULL
), nontrade AS (
    SELECT DISTINCT f.src AS a, f.dst AS b FROM fin_candidate c JOIN fin_tx f ON f.id = c.id
    WHERE NOT {_is_trade()}
    UNION
    SELECT DISTINCT f.dst AS a, f.src AS b FROM fin_candidate c JOIN fin_tx f ON f.id = c.id
    WHERE NOT {_is_trade()}
),
tp AS (
    SELECT f.id, f.src, f.dst, f.amount, {_goods(dialect)} AS goods,
           regexp_extract(f.text, '{QUANTITY}', 1) AS qty, regexp_extract(f.text, '{QUANTITY}', 3) AS unit,
           CASE WHEN regexp_extract(f.text, '{CONTAINER}', 0) <> '' THEN 1 ELSE 0 END AS shipped,
           CASE WHEN r.src IS NOT NULL AND f.amount <= {k} * r.usual AND f.amount * {k} >= r.usual
                THEN 1 ELSE 0 END AS reg
    FROM fin_tx f LEFT JOIN fin_recurring r ON r.src = f.src AND r.dst = f.dst AND r.kind = f.kind
    WHERE f.kind IN ('invoice', 'transfer') AND f.amount >= {s.trade_min_amount} AND f.src IS NOT NULL
      AND f.dst IS NOT NULL AND {_is_trade()}
), priced AS (
    SELECT id, src, dst, goods, unit, ln(amount / CAST(replace(qty, ',', '.') AS DOUBLE)) AS lp FROM tp
    WHERE reg = 0 AND qty <> '' AND goods <> '' AND CAST(replace(qty, ',', '.') AS DOUBLE) > 0
), norm AS (
    SELECT goods, unit, median(lp) AS med, count(*) AS n FROM priced GROUP BY goods, unit
), norm_spread AS (
    SELECT p.goods, p.unit, median(abs(p.lp - n.med)) AS mad FROM priced p
    JOIN norm n ON n.goods = p.goods AND n.unit = p.unit GROUP BY p.goods, p.unit
), mispriced AS (
    SELECT p.id FROM priced p
    JOIN norm n ON n.goods = p.goods AND n.unit = p.unit
    JOIN norm_spread d ON d.goods = p.goods AND d.unit = p.unit
    WHERE n.n >= {s.trade_min_peers}
      AND ((d.mad > 0 AND {z.format(x='p.lp', med='n.med', mad='d.mad')})
        OR (d.mad = 0 AND abs(p.lp - n.med) > {s.trade_price_factor_log}))
    UNION
    SELECT p.id FROM priced p
    JOIN (SELECT src, dst, goods, unit FROM priced GROUP BY src, dst, goods, unit
          HAVING max(lp) - min(lp) > {s.trade_price_factor_log}) r
      ON r.src = p.src AND r.dst = p.dst AND r.goods = p.goods AND r.unit = p.unit
), sold AS (
    SELECT tp.dst AS account, sum(tp.amount) AS sold FROM tp
    JOIN acct ca ON ca.account = tp.src JOIN acct cb ON cb.account = tp.dst
    WHERE ca.c <> cb.c GROUP BY tp.dst
), unbacked AS (
    SELECT sold.account FROM sold JOIN books ON books.account = sold.account
    LEFT JOIN bought ON bought.account = sold.account
    WHERE sold.sold > {margin} * coalesce(bought.paid, 0)
), xb AS (
    SELECT tp.id, tp.amount, tp.reg, coalesce(ss.sector, sd.sector, '') AS sector,
           CASE WHEN ub.account IS NULL THEN 0 ELSE 1 END + CASE WHEN nt.a IS NULL THEN 0 ELSE 1 END AS own_flags,
           CASE WHEN floor(tp.amount / {u}) * {u} = tp.amount THEN 1 + CASE WHEN tp.qty <> '' OR tp.shipped = 1
                THEN 1 ELSE 0 END ELSE 0 END AS round_flags,
           CASE WHEN ca.c IN ({risky}) OR cb.c IN ({risky}) THEN 1 ELSE 0 END AS is_risky
    FROM tp
    JOIN acct ca ON ca.account = tp.src
    JOIN acct cb ON cb.account = tp.dst
    LEFT JOIN sect ss ON ss.account = tp.src
    LEFT JOIN sect sd ON sd.account = tp.dst
    LEFT JOIN unbacked ub ON ub.account = tp.dst
    LEFT JOIN nontrade nt ON nt.a = tp.src AND nt.b = tp.dst
    WHERE ca.c <> cb.c
), peers AS (
    SELECT sector, median(amount) AS med, count(*) AS n FROM xb WHERE reg = 0 GROUP BY sector
), spread AS (
    SELECT xb.sector, median(abs(xb.amount - p.med)) AS mad FROM xb JOIN peers p ON p.sector = xb.sector
    WHERE xb.reg = 0
    GROUP BY xb.sector
), flagged AS (
    SELECT xb.id FROM xb LEFT JOIN peers p ON p.sector = xb.sector LEFT JOIN spread d ON d.sector = xb.sector
    WHERE xb.own_flags + (1 - xb.reg) * (xb.round_flags + xb.is_risky
          + CASE WHEN p.n >= {s.trade_min_peers} AND d.mad > 0
                  AND {z.format(x='xb.amount', med='p.med', mad='d.mad')} THEN 1 ELSE 0 END) >= {s.trade_min_flags}
    UNION
    SELECT id FROM mispriced
)"""


def trade_based(settings: Settings, dialect: Dialect) -> str:
    """Invoices that move value rather than pay for goods (FATF trade-based money laundering).

    Round-amount invoices between companies; ``alert_key`` says whether the pair is
    *related*: both in one corporate cluster (linked by directors and owners, straw men
    included; see ``offensief.finance.control``), or both shell-like (at least
    ``trade_shell_share`` of the invoice money they send and receive is in round amounts, with
    at most ``trade_shell_max_parties`` invoice counterparties: a service firm billing a
    clientele round fees is no shell).
    Cross-border invoices (the two accounts in different countries) with two red flags —
    round amount, a high-risk jurisdiction, an amount out of line with the sector's other
    cross-border invoices — count as related too. The alerts step chains invoices that share a
    company within ``trade_gap`` into episodes and keeps episodes with at least one related
    invoice."""
    s = settings
    u = s.trade_round_unit
    round_ = f"floor(f.amount / {u}) * {u} = f.amount"
    return f"""
WITH {_cross_border(s, dialect).strip()},
inv AS (
    SELECT f.id, f.amount, hs.entity AS pe, hd.entity AS be,
           CASE WHEN {round_} AND f.amount >= {s.trade_min_amount} THEN 1 ELSE 0 END AS is_round
    FROM fin_tx f
    JOIN fin_holders hs ON hs.account = f.src
    JOIN fin_holders hd ON hd.account = f.dst
    WHERE f.kind = 'invoice' AND hs.entity <> hd.entity AND NOT {regular(s)}
), party AS (
    SELECT entity, sum(amount * is_round) AS round_amount, sum(amount) AS total, count(DISTINCT other) AS parties
    FROM (SELECT pe AS entity, be AS other, amount, is_round FROM inv UNION ALL
          SELECT be AS entity, pe AS other, amount, is_round FROM inv) x
    GROUP BY entity
), shell AS (
    SELECT entity FROM party WHERE round_amount >= {s.trade_shell_share} * total
       AND parties <= {s.trade_shell_max_parties}
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
SELECT 'trade_based:related' AS alert_key, id FROM flagged
"""
