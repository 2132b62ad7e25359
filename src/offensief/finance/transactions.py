"""Transactions prepared for the detectors: typed flows, recurring pairs, account holders.

The detectors read three relations built here, all in portable SQL (the only dialect
differences — epoch seconds — go through :class:`Dialect`):

* ``fin_account``: one id per bank account across the banks that deliver payments (same
  IBAN, or abroad the same account number and country): each bank writes the other side's
  account as a record of its own, and only the IBAN joins them;
* ``fin_tx``: every payment with ``src``/``dst`` (account — by ``fin_account`` — or the party
  when no account is known, e.g. a cash deposit), epoch seconds ``t``, its ``dataset`` (what
  a finding that read it rests on, :mod:`offensief.finance.basis`) and a normalised channel ``kind`` —
  by structure (money onto an account with no paying account or party is a cash deposit) and
  by the words of its description and purpose (:data:`CHANNEL_WORDS`);
* ``fin_recurring``: account pairs paid regularly through one channel (a series is one kind of payment) — in several calendar months at a steady
  amount, or in most months whatever the amount (salaries, rent, bills, fees) — with their
  usual (mean) amount; a payment of such a pair far from it (``recurring_usual_factor``) is
  not part of the series and stays a candidate;
* ``fin_flow``: non-recurring transfers and invoices above ``min_amount`` with the number of
  distinct counterparties of each end (``src_deg``, ``dst_deg``): the layering candidates.

``fin_holders(account, entity)`` links accounts to entities (canonical ids when a mapping is
given), from FtM ``Ownership`` of a ``BankAccount`` and from ``Payment`` payer/beneficiary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from offensief.finance.settings import Settings
from offensief.model.accounts import IBAN_PATTERN
from offensief.store.schema import TRANSACTIONS

KINDS = ("cash-deposit", "cash-withdrawal", "card", "invoice", "transfer")

#: The columns of ``transactions`` (defined once, in :mod:`offensief.store.schema`).
TRANSACTION_COLUMNS = TRANSACTIONS.names


@dataclass(frozen=True)
class Dialect:
    """The few expressions that differ between SQL engines."""

    name: str
    epoch_template: str
    #: a regular-expression test, ``{0}`` the text and ``{1}`` the pattern
    match_template: str = "{0} RLIKE '{1}'"
    #: extra argument that makes ``regexp_replace`` replace every match (DuckDB replaces the
    #: first one unless told ``'g'``; Spark and PostgreSQL-style engines differ likewise)
    replace_all_flag: str = ""
    #: a regular expression that matches where a word ends (RE2's ``\\b`` is ASCII; Java's
    #: is not, and Spark reads a backslash in a string literal as an escape)
    word_end: str = r"\b"

    def epoch(self, expr: str) -> str:
        return self.epoch_template.format(expr)

    def matches(self, expr: str, pattern: str) -> str:
        """True when ``pattern`` (a SQL string literal's content) occurs in ``expr``."""
        return self.match_template.format(expr, pattern)

    def replace_all(self, expr: str, pattern: str, replacement: str) -> str:
        """``regexp_replace`` of every match of ``pattern`` (a SQL string literal's content)."""
        flag = f", '{self.replace_all_flag}'" if self.replace_all_flag else ""
        return f"regexp_replace({expr}, '{pattern}', '{replacement}'{flag})"


#: Epoch seconds with the microseconds as a fraction: DuckDB's ``epoch()`` is exactly the
#: Spark expression (Spark's ``unix_timestamp`` would drop the fraction).
DUCKDB = Dialect("duckdb", "epoch({})", "regexp_matches({0}, '{1}')", "g")
SPARK = Dialect("spark", "CAST(unix_micros({}) AS DOUBLE) / 1000000", "{0} RLIKE '{1}'",
                word_end="(?![A-Za-z0-9_])")

#: Words that name a payment channel in bank texts (Dutch and English), per kind. A cash
#: deposit is also recognised by its *structure*: money arrives on an account and no paying
#: account or party is known (and a withdrawal by the mirror image). Cash words make a cash
#: deposit only when no account paid (money from an account is no cash, whatever the text:
#: "Agio storting", "storting spaarrekening"), a withdrawal only when no account received.
CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    "cash-withdrawal": ("cash-withdrawal", "cash withdrawal", "withdrawal", "geldautomaat", "geldopname",
                        "opname contant", "contante opname", "kasopname", "atm"),
    "cash-deposit": ("cash-deposit", "cash deposit", "kasstorting", "storting", "contant", "cash"),
    "card": ("card", "betaalautomaat", "pinbetaling", "pinautomaat", "kaartbetaling", "betaalpas"),
    "invoice": ("invoice", "factuur", "facture", "rechnung", "inv-", "inv ", "nota "),
}


