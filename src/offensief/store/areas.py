"""Area counts computed from the statements: the only place prevention reads the store.

Each function takes the store's connection and the postcode key (four-digit postcode ->
buurt code) and returns **counts** ``(area, period, value, base)`` at buurt level; no id,
name or address leaves this module. Addresses are placed by the four-digit postcode in the
address text, or in the linked Address entity's ``postalCode``. People and companies are
counted once per canonical id when entity resolution has run (``canonical`` table).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb
import pandas as pd

#: SBI codes (first four digits) of sectors where cash dominates.
CASH_SECTORS: dict[str, str] = {
    "5610": "restaurants", "5630": "cafés and shisha lounges", "4511": "car trade",
    "4520": "car washes and repair", "9602": "barbers and beauty", "4742": "phone shops",
    "4711": "mini-markets and supermarkets", "4729": "mini-markets", "4777": "jewellers",
    "9200": "gambling", "5510": "hotels", "9313": "gyms", "4932": "taxis",
}
Row = tuple[str, str, int, int | None]
PC4 = r"([1-9][0-9]{3}) ?[A-Za-z]{2}"


def _setup(con: duckdb.DuckDBPyConnection, postcodes: Mapping[str, str]) -> None:
    frame = pd.DataFrame({"pc4": list(postcodes), "area": list(postcodes.values())})
    con.register("prevent_pc4", frame)
    has_canonical = bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'canonical'").fetchall()[0][0])
    canonical = "SELECT entity_id, canonical_id FROM canonical" if has_canonical else \
        "SELECT NULL::VARCHAR AS entity_id, NULL::VARCHAR AS canonical_id WHERE false"
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW prevent_canon AS {canonical};
        CREATE OR REPLACE TEMP VIEW prevent_place AS
        WITH direct AS (
            SELECT entity_id, regexp_extract(value, '{PC4}', 1) AS pc4 FROM statements
            WHERE prop = 'address'
        ), linked AS (
            SELECT s.entity_id, regexp_extract(a.value, '{PC4}', 1) AS pc4
            FROM statements s JOIN statements a ON a.entity_id = s.value AND a.prop = 'postalCode'
            WHERE s.prop = 'addressEntity'
        )
        SELECT x.entity_id, min(k.area) AS area
        FROM (SELECT * FROM direct UNION ALL SELECT * FROM linked) x
        JOIN prevent_pc4 k ON k.pc4 = x.pc4
        GROUP BY x.entity_id;
    """)


def _rows(con: duckdb.DuckDBPyConnection, postcodes: Mapping[str, str], sql: str,
          params: Sequence[object] = ()) -> list[Row]:
    """Run one count query on a cursor of its own (temporary views stay on it)."""
    cur = con.cursor()
    try:
        _setup(cur, postcodes)
        return [(str(a), str(p), int(v), None if b is None else int(b))
                for a, p, v, b in cur.execute(sql, list(params)).fetchall()]
    finally:
        cur.close()


def residents_in_networks(con: duckdb.DuckDBPyConnection, *, postcodes: Mapping[str, str],
                          datasets: Sequence[str]) -> list[Row]:
    """People in the given case datasets by the buurt of their address; the period is the
    year the dataset was collected (when the network was seen)."""
    if not datasets or not postcodes:
        return []
    marks = ", ".join("?" for _ in datasets)
    return _rows(con, postcodes, f"""
        SELECT pl.area, CAST(year(d.collected_at) AS VARCHAR) AS period,
               count(DISTINCT coalesce(c.canonical_id, s.entity_id)) AS n, NULL AS base
        FROM statements s
        JOIN datasets d ON d.name = s.dataset
        JOIN prevent_place pl ON pl.entity_id = s.entity_id
        LEFT JOIN prevent_canon c ON c.entity_id = s.entity_id
        WHERE s.schema = 'Person' AND s.dataset IN ({marks})
        GROUP BY 1, 2""", datasets)


def cash_businesses(con: duckdb.DuckDBPyConnection, *, postcodes: Mapping[str, str],
                    periods: Sequence[str]) -> list[Row]:
    """Companies in cash-intensive sectors, per buurt and year (founded by the year's end),
    with all companies placed in the buurt as the base."""
    if not postcodes or not periods:
        return []
    cash = ", ".join(f"'{code}'" for code in CASH_SECTORS)
    years = ", ".join(str(int(p[:4])) for p in periods)
    return _rows(con, postcodes, f"""
        WITH firms AS (
            SELECT coalesce(c.canonical_id, s.entity_id) AS firm, min(pl.area) AS area,
                   bool_or(s.prop = 'sector' AND left(s.value, 4) IN ({cash})) AS cash,
                   min(CASE WHEN s.prop = 'incorporationDate' THEN try_cast(left(s.value, 4) AS INTEGER) END) AS since
            FROM statements s
            JOIN prevent_place pl ON pl.entity_id = s.entity_id
            LEFT JOIN prevent_canon c ON c.entity_id = s.entity_id
            WHERE s.schema IN ('Company', 'Organization', 'LegalEntity')
            GROUP BY 1
        )
        SELECT area, CAST(y.year AS VARCHAR), count(*) FILTER (WHERE cash), count(*)
        FROM firms, (SELECT unnest([{years}]) AS year) y
        WHERE since IS NULL OR since <= y.year
        GROUP BY 1, 2""")


