"""The analytical store's schema, defined once: tables as data, their DDL made from it.

Every column list the code needs (the statements a case view reads, the typed payments a
detector reads or the fast ingest derives) is taken from these definitions, never written
again. Every value is a statement that names its dataset; ``transactions`` is derived from
the Payment statements (:data:`TRANSACTION_FIELDS` says from which properties).

>>> TRANSACTIONS.names[:4]
('id', 'amount', 'currency', 'ts')
>>> print(SCHEMA_DEPTH.ddl())
CREATE TABLE IF NOT EXISTS schema_depth (
    schema VARCHAR PRIMARY KEY,
    depth INTEGER NOT NULL
);
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from followthemoney import model

from offensief.model.schemata import RANK
from offensief.store.codes import CODED_COLUMNS
from offensief.store.ids import STATEMENT_ID_SQL


@dataclass(frozen=True)
class Column:
    """One column: name, SQL type and constraint (``NOT NULL``, ``PRIMARY KEY`` or none)."""

    name: str
    type: str
    constraint: str = ""

    def ddl(self) -> str:
        return f"{self.name} {self.type}{' ' + self.constraint if self.constraint else ''}"


@dataclass(frozen=True)
class Table:
    """One table of the analytical store."""

    name: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def ddl(self) -> str:
        body = ",\n    ".join(c.ddl() for c in self.columns)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n    {body}\n);"


def _col(spec: str) -> Column:
    name, sql_type, *constraint = spec.split(" ", 2)
    return Column(name, sql_type, constraint[0] if constraint else "")


DATASETS = Table("datasets", tuple(map(_col, (
    "name VARCHAR PRIMARY KEY", "partner VARCHAR NOT NULL", "regime VARCHAR NOT NULL",
    "purpose VARCHAR NOT NULL", "collected_at DATE NOT NULL", "retention VARCHAR NOT NULL",
    "title VARCHAR"))))

#: The typed columns of ``transactions``: the Payment properties each comes from (the first
#: with a value wins; of several values the least) and its SQL type.
TRANSACTION_FIELDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("amount", ("amount",), "DOUBLE"),
    ("currency", ("currency",), "VARCHAR"),
    ("ts", ("date", "startDate"), "TIMESTAMP"),
    ("payer_id", ("payer",), "VARCHAR"),
    ("beneficiary_id", ("beneficiary",), "VARCHAR"),
    ("payer_account", ("payerAccount",), "VARCHAR"),
    ("beneficiary_account", ("beneficiaryAccount",), "VARCHAR"),
    ("purpose", ("purpose",), "VARCHAR"),
    ("description", ("description",), "VARCHAR"),
)

#: Of the typed rows several datasets give one payment (each typed from its own statements,
#: never mixing values of two datasets), the one kept: from the dataset holding the amount,
#: of several the first by name — the order of a ``row_number()`` window per ``id``, the same
#: SQL on every engine (the DuckDB store, the Parquet lake).
TRANSACTION_CHOICE = "amount IS NULL, dataset"

#: Where the statements are stored: everything but their id, FtM's names as small codes
#: (:mod:`offensief.store.codes`). Only the store writes here; every read goes through the
#: ``statements`` view.
STATEMENT_ROWS = Table("statement_rows", tuple(map(_col, (
    "entity_id VARCHAR NOT NULL", "schema ftm_schema NOT NULL", "prop ftm_prop NOT NULL",
    "prop_type ftm_type NOT NULL", "value VARCHAR NOT NULL", "dataset VARCHAR NOT NULL",
    "first_seen TIMESTAMP NOT NULL", "last_seen TIMESTAMP NOT NULL", "load_id VARCHAR NOT NULL"))))

#: What readers see: the stored rows as text, with their ``id``, md5_number(dataset .
#: entity_id . prop . value), so loading the same value twice adds nothing. The id is computed
#: when a query asks for it: hashing every statement as it is written cost a fifth of a big
#: load's CPU, and few reads need it (``statement_originals`` joins on it). A view, not a table.
STATEMENTS = Table("statements", (
    Column("id", "UHUGEINT"),
    *(Column(c.name, "VARCHAR", c.constraint) if c.name in CODED_COLUMNS else c for c in STATEMENT_ROWS.columns)))
_AS_TEXT = ", ".join(f"{c}::VARCHAR AS {c}" if c in CODED_COLUMNS else c for c in STATEMENT_ROWS.names)
_ID_SQL = STATEMENT_ID_SQL.format(dataset="dataset")

#: Storage of the columns of wide tables that hold entity ids. A mapped entity's id is a SHA-1
#: hex digest: random text that no dictionary compresses, and that DuckDB's DICT_FSST (the
#: default) halves at about five times the CPU of writing it plain, a third of a big payment
#: load. Such columns are written plain: a bigger file for a faster load.
RAW_IDS = "USING COMPRESSION uncompressed"

#: FtM types whose wide columns are written plain, like entity ids: amounts and dates are short
#: and nearly unique per payment, so DICT_FSST saves little space at about half the CPU of the
#: wide insert (1M payments: 0.55 of 1.3 CPU s, docs/scale.md).
PLAIN_TYPES = frozenset({"entity", "number", "date"})

#: The schema whose records a tabular delivery may store wide (:data:`PAYMENT_ROWS`).
WIDE_SCHEMA = "Payment"
#: Payment properties stored wide, in a column of their own, with their FtM types: those
#: ``transactions`` is derived from.
WIDE_PROPS: tuple[tuple[str, str], ...] = tuple(
    (prop, model.get(WIDE_SCHEMA).properties[prop].type.name)  # type: ignore[union-attr]
    for prop in dict.fromkeys(p for _c, props, _t in TRANSACTION_FIELDS for p in props))

#: Payments of a tabular delivery stored wide: one row per payment record of one load, the
#: value of each property in :data:`WIDE_PROPS` in its column (its statement's value, as
#: text; null when the record has none), and the provenance every statement of the row
#: shares. The ``statements`` view unpivots them into the same statements, ids and all, as
#: rows of ``statement_rows`` would give: writing one row instead of six is what makes a
#: big payment export fast to load. Only the store writes here.
PAYMENT_ROWS = Table("payment_rows", tuple(map(_col, (
    f"entity_id VARCHAR NOT NULL {RAW_IDS}", "dataset VARCHAR NOT NULL", "first_seen TIMESTAMP NOT NULL",
    "last_seen TIMESTAMP NOT NULL", "load_id VARCHAR NOT NULL",
    *(f"{prop} VARCHAR{' ' + RAW_IDS if prop_type in PLAIN_TYPES else ''}" for prop, prop_type in WIDE_PROPS),
    "typed BOOLEAN"))))


def wide_statements(prop: str, prop_type: str, *, where: str = "") -> str:
    """SQL: the statements of one wide column, in the columns of ``statement_rows``."""
    return (f"SELECT entity_id, '{WIDE_SCHEMA}' AS schema, '{prop}' AS prop, '{prop_type}' AS prop_type, "
            f'"{prop}" AS value, dataset, first_seen, last_seen, load_id FROM payment_rows '
            f'WHERE "{prop}" IS NOT NULL{" AND " + where if where else ""}')


STATEMENTS_VIEW = "CREATE OR REPLACE VIEW statements AS " + "\nUNION ALL ".join([
    f"SELECT {_ID_SQL}::UHUGEINT AS id, {_AS_TEXT} FROM statement_rows",
    *(f"SELECT {_ID_SQL}::UHUGEINT AS id, * FROM ({wide_statements(prop, prop_type)})"
      for prop, prop_type in WIDE_PROPS)]) + ";"

#: The source text of a statement whose value cleaning changed, where it is worth keeping (a
#: phone number normalised from national format): sparse, one row per statement id. Purged
#: by its ``dataset`` column like any derived table.
STATEMENT_ORIGINALS = Table("statement_originals", tuple(map(_col, (
    "id UHUGEINT NOT NULL", "dataset VARCHAR NOT NULL", "original_value VARCHAR NOT NULL"))))

LOADS = Table("loads", tuple(map(_col, (
    "id VARCHAR PRIMARY KEY", "dataset VARCHAR NOT NULL", "file VARCHAR NOT NULL",
    "sha256 VARCHAR NOT NULL", "format VARCHAR NOT NULL", "records BIGINT NOT NULL",
    "statements_added BIGINT NOT NULL", "loaded_at TIMESTAMP NOT NULL"))))

#: Each schema's specificity rank (:data:`offensief.model.schemata.RANK`; greater is deeper),
#: so ``arg_max(schema, depth)`` in SQL picks what :func:`~offensief.model.schemata.deepest` picks.
SCHEMA_DEPTH = Table("schema_depth", (Column("schema", "VARCHAR", "PRIMARY KEY"),
                                      Column("depth", "INTEGER", "NOT NULL")))

#: Typed payments for fast financial queries, derived from the Payment statements, where
#: they are stored as rows: the rows of payments whose statements are not all in one wide row,
#: and the rows goAML imports, tests and benchmarks write. Every read goes through the
#: ``transactions`` view.
TRANSACTION_ROWS = Table("transaction_rows", (
    Column("id", "VARCHAR", f"NOT NULL {RAW_IDS}"),
    *(Column(name, sql_type, RAW_IDS if name.endswith(("_id", "_account")) else "")
      for name, _props, sql_type in TRANSACTION_FIELDS),
    Column("dataset", "VARCHAR", "NOT NULL"),
))

#: What readers see: ``transaction_rows`` and the typed projection of each wide payment row
#: marked ``typed`` — a payment whose statements are all in that one row (one dataset, one
#: load), so the projection is exactly the row :data:`TRANSACTION_FIELDS` would derive from
#: them. A big payment export is then written once (its wide rows), not twice; a read casts
#: its amounts and dates. A view, not a table: writers use ``transaction_rows``.
TRANSACTIONS = Table("transactions", tuple(Column(c.name, c.type) for c in TRANSACTION_ROWS.columns))

TABLES = (DATASETS, STATEMENT_ROWS, PAYMENT_ROWS, STATEMENT_ORIGINALS, LOADS, SCHEMA_DEPTH, TRANSACTION_ROWS)

#: One row per entity: its deepest schema, a caption, its datasets and when it was seen.
ENTITIES_VIEW = """CREATE OR REPLACE VIEW entities AS
SELECT s.entity_id AS id,
       arg_max(s.schema, d.depth) AS schema,
       min(s.value) FILTER (WHERE s.prop = 'name') AS caption,
       list(DISTINCT s.dataset ORDER BY s.dataset) AS datasets,
       count(*) AS statements,
       min(s.first_seen) AS first_seen,
       max(s.last_seen) AS last_seen