def _like_any(words: tuple[str, ...]) -> str:
    return " OR ".join(f"text LIKE '%{w}%'" for w in words)


def _kind(dialect: Dialect) -> str:
    """The channel: by structure, then by the words (one regular expression over all of them
    first, so that a text naming no channel is read once)."""
    words = "|".join(w for ws in CHANNEL_WORDS.values() for w in ws)
    return f"""CASE
    WHEN payer_account IS NULL AND payer_id IS NULL AND beneficiary_account IS NOT NULL THEN 'cash-deposit'
    WHEN beneficiary_account IS NULL AND beneficiary_id IS NULL AND payer_account IS NOT NULL THEN 'cash-withdrawal'
    WHEN NOT {dialect.matches("text", words)} THEN 'transfer'
    ELSE {_KIND} END"""


_KIND = f"""CASE
    WHEN beneficiary_account IS NULL AND ({_like_any(CHANNEL_WORDS["cash-withdrawal"])}) THEN 'cash-withdrawal'
    WHEN payer_account IS NULL AND ({_like_any(CHANNEL_WORDS["cash-deposit"])}) THEN 'cash-deposit'
    WHEN {_like_any(CHANNEL_WORDS["card"])} THEN 'card'
    WHEN {_like_any(CHANNEL_WORDS["invoice"])} THEN 'invoice'
    ELSE 'transfer' END"""

def first_of(keys: str, target: str) -> str:
    """SQL mapping each id to the smallest id sharing one of its keys: ``keys`` selects
    ``(entity_id, k)``; the result is ``(source_id, {target})`` for ids that differ from it."""
    return f"""
WITH keys AS ({keys.strip()}
), first_of AS (
    SELECT k, min(entity_id) AS first_id FROM keys GROUP BY k
)
SELECT keys.entity_id AS source_id, min(first_of.first_id) AS {target}
FROM keys JOIN first_of ON first_of.k = keys.k
GROUP BY keys.entity_id
HAVING min(first_of.first_id) <> keys.entity_id
"""


#: One id per bank account: records of one account delivered by several banks (each bank
#: writes the counterparty's account as its own record) carry the same IBAN (a value of the
#: ``iban`` property that is a full IBAN, :mod:`offensief.model.accounts`), or — abroad, without IBAN —
#: the same account number in the same (stated) country. A bare account number without a
#: country joins nothing: two banks' customers may have the same number. ``fin_account(source_id,
#: account)`` maps each record to the smallest record id of its account (only ids that differ).
FIN_ACCOUNT = first_of(f"""
    SELECT entity_id, concat('iban:', upper(replace(value, ' ', ''))) AS k FROM statements
    WHERE schema = 'BankAccount' AND prop = 'iban'
      AND regexp_extract(upper(replace(value, ' ', '')), '{IBAN_PATTERN}', 0) <> ''
    UNION
    SELECT n.entity_id, concat('nr:', upper(replace(n.value, ' ', '')), ':', lower(trim(c.value))) AS k
    FROM statements n
    JOIN statements c ON c.entity_id = n.entity_id AND c.schema = 'BankAccount' AND c.prop = 'country'
    WHERE n.schema = 'BankAccount' AND n.prop = 'accountNumber' AND trim(n.value) <> '' AND trim(c.value) <> ''
      AND NOT EXISTS (SELECT 1 FROM statements i WHERE i.entity_id = n.entity_id AND i.schema = 'BankAccount'
                      AND i.prop = 'iban')
""", "account")

FIN_TX = """
SELECT id, amount, ts, {epoch} AS t,
       coalesce(pa.account, payer_account, payer_id) AS src,
       coalesce(ba.account, beneficiary_account, beneficiary_id) AS dst,
       payer_id AS src_entity, beneficiary_id AS dst_entity,
       {kind} AS kind, lower(coalesce(purpose, '')) AS purpose, text, dataset
FROM (SELECT *, lower(concat(coalesce(description, ''), ' ', coalesce(purpose, ''), ' ')) AS text
      FROM transactions) transactions
LEFT JOIN fin_account pa ON pa.source_id = payer_account
LEFT JOIN fin_account ba ON ba.source_id = beneficiary_account
WHERE amount IS NOT NULL AND ts IS NOT NULL
"""

FIN_RECURRING = """
SELECT src, dst, kind, sum(s) / sum(n) AS usual
FROM (SELECT src, dst, kind, sum(amount) AS s, sum(amount * amount) AS q, count(*) AS n
      FROM fin_tx
      WHERE src IS NOT NULL AND dst IS NOT NULL AND kind IN ('transfer', 'invoice', 'cash-deposit')
      GROUP BY src, dst, kind, year(ts) * 12 + month(ts)) per_month
GROUP BY src, dst, kind
HAVING count(*) >= {recurring_months}
   AND (sum(q) / sum(n) - (sum(s) / sum(n)) * (sum(s) / sum(n))
            <= ({recurring_max_cv} * sum(s) / sum(n)) * ({recurring_max_cv} * sum(s) / sum(n))
        OR count(*) >= {recurring_always})
"""