def unexplained_purchases(con: duckdb.DuckDBPyConnection, *, postcodes: Mapping[str, str],
                          periods: Sequence[str], multiple: float) -> list[Row]:
    """Homes bought per buurt in each of ``periods`` (years), and how many of them cost more
    than ``multiple`` times the buyers' yearly household income (twelve times their mean
    monthly salary received), among purchases where every buyer's bank account is in the data
    (so income is known), which are also the base. Only recent years are asked for: income is
    what the bank data show."""
    if not postcodes or not periods:
        return []
    years = ", ".join(f"'{int(p[:4])}'" for p in periods)
    return _rows(con, postcodes, f"""
        WITH homes AS (
            SELECT s.entity_id AS home, min(pl.area) AS area,
                   max(try_cast(s.value AS DOUBLE)) FILTER (WHERE s.prop = 'amount') AS price
            FROM statements s JOIN prevent_place pl ON pl.entity_id = s.entity_id
            WHERE s.schema = 'RealEstate'
            GROUP BY 1
            HAVING bool_or(s.prop = 'propertyType' AND s.value = 'woning')
        ), owns AS (
            SELECT o.entity_id AS link,
                   max(o.value) FILTER (WHERE o.prop = 'asset') AS home,
                   max(o.value) FILTER (WHERE o.prop = 'owner') AS owner,
                   min(o.value) FILTER (WHERE o.prop = 'startDate') AS since
            FROM statements o WHERE o.schema = 'Ownership' GROUP BY 1
        ), banked AS (
            SELECT DISTINCT coalesce(c.canonical_id, s.entity_id) AS person
            FROM statements s JOIN datasets d ON d.name = s.dataset
            LEFT JOIN prevent_canon c ON c.entity_id = s.entity_id
            WHERE d.regime = 'wwft' AND s.schema = 'Person'
        ), income AS (
            SELECT coalesce(c.canonical_id, t.beneficiary_id) AS person,
                   12 * sum(t.amount) / count(DISTINCT strftime(t.ts, '%Y-%m')) AS yearly
            FROM transactions t LEFT JOIN prevent_canon c ON c.entity_id = t.beneficiary_id
            WHERE lower(t.purpose) LIKE 'salaris%'
            GROUP BY 1
        ), buys AS (
            SELECT h.home, h.area, h.price, left(min(w.since), 4) AS period,
                   bool_and(b.person IS NOT NULL) AS known,
                   sum(coalesce(i.yearly, 0)) AS household
            FROM homes h JOIN owns w ON w.home = h.home
            LEFT JOIN prevent_canon c ON c.entity_id = w.owner
            LEFT JOIN banked b ON b.person = coalesce(c.canonical_id, w.owner)
            LEFT JOIN income i ON i.person = coalesce(c.canonical_id, w.owner)
            WHERE w.since IS NOT NULL
            GROUP BY 1, 2, 3
        )
        SELECT area, period, count(*) FILTER (WHERE known AND price > ? * household),
               count(*) FILTER (WHERE known)
        FROM buys WHERE period IN ({years}) GROUP BY 1, 2
        HAVING count(*) FILTER (WHERE known) > 0""", [multiple])


def cash_businesses_by_sector(con: duckdb.DuckDBPyConnection, *, postcodes: Mapping[str, str],
                              year: int) -> list[Row]:
    """Cash-intensive companies per buurt and SBI sector (in ``period``'s place), founded by the
    end of ``year``."""
    if not postcodes:
        return []
    cash = ", ".join(f"'{code}'" for code in CASH_SECTORS)
    return _rows(con, postcodes, f"""
        WITH firms AS (
            SELECT coalesce(c.canonical_id, s.entity_id) AS firm, min(pl.area) AS area,
                   min(CASE WHEN s.prop = 'sector' AND left(s.value, 4) IN ({cash})
                            THEN left(s.value, 4) END) AS sector,
                   min(CASE WHEN s.prop = 'incorporationDate' THEN try_cast(left(s.value, 4) AS INTEGER) END) AS since
            FROM statements s
            JOIN prevent_place pl ON pl.entity_id = s.entity_id
            LEFT JOIN prevent_canon c ON c.entity_id = s.entity_id
            WHERE s.schema IN ('Company', 'Organization', 'LegalEntity')
            GROUP BY 1
        )
        SELECT area, sector, count(*), NULL FROM firms
        WHERE sector IS NOT NULL AND (since IS NULL OR since <= {int(year)})
        GROUP BY 1, 2""")
