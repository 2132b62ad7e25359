"""Removing whole datasets from the analytical store, with everything derived from them.

A dataset's statements are its rows in ``statement_rows`` and its wide payment rows
(``payment_rows``); both go. The store knows its tables: the sources (:data:`CORE_TABLES`) and any derived table another
package keeps in it. A derived table is purged by convention: rows whose ``dataset``,
``datasets``, ``source_ids``, ``entity_id``, ``left_id`` or ``right_id`` column names a purged
dataset or an entity that no longer exists. The derived tables of the store itself
(``transaction_rows``, the rows of the ``transactions`` view) are recomputed from what remains. Which datasets are due, and what else
must go (judgements, caches), is retention's decision (:mod:`offensief.access.retention`).
"""

from __future__ import annotations

from typing import Any

from offensief.store.duckstore import Store

#: Tables of the analytical store that are sources, not derived results.
CORE_TABLES = frozenset({"statements", "statement_rows", "payment_rows", "datasets", "loads", "schema_depth",
                         "transactions", "transaction_rows"})


def purge_datasets(store: Store, names: list[str]) -> tuple[dict[str, int], set[str]]:
    """Delete the statements and loads of ``names`` and the rows derived from them, in one
    transaction, then recompute the store's derived tables. Returns the rows removed per
    table and the entity ids that no longer have any statement."""
    con = store.con
    marks = ", ".join("?" for _ in names)
    removed: dict[str, int] = {}
    with store.transaction():
        con.execute("CREATE OR REPLACE TEMP TABLE purged_ids AS SELECT DISTINCT entity_id "
                    f"FROM statements WHERE dataset IN ({marks})", names)
        removed["statements"] = _count(con.execute(
            f"SELECT count(*) FROM statements WHERE dataset IN ({marks})", names).fetchone())
        con.execute(f"DELETE FROM statement_rows WHERE dataset IN ({marks})", names)
        con.execute(f"DELETE FROM payment_rows WHERE dataset IN ({marks})", names)
        con.execute(f"DELETE FROM loads WHERE dataset IN ({marks})", names)
        con.execute("DELETE FROM purged_ids WHERE entity_id IN (SELECT entity_id FROM statements)")
        vanished = {r[0] for r in con.execute("SELECT entity_id FROM purged_ids").fetchall()}
        for table, columns in derived_tables(store).items():
            removed[table] = _purge_table(store, table, columns, names)
        con.execute("DROP TABLE purged_ids")
    store.rebuild_derived()
    return removed, vanished


def derived_tables(store: Store) -> dict[str, dict[str, str]]:
    """Table -> {column: type} of every base table that is not a source."""
    rows = store.con.execute(
        "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_name = c.table_name "
        "AND t.table_schema = c.table_schema "
        "WHERE t.table_type = 'BASE TABLE' AND c.table_schema = 'main'"
    ).fetchall()
    tables: dict[str, dict[str, str]] = {}
    for table, column, dtype in rows:
        if table not in CORE_TABLES:
            tables.setdefault(table, {})[column] = dtype
    return tables


def _purge_table(store: Store, table: str, columns: dict[str, str], names: list[str]) -> int:
    marks = ", ".join("?" for _ in names)
    conditions: list[str] = []
    params: list[Any] = []
    if "dataset" in columns:
        conditions.append(f"dataset IN ({marks})")
        params += names
    if "datasets" in columns:
        as_list = "datasets" if columns["datasets"].endswith("[]") else "string_split(datasets, ',')"
        conditions.append(f"len(list_intersect({as_list}, ?::VARCHAR[])) > 0")
        params.append(names)
    if "source_ids" in columns and columns["source_ids"].endswith("[]"):
        conditions.append("len(list_intersect(source_ids, (SELECT list(entity_id) FROM purged_ids))) > 0")
    for column in ("entity_id", "left_id", "right_id"):
        if column in columns:
            conditions.append(f"{column} IN (SELECT entity_id FROM purged_ids)")
    if not conditions:
        return 0
    sql = f'DELETE FROM "{table}" WHERE ' + " OR ".join(conditions)
    return _count(store.con.execute(sql, params).fetchone())


def _count(row: tuple[Any, ...] | None) -> int:
    return int(row[0]) if row else 0