#: ``fin_recurring`` has one row per pair and channel, so the left join keeps each payment once; a
#: payment is regular when its pair matched and its amount is near the usual one. (A join, not
#: a correlated ``NOT EXISTS`` on the amount: that makes DuckDB deduplicate every
#: (src, dst, amount) of the candidates first.)
FIN_CANDIDATE = """
SELECT f.id, f.amount, f.ts, f.t, f.src, f.dst, f.kind
FROM fin_tx f
LEFT JOIN fin_recurring r ON r.src = f.src AND r.dst = f.dst AND r.kind = f.kind
WHERE f.kind IN ('transfer', 'invoice') AND f.src IS NOT NULL AND f.dst IS NOT NULL
  AND f.src <> f.dst AND f.amount >= {min_amount}
  AND (r.src IS NULL OR f.amount > {usual_factor} * r.usual OR f.amount * {usual_factor} < r.usual)
"""

def regular(settings: Settings, alias: str = "f") -> str:
    """SQL condition: payment ``alias`` belongs to the regular series of its pair (its pair is
    in ``fin_recurring`` and its amount within ``recurring_usual_factor`` of the usual one)."""
    k = settings.recurring_usual_factor
    return (f"EXISTS (SELECT 1 FROM fin_recurring r WHERE r.src = {alias}.src AND r.dst = {alias}.dst "
            f"AND r.kind = {alias}.kind "
            f"AND {alias}.amount <= {k} * r.usual AND {alias}.amount * {k} >= r.usual)")


FIN_DEGREE = """
SELECT account, count(DISTINCT other) AS deg
FROM (SELECT src AS account, dst AS other FROM fin_candidate
      UNION ALL SELECT dst AS account, src AS other FROM fin_candidate) e
GROUP BY account
"""

FIN_FLOW = """
SELECT c.id, c.amount, c.ts, c.t, c.src, c.dst, c.kind, s.deg AS src_deg, d.deg AS dst_deg
FROM fin_candidate c
JOIN fin_degree s ON s.account = c.src
JOIN fin_degree d ON d.account = c.dst
"""

FIN_HOLDERS = """
SELECT DISTINCT coalesce(a.account, h.account) AS account, coalesce(m.canonical_id, h.entity) AS entity
FROM (
    SELECT asset.value AS account, owner.value AS entity
    FROM statements asset
    JOIN statements owner ON owner.entity_id = asset.entity_id AND owner.prop = 'owner'
    JOIN statements acct ON acct.entity_id = asset.value AND acct.schema = 'BankAccount'
    WHERE asset.schema = 'Ownership' AND asset.prop = 'asset'
    UNION ALL
    SELECT payer_account AS account, payer_id AS entity FROM transactions
    WHERE payer_account IS NOT NULL AND payer_id IS NOT NULL
    UNION ALL
    SELECT beneficiary_account AS account, beneficiary_id AS entity FROM transactions
    WHERE beneficiary_account IS NOT NULL AND beneficiary_id IS NOT NULL
) h
LEFT JOIN fin_canonical m ON m.source_id = h.entity
LEFT JOIN fin_account a ON a.source_id = h.account
"""


class Engine:
    """Runs the finance SQL on a DuckDB connection (the embedded default).

    Everything the detectors and their driver-side steps read or write goes through these
    methods — :meth:`materialise` (a derived relation), :meth:`register` (a small table the
    driver computed), :meth:`rows` and :meth:`has` — so the same code runs on every engine
    (:class:`offensief.finance.spark.SparkEngine` for Spark SQL)."""

    dialect = DUCKDB

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def materialise(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def register(self, name: str, table: pa.Table) -> None:
        """Expose ``table`` (computed on the driver) as the relation ``name``."""
        self.con.register(f"{name}_in", table)
        try:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_in")
        finally:
            self.con.unregister(f"{name}_in")

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def has(self, name: str) -> bool:
        """Whether the relation ``name`` exists."""
        found = self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                                 [name]).fetchall()
        return bool(found[0][0])


def as_engine(source: Engine | duckdb.DuckDBPyConnection) -> Engine:
    """``source`` itself when it is an engine, else the DuckDB engine on that connection."""
    return source if isinstance(source, Engine) else Engine(source)


