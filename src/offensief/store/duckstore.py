"""The analytical store: FtM statements and derived tables in DuckDB.

All writes of one load happen in one transaction, so a failed or interrupted load leaves
the store exactly as it was. Statement ids are content hashes, so loading the same data
twice adds nothing.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Self

import duckdb
import pyarrow as pa

from offensief.model.dataset import Dataset
from offensief.model.errors import Conflict, NotFound
from offensief.store.codes import CODED_COLUMNS, CODES, create_type
from offensief.store.ids import STATEMENT_ID_SQL
from offensief.store.schema import (
    STATEMENT_ROWS,
    STATEMENTS,
    TRANSACTION_CHOICE,
    TRANSACTION_FIELDS,
    WIDE_PROPS,
    WIDE_SCHEMA,
    ddl,
    schema_ranks,
    transaction_columns,
    wide_statements,
    wide_transactions,
)
from offensief.store.workspace import Workspace

__all__ = ["STATEMENT_COLUMNS", "TRANSACTION_FIELDS", "LoadResult", "PreparedLoad", "Store", "WideLoad",
           "transaction_columns"]

#: The statement id with the dataset as the first SQL parameter (:mod:`offensief.store.ids`).
_ID = STATEMENT_ID_SQL.format(dataset="?")

#: An insert of statements writes the stored rows (the id is computed when read).
_INSERT = f"INSERT INTO statement_rows ({', '.join(STATEMENT_ROWS.names)}) "

#: Columns of an incoming batch of statements (before ids, dataset and timestamps are added).
STATEMENT_COLUMNS = STATEMENTS.names[1:6]

#: The columns of ``payment_rows`` that hold values, and the count of their statements.
_WIDE_COLUMNS = ", ".join(prop for prop, _type in WIDE_PROPS)
_WIDE_COUNT = " + ".join(f"count({prop})" for prop, _type in WIDE_PROPS)

#: One typed row per payment, from ONE dataset: the (least) dataset that gives its amount,
#: or the least one when none does. Every value of the row comes from that dataset, so the
#: row's ``dataset`` is all it rests on: a payment whose amount one bank delivered and whose
#: date, accounts and purpose another did is not merged into a row labelled with one of them
#: (a reader of the other bank's data would get the amount).
_TRANSACTIONS_SELECT = f"""
SELECT id, {', '.join(name for name, _props, _type in TRANSACTION_FIELDS)}, dataset FROM (
    SELECT entity_id AS id,
           {transaction_columns(lambda prop: f"min(value) FILTER (WHERE prop = '{prop}')")},
           dataset
    FROM statements
    WHERE schema = 'Payment' {{where}}
    GROUP BY entity_id, dataset
) per_dataset
QUALIFY row_number() OVER (PARTITION BY id ORDER BY {TRANSACTION_CHOICE}) = 1
"""


@dataclass(frozen=True)
class WideLoad:
    """The payments of a prepared load as wide rows (:data:`~offensief.store.schema.PAYMENT_ROWS`).

    ``sql`` selects ``entity_id`` and the columns of :data:`~offensief.store.schema.WIDE_PROPS`
    (null where a record has no such statement), one row per payment, each payment once;
    ``rest_sql`` selects the load's other statements as :attr:`PreparedLoad.sql` does. Together
    they give exactly the statements of :attr:`PreparedLoad.sql`.
    """

    sql: str
    rest_sql: str
    #: Every Payment property ``transactions`` is derived from is in the wide rows: their typed
    #: projection (:func:`~offensief.store.schema.wide_transactions`) is then the payments'
    #: ``transactions`` rows, which need not be written again; ``rest_transactions_sql`` gives
    #: the rows of the load's payments without a wide row (other properties only).
    typed: bool = False
    rest_transactions_sql: str = ""


@dataclass(frozen=True)
class PreparedLoad:
    """A load given as SQL over temp tables the caller prepared (the fast ingest paths).

    ``sql`` selects :data:`STATEMENT_COLUMNS`, already distinct per (entity_id, prop, value),
    for ``records`` source records. ``per_schema_sql`` may give (schema, entities) and
    ``transactions_sql`` the typed ``transactions`` rows of the payments (used when none of
    them is known yet); otherwise both are derived from the statements. ``wide`` splits the
    same statements into wide payment rows and the rest: the store writes them so when none of
    those payments has statements in the dataset yet, and writes ``sql`` otherwise.
    """

    sql: str
    records: int
    per_schema_sql: str | None = None
    transactions_sql: str | None = None
    wide: WideLoad | None = None


@dataclass(frozen=True)
class LoadResult:
    """What one load did."""

    load_id: str
    dataset: str
    file: str
    records: int
    statements_in: int
    statements_added: int
    already_loaded: bool
    per_schema: dict[str, int]


class Store:
    """A connection to the workspace's DuckDB file. Use as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, workspace: Workspace | None = None):
        self.con = con
        self.workspace = workspace

    @classmethod
    def open(cls, workspace: Workspace, *, read_only: bool = False) -> Store:
        """Open (and on first use create) the workspace's analytical store."""
        con = duckdb.connect(str(workspace.duckdb_path), read_only=read_only)
        store = cls(con, workspace)
        if not read_only:
            store._ensure_schema()
        return store

    @classmethod
    def memory(cls) -> Store:
        """An in-memory store, for tests and plain-file analyses."""
        store = cls(duckdb.connect(":memory:"))
        store._ensure_schema()
        return store

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; a query still running on it (a job that outlived its server)
        is interrupted first, since DuckDB refuses to close a busy connection."""
        for _ in range(50):
            try:
                self.con.close()
                return
            except duckdb.Error as exc:
                if "already closed" in str(exc):
                    return
                if "busy" not in str(exc):
                    raise
                self.con.interrupt()
                time.sleep(0.1)
        self.con.close()

    def _ensure_schema(self) -> None:
        """Create what is missing of the schema (:mod:`offensief.store.schema`) and keep the
        schema ranks in step with the model (a workspace made by an older version)."""
        self._ensure_codes()
        self._upgrade_statements()
        self._upgrade_transactions()
        self.con.execute(ddl())
        ranks = schema_ranks()
        if sorted(self.con.execute("SELECT schema, depth FROM schema_depth").fetchall()) != ranks:
            with self.transaction():
                self.con.execute("DELETE FROM schema_depth")
                self.con.executemany("INSERT INTO schema_depth VALUES (?, ?)", ranks)

    def _ensure_codes(self) -> None:
        """Create the ENUM types of :data:`CODES`, and rebuild one whose members differ from the
        model's (a new FtM version): the stored column goes through text meanwhile."""
        for name, members in CODES.items():
            found = self.con.execute(
                "SELECT 1 FROM duckdb_types() WHERE database_name = current_database() AND type_name = ?",
                [name]).fetchall()
            if found and tuple(self.con.execute(f"SELECT enum_range(NULL::{name})").fetchall()[0][0]) == members:
                continue
            columns = [c for c, t in CODED_COLUMNS.items() if t == name] if found and self._has_rows_table() else []
            with self.transaction():
                for column in columns:
                    self.con.execute(f"ALTER TABLE statement_rows ALTER {column} TYPE VARCHAR")
                if found:
                    self.con.execute(f"DROP TYPE {name}")
                self.con.execute(create_type(name))
                for column in columns:
                    self.con.execute(f"ALTER TABLE statement_rows ALTER {column} TYPE {name}")

    def _has_rows_table(self) -> bool:
        return bool(self.con.execute(
            "SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = 'statement_rows'").fetchall())

    def _upgrade_statements(self) -> None:
        """Move the rows of a ``statements`` table that stored its ids (a workspace made before
        they were computed when read) into ``statement_rows``; the ids read back are the same."""
        found = self.con.execute(
            "SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = 'statements'").fetchall()
        if not found:
            return
        columns = ", ".join(STATEMENT_ROWS.names)
        with self.transaction():
            self.con.execute(STATEMENT_ROWS.ddl())
            self.con.execute(f"INSERT INTO statement_rows SELECT {columns} FROM statements")
            self.con.execute("DROP VIEW IF EXISTS entities")
            self.con.execute("DROP TABLE statements")

    def _upgrade_transactions(self) -> None:
        """Turn a ``transactions`` table (a workspace made before typed wide rows) into
        ``transaction_rows``, and give ``payment_rows`` its ``typed`` column (false: those
        payments keep their rows); the ``transactions`` view then reads the same rows."""
        tables = {r[0] for r in self.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name IN ('transactions', 'payment_rows')").fetchall()}
        untyped = "payment_rows" in tables and not self.con.execute(
            "SELECT 1 FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' "
            "AND table_name = 'payment_rows' AND column_name = 'typed'").fetchall()
        if not untyped and "transactions" not in tables:
            return
        with self.transaction():
            if untyped:
                self.con.execute("ALTER TABLE payment_rows ADD COLUMN typed BOOLEAN")
            if "transactions" in tables:
                self.con.execute("ALTER TABLE transactions RENAME TO transaction_rows")

    # -- datasets -------------------------------------------------------------------------

    def add_dataset(self, dataset: Dataset, *, replace: bool = False) -> None:
        """Register a partner dataset. Changing the regime of a loaded dataset is refused."""
        existing = self.find_dataset(dataset.name)
        if existing is not None and not replace:
            raise Conflict(f"dataset {dataset.name!r} already exists")
        if existing is not None and existing.regime != dataset.regime and self._has_data(dataset.name):
            raise Conflict(
                f"dataset {dataset.name!r} holds data under regime {existing.regime!r}; "
                "its regime cannot change"
            )
        d = dataset.to_dict()
        self.con.execute(
            "INSERT OR REPLACE INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?)",
            [d["name"], d["partner"], d["regime"], d["purpose"], d["collected_at"],
             d["retention"], d["title"]],
        )

    def _has_data(self, name: str) -> bool:
        row = self.con.execute("SELECT 1 FROM statements WHERE dataset = ? LIMIT 1", [name]).fetchone()
        return row is not None

    def find_dataset(self, name: str) -> Dataset | None:
        row = self.con.execute(
            "SELECT name, partner, regime, purpose, collected_at, retention, title "
            "FROM datasets WHERE name = ?",
            [name],
        ).fetchone()
        if row is None:
            return None
        return Dataset(row[0], row[1], row[2], row[3], row[4], row[5], row[6] or row[0])

    def get_dataset(self, name: str) -> Dataset:
        dataset = self.find_dataset(name)
        if dataset is None:
            known = ", ".join(d.name for d in self.datasets()) or "none"
            raise NotFound(f"unknown dataset {name!r} (known: {known}); add it with `offensief dataset add`")
        return dataset

    def datasets(self) -> list[Dataset]:
        names = [r[0] for r in self.con.execute("SELECT name FROM datasets ORDER BY name").fetchall()]
        return [self.get_dataset(n) for n in names]

    # -- loading --------------------------------------------------------------------------

    def find_load(self, dataset: str, sha256: str) -> tuple[str, int] | None:
        row = self.con.execute(
            "SELECT id, records FROM loads WHERE dataset = ? AND sha256 = ? ORDER BY loaded_at LIMIT 1",
            [dataset, sha256],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def load(
        self,
        *,
        dataset: str,
        file: str,
        sha256: str,
        fmt: str,
        batches: Iterable[tuple[pa.Table, int]] = (),
        prepared: PreparedLoad | None = None,
        written: Callable[[int], None] | None = None,
    ) -> LoadResult:
        """Add the statements of one file to ``dataset`` in one transaction.

        ``batches`` yields ``(table, records)``: a table with the columns of
        :data:`STATEMENT_COLUMNS` and how many source records it covers. Any exception raised
        while iterating (a validation error on the last line, say) rolls everything back.
        Alternatively ``prepared`` gives SQL over temp tables the caller prepared (the fast
        paths). ``written(records)`` is called when all is written, just before the commit.
        A file whose content was loaded into the dataset before is not loaded again.
        """
        self.get_dataset(dataset)
        previous = self.find_load(dataset, sha256)
        if previous is not None:
            return LoadResult(previous[0], dataset, file, previous[1], 0, 0, True, {})
        load_id = uuid.uuid4().hex
        now = datetime.now(UTC).replace(tzinfo=None)
        self.con.execute("BEGIN TRANSACTION")
        try:
            fresh = prepared is not None and not self._has_data(dataset)
            wide = prepared.wide if prepared is not None else None
            if wide is not None and not fresh and self._wide_overlaps(dataset, wide.sql):
                wide = None
            typed = wide is not None and wide.typed and not self._known_payments(wide.sql)
            wide_added = self._insert_wide(dataset, load_id, now, wide.sql, typed) if wide is not None else 0
            self.con.execute("CREATE OR REPLACE TEMP VIEW incoming_wide AS SELECT entity_id FROM payment_rows "
                             f"WHERE load_id = '{load_id}'")
            if fresh:
                assert prepared is not None
                # First load into the dataset: nothing to compare with, so write straight through.
                records = prepared.records
                added = statements_in = wide_added + self._insert_fresh(
                    dataset, load_id, now, wide.rest_sql if wide is not None else prepared.sql)
                self.con.execute("CREATE OR REPLACE TEMP VIEW incoming_ids AS SELECT "
                                 f"{STATEMENT_ID_SQL.format(dataset='dataset')}::UHUGEINT AS id, entity_id, "
                                 "schema::VARCHAR AS schema, prop::VARCHAR AS prop, prop_type::VARCHAR AS prop_type, "
                                 f"value FROM statement_rows WHERE load_id = '{load_id}'")
            else:
                if prepared is not None:
                    records = prepared.records
                    self._incoming_from_sql(dataset, wide.rest_sql if wide is not None else prepared.sql)
                else:
                    records = self._incoming_from_batches(dataset, batches)
                statements_in = wide_added + int(self.con.execute("SELECT count(*) FROM incoming_ids").fetchall()[0][0])
                added = wide_added + self._insert_statements(dataset, load_id, now)
            per_schema_sql = (prepared and prepared.per_schema_sql) or (
                "SELECT schema, count(DISTINCT entity_id) FROM (SELECT schema, entity_id FROM incoming_ids "
                f"UNION ALL SELECT '{WIDE_SCHEMA}', entity_id FROM incoming_wide) GROUP BY 1")
            per_schema = {schema: int(n) for schema, n in sorted(self.con.execute(per_schema_sql).fetchall()) if n}
            self.con.execute(
                "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [load_id, dataset, file, sha256, fmt, records, added, now],
            )
            if prepared is None:
                self._add_originals(dataset)
            if typed:
                assert wide is not None
                self.con.execute("INSERT INTO transaction_rows " + wide.rest_transactions_sql)
            elif WIDE_SCHEMA in per_schema:
                self._add_transactions(dataset, prepared.transactions_sql if prepared else None)
            self.con.execute("DROP TABLE IF EXISTS incoming")
            self.con.execute(f"DROP {'VIEW' if fresh else 'TABLE'} incoming_ids")
            self.con.execute("DROP VIEW incoming_wide")
            if written is not None:
                written(records)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return LoadResult(load_id, dataset, file, records, statements_in, added, False, per_schema)

    def _wide_overlaps(self, dataset: str, sql: str) -> bool:
        """Whether any payment of the wide rows ``sql`` already has statements in ``dataset``
        (then a statement may be touched again, which needs a row of its own)."""
        return bool(self.con.execute(
            f"SELECT 1 FROM ({sql}) w WHERE w.entity_id IN (SELECT entity_id FROM statement_rows WHERE dataset = ? "
            "UNION ALL SELECT entity_id FROM payment_rows WHERE dataset = ?) LIMIT 1", [dataset, dataset]).fetchall())

    def _known_payments(self, sql: str) -> bool:
        """Whether any payment of the wide rows ``sql`` has a ``transactions`` row already."""
        if not self.con.execute("SELECT 1 FROM transactions LIMIT 1").fetchall():
            return False
        return bool(self.con.execute(
            f"SELECT 1 FROM ({sql}) w WHERE w.entity_id IN (SELECT id FROM transactions) LIMIT 1").fetchall())

    def _insert_wide(self, dataset: str, load_id: str, now: datetime, sql: str, typed: bool = False) -> int:
        """Write the wide payment rows of ``sql`` (``typed``: they are their payments'
        ``transactions`` rows too); return the statements they hold."""
        self.con.execute(f"INSERT INTO payment_rows SELECT entity_id, ?, ?, ?, ?, {_WIDE_COLUMNS}, ? FROM ({sql})",
                         [dataset, now, now, load_id, typed])
        return int(self.con.execute(f"SELECT {_WIDE_COUNT} FROM payment_rows WHERE load_id = ?",
                                    [load_id]).fetchall()[0][0] or 0)

    def _unwide(self, dataset: str, load_id: str) -> None:
        """Move the wide rows of ``dataset`` about entities the incoming statements touch (from
        earlier loads) into ``statement_rows``, where each statement keeps its own ``last_seen``."""
        if not self.con.execute("SELECT 1 FROM payment_rows WHERE dataset = ? AND load_id <> ? LIMIT 1",
                                [dataset, load_id]).fetchall():
            return
        where = "dataset = ? AND load_id <> ? AND entity_id IN (SELECT entity_id FROM incoming_ids)"
        self.con.execute("INSERT INTO transaction_rows " + wide_transactions(f"typed AND {where}"), [dataset, load_id])
        self.con.execute(_INSERT + "\nUNION ALL ".join(wide_statements(prop, prop_type, where=where)
                                                      for prop, prop_type in WIDE_PROPS),
                         [dataset, load_id] * len(WIDE_PROPS))
        self.con.execute(f"DELETE FROM payment_rows WHERE {where}", [dataset, load_id])

    def _insert_fresh(self, dataset: str, load_id: str, now: datetime, sql: str) -> int:
        found = self.con.execute(
            _INSERT + f"SELECT entity_id, schema, prop, prop_type, value, ?, ?, ?, ? FROM ({sql})",
            [dataset, now, now, load_id],
        ).fetchall()
        return int(found[0][0])

    def _incoming_from_batches(self, dataset: str, batches: Iterable[tuple[pa.Table, int]]) -> int:
        """Collect the batches into ``incoming_ids``, one row per statement id; return the records.

        A batch may carry an ``original`` column: the source text of a value cleaning changed.
        """
        records = 0
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE incoming (entity_id VARCHAR, schema VARCHAR, "
            "prop VARCHAR, prop_type VARCHAR, value VARCHAR, original VARCHAR)"
        )
        for table, count in batches:
            records += count
            self.con.register("incoming_batch", table)
            self.con.execute("INSERT INTO incoming BY NAME SELECT * FROM incoming_batch")
            self.con.unregister("incoming_batch")
        self.con.execute(
            """
            CREATE OR REPLACE TEMP TABLE incoming_ids AS
            SELECT DISTINCT ON (id) * EXCLUDE (original)
            FROM (SELECT """ + _ID + """ AS id, * FROM incoming)
            """,
            [dataset],
        )
        return records

    def _incoming_from_sql(self, dataset: str, sql: str) -> None:
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE incoming_ids AS "
            f"SELECT {_ID} AS id, * FROM ({sql})",
            [dataset],
        )

    def _insert_statements(self, dataset: str, load_id: str, now: datetime) -> int:
        """Add the statements of ``incoming_ids`` that ``dataset`` lacks; touch those it has."""
        insert = (_INSERT + "SELECT i.entity_id, i.schema, i.prop, i.prop_type, i.value, "
                  "?, ?, ?, ? FROM incoming_ids i")
        if not self._has_data(dataset):
            return int(self.con.execute(insert, [dataset, now, now, load_id]).fetchall()[0][0])
        self._unwide(dataset, load_id)
        self.con.execute(
            f"UPDATE statement_rows SET last_seen = ? WHERE dataset = ? AND {STATEMENT_ID_SQL.format(dataset='dataset')} "
            "IN (SELECT id FROM incoming_ids)",
            [now, dataset],
        )
        found = self.con.execute(
            insert + " ANTI JOIN (SELECT id FROM statements WHERE dataset = ?) s ON s.id = i.id",
            [dataset, now, now, load_id, dataset],
        ).fetchall()
        return int(found[0][0])

    def _add_originals(self, dataset: str) -> None:
        """Keep the source text of the incoming statements that have one and none kept yet
        (of several texts for one statement, the least); ids as in ``statements``."""
        self.con.execute(
            """
            INSERT INTO statement_originals
            SELECT id, ?, min(original) FROM (
                SELECT """ + _ID + """ AS id, original
                FROM incoming WHERE original IS NOT NULL)
            WHERE id NOT IN (SELECT id FROM statement_originals WHERE dataset = ?)
            GROUP BY id
            """,
            [dataset, dataset, dataset],
        )

    def _add_transactions(self, dataset: str, fresh_sql: str | None = None) -> None:
        """Derive typed rows for the incoming payments (inside the load's transaction).

        ``fresh_sql`` gives those rows directly when none of the payments is known yet.
        """
        incoming = ("SELECT entity_id FROM incoming_ids WHERE schema = 'Payment' "
                    "UNION ALL SELECT entity_id FROM incoming_wide")
        known = bool(self.con.execute("SELECT 1 FROM transactions LIMIT 1").fetchall()) and bool(
            self.con.execute(f"SELECT count(*) FROM transactions WHERE id IN ({incoming})").fetchall()[0][0])
        if known:
            self._refresh_transactions(f"AND entity_id IN ({incoming})")
            return
        if fresh_sql is not None:
            self.con.execute("INSERT INTO transaction_rows " + fresh_sql)
            return
        if self.con.execute("SELECT 1 FROM incoming_wide LIMIT 1").fetchall():
            self._refresh_transactions(f"AND entity_id IN ({incoming})")
            return
        # New payments only: their statements are all in this load, so derive from it directly.
        select = _TRANSACTIONS_SELECT.replace("FROM statements", "FROM (SELECT *, ? AS dataset FROM incoming_ids)")
        self.con.execute("INSERT INTO transaction_rows " + select.format(where=""), [dataset])

    def _refresh_transactions(self, where: str = "") -> None:
        """Rebuild the typed rows of the Payment entities selected by ``where`` as rows of
        ``transaction_rows`` (a typed wide row among them is typed no longer)."""
        if where:
            selected = f"SELECT entity_id FROM statements WHERE schema = 'Payment' {where}"
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE refreshed AS {selected}")
            self.con.execute("DELETE FROM transaction_rows WHERE id IN (SELECT entity_id FROM refreshed)")
            self.con.execute("UPDATE payment_rows SET typed = false WHERE typed AND entity_id IN "
                             "(SELECT entity_id FROM refreshed)")
            self.con.execute("DROP TABLE refreshed")
        else:
            self.con.execute("DELETE FROM transaction_rows")
            self.con.execute("UPDATE payment_rows SET typed = false WHERE typed")
        self.con.execute("INSERT INTO transaction_rows " + _TRANSACTIONS_SELECT.format(where=where))

    def rebuild_derived(self) -> None:
        """Recompute every derived table from the statements (after a purge, say). A typed wide
        row stays typed: its payment's statements are all in it, and a purge adds none."""
        with self.transaction():
            self.con.execute("DELETE FROM transaction_rows")
            self._refresh_transactions_all()

    def _refresh_transactions_all(self) -> None:
        self.con.execute("INSERT INTO transaction_rows " + _TRANSACTIONS_SELECT.format(
            where="AND entity_id NOT IN (SELECT entity_id FROM payment_rows WHERE typed)"))

    # -- reading --------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts per dataset and schema: what the workspace holds."""
        rows = self.con.execute(
            """
            SELECT d.name, d.partner, d.regime, s.schema, count(DISTINCT s.entity_id), count(s.entity_id)
            FROM datasets d LEFT JOIN statements s ON s.dataset = d.name
            GROUP BY ALL ORDER BY 1, 4
            """
        ).fetchall()
        per_dataset: dict[str, dict[str, Any]] = {}
        for name, partner, regime, schema, entities, statements in rows:
            entry = per_dataset.setdefault(
                name, {"partner": partner, "regime": regime, "schemata": {}, "statements": 0}
            )
            if schema is not None:
                entry["schemata"][schema] = int(entities)
                entry["statements"] += int(statements)
        totals = self.con.execute(
            "SELECT count(*), count(DISTINCT entity_id) FROM statements"
        ).fetchone()
        transactions = self.con.execute("SELECT count(*) FROM transactions").fetchone()[0]
        return {
            "datasets": per_dataset,
            "statements": int(totals[0]),
            "entities": int(totals[1]),
            "transactions": int(transactions),
        }

    def statements_for(self, entity_id: str) -> list[dict[str, Any]]:
        """All statements about one entity, with their provenance and kept source text (``original_value``)."""
        cur = self.con.execute(
            """
            SELECT s.entity_id, s.schema, s.prop, s.prop_type, s.value, s.dataset, d.partner,
                   d.regime, s.first_seen, s.last_seen, o.original_value
            FROM statements s JOIN datasets d ON d.name = s.dataset
            LEFT JOIN statement_originals o ON o.id = s.id AND o.dataset = s.dataset
            WHERE s.entity_id = ? ORDER BY s.prop, s.value, s.dataset
            """,
            [entity_id],
        )
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run several writes atomically."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