FROM statements s JOIN schema_depth d ON d.schema = s.schema
GROUP BY s.entity_id;"""


def ddl() -> str:
    """The whole schema as SQL (idempotent: creates what is missing)."""
    return "\n".join([*(t.ddl() for t in TABLES), STATEMENTS_VIEW, ENTITIES_VIEW, TRANSACTIONS_VIEW])


def schema_ranks() -> list[tuple[str, int]]:
    """The rows ``schema_depth`` must hold."""
    return sorted(RANK.items())


def transaction_columns(value: Callable[[str], str]) -> str:
    """The typed columns of ``transactions`` as SQL, given the SQL ``value(prop)`` of one property."""
    return ",\n       ".join(
        f"try_cast(coalesce({', '.join(value(p) for p in props)}) AS {sql_type}) AS {column}"
        for column, props, sql_type in TRANSACTION_FIELDS
    )


def wide_transactions(where: str = "typed") -> str:
    """SQL: the typed ``transactions`` rows of the wide payment rows selected by ``where``."""
    columns = transaction_columns(lambda prop: '"' + prop + '"')
    return f"SELECT entity_id AS id, {columns}, dataset FROM payment_rows WHERE {where}"


TRANSACTIONS_VIEW = (f"CREATE OR REPLACE VIEW transactions AS SELECT {', '.join(TRANSACTION_ROWS.names)} "
                     f"FROM transaction_rows\nUNION ALL {wide_transactions()};")