def prepare(engine: Engine, *, settings: Settings, canonical: Mapping[str, str] | None = None,
            holders: bool = True) -> None:
    """Build ``fin_account``, ``fin_tx``, ``fin_recurring``, ``fin_candidate``, ``fin_degree``, ``fin_flow``
    and (when the store has statements) ``fin_holders``."""
    if engine.has("statements"):
        engine.materialise("fin_account", FIN_ACCOUNT)
    else:
        engine.register("fin_account", pa.table({"source_id": pa.array([], pa.string()),
                                                 "account": pa.array([], pa.string())}))
    engine.materialise("fin_tx", FIN_TX.format(epoch=engine.dialect.epoch("ts"), kind=_kind(engine.dialect)))
    engine.materialise("fin_recurring", FIN_RECURRING.format(
        recurring_months=settings.recurring_months, recurring_max_cv=settings.recurring_max_cv,
        recurring_always=settings.recurring_always_months))
    engine.materialise("fin_candidate", FIN_CANDIDATE.format(
        min_amount=settings.min_amount, usual_factor=settings.recurring_usual_factor))
    engine.materialise("fin_degree", FIN_DEGREE)
    engine.materialise("fin_flow", FIN_FLOW)
    if holders:
        register_canonical(engine, canonical)
        engine.materialise("fin_holders", FIN_HOLDERS)


#: Strong identifiers that name the same party across partner sources: a company's
#: registration number (KvK), a person's exact name plus birth date. Used for ids that the
#: resolution mapping does not cover (or when there is none).
BRIDGE = first_of("""
    SELECT entity_id, concat('reg:', lower(trim(value))) AS k FROM statements
    WHERE prop = 'registrationNumber' AND schema IN ('Company', 'LegalEntity', 'Organization')
    UNION
    SELECT n.entity_id, concat('person:', lower(trim(n.value)), ':', b.value) AS k
    FROM statements n JOIN statements b ON b.entity_id = n.entity_id AND b.prop = 'birthDate'
    WHERE n.schema = 'Person' AND n.prop = 'name'
""", "canonical_id")


def register_canonical(source: Engine | duckdb.DuckDBPyConnection, canonical: Mapping[str, str] | None,
                       *, bridge: bool = True) -> None:
    """Expose the resolution mapping (source id → canonical id) as ``fin_canonical``,
    completed by :data:`BRIDGE` for ids it does not cover. Without an explicit mapping the
    store's ``canonical`` table (written by ``offensief resolve``) is used when present."""
    engine = as_engine(source)
    if canonical is None and engine.has("canonical"):
        canonical = dict(engine.rows("SELECT entity_id, canonical_id FROM canonical"))
    pairs = sorted((canonical or {}).items())
    engine.register("fin_canonical", _pairs(pairs))
    if bridge:
        pairs += sorted(engine.rows(
            f"SELECT b.source_id, coalesce(m.canonical_id, b.canonical_id) "
            f"FROM ({BRIDGE}) b LEFT JOIN fin_canonical m ON m.source_id = b.canonical_id "
            f"WHERE NOT EXISTS (SELECT 1 FROM fin_canonical c WHERE c.source_id = b.source_id)"
        ))
        engine.register("fin_canonical", _pairs(pairs))


def _pairs(pairs: list[tuple[str, str]]) -> pa.Table:
    return pa.table({
        "source_id": pa.array([p[0] for p in pairs], pa.string()),
        "canonical_id": pa.array([p[1] for p in pairs], pa.string()),
    })


def canonical_map(source: Engine | duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The ``fin_canonical`` table as a dict."""
    return dict(as_engine(source).rows("SELECT source_id, canonical_id FROM fin_canonical"))


def insert_transactions(con: duckdb.DuckDBPyConnection, rows: Iterable[Mapping[str, Any]]) -> int:
    """Append rows (dicts keyed by :data:`TRANSACTION_COLUMNS`) to ``transactions`` (a store's ``transaction_rows``).

    For tests, goAML imports without statements, and benchmarks; missing keys are NULL,
    ``dataset`` defaults to ``manual``.
    """
    data: dict[str, list[Any]] = {c: [] for c in TRANSACTION_COLUMNS}
    for row in rows:
        for col in TRANSACTION_COLUMNS:
            value = row.get(col, "manual" if col == "dataset" else None)
            if col == "ts" and isinstance(value, str):
                value = datetime.fromisoformat(value)
            data[col].append(value)
    types = {"amount": pa.float64(), "ts": pa.timestamp("us")}
    table = pa.table({c: pa.array(v, types.get(c, pa.string())) for c, v in data.items()})
    con.register("fin_insert", table)
    target = "transaction_rows" if Engine(con).has("transaction_rows") else "transactions"  # a store, or a bare table
    con.execute(f"INSERT INTO {target} ({', '.join(TRANSACTION_COLUMNS)}) SELECT * FROM fin_insert")
    con.unregister("fin_insert")
    return int(table.num_rows)
