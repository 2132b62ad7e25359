"""Reads of the statement store that the application layer needs, kept behind the store's
boundary (SQL on ``statements`` lives in ``store``): relation dates, a scratch copy of the
visible data for the finance detectors, and which datasets back a set of entities or payments.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb
import pyarrow as pa

from offensief.store.duckstore import Store

DATE_PROPS = ("date", "startDate", "endDate")


def relation_dates(store: Store, relation_ids: list[str], datasets: list[str]) -> dict[str, tuple[str, str]]:
    """First and last date (YYYY-MM-DD) of each relationship entity in ``datasets``."""
    if not relation_ids or not datasets:
        return {}
    rows = store.con.execute(
        "SELECT entity_id, min(left(value, 10)), max(left(value, 10)) FROM statements "
        "WHERE prop IN (SELECT unnest(?)) AND dataset IN (SELECT unnest(?)) "
        "AND entity_id IN (SELECT unnest(?)) GROUP BY entity_id",
        [list(DATE_PROPS), datasets, relation_ids],
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def links_to(store: Store, entity_id: str, *, datasets: list[str], limit: int) -> list[dict[str, str]]:
    """Relationship entities of ``datasets`` whose entity-typed property points at
    ``entity_id``: ``[{entity_id, schema, prop}]``."""
    found = store.con.execute(
        "SELECT DISTINCT entity_id, schema, prop FROM statements WHERE prop_type = 'entity' "
        "AND value = ? AND dataset IN (SELECT unnest(?)) ORDER BY schema, entity_id LIMIT ?",
        [entity_id, datasets, limit],
    ).fetchall()
    return [{"entity_id": e, "schema": s, "prop": p} for e, s, p in found]


def transactions(store: Store, datasets: list[str], *, limit: int | None = None) -> list[dict[str, Any]]:
    """The typed payments of ``datasets`` (every column of ``transactions``), by time and id."""
    if not datasets:
        return []
    sql = (f"SELECT * FROM transactions WHERE dataset IN ({', '.join('?' for _ in datasets)}) "
           "ORDER BY ts, id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    cur = store.con.execute(sql, list(datasets))
    columns = [c[0] for c in cur.description]
    return [dict(zip(columns, values)) for values in cur.fetchall()]


def visible_copy(store: Store, datasets: list[str]) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding only the statements and transactions of ``datasets``
    (and the schema depths): what the finance detectors may read for one viewer."""
    con = duckdb.connect(":memory:")
    con.execute("SET threads TO 1")
    visible = {"ds": datasets}
    source = store.con.cursor()  # a fresh cursor: no unfinished result of an earlier query
    try:
        for table in ("statements", "transactions"):
            arrow = source.sql(f"SELECT * FROM {table} WHERE dataset IN (SELECT unnest($ds))",
                               params=visible).to_arrow_table()
            _copy(con, table, arrow)
        _copy(con, "schema_depth", source.sql("SELECT * FROM schema_depth").to_arrow_table())
    finally:
        source.close()
    return con


def _copy(con: duckdb.DuckDBPyConnection, table: str, arrow: pa.Table) -> None:
    con.register("incoming", arrow)
    con.execute(f"CREATE TABLE {table} AS SELECT * FROM incoming")
    con.unregister("incoming")


def _ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> None:
    con.register("wanted_ids", pa.table({"id": pa.array(sorted(set(ids)), pa.string())}))


def transaction_datasets(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, str]:
    """Transaction id -> the dataset it was loaded from."""
    _ids(con, ids)
    try:
        return dict(con.execute("SELECT t.id, t.dataset FROM transactions t JOIN wanted_ids w "
                                "ON t.id = w.id").fetchall())
    finally:
        con.unregister("wanted_ids")


def account_payment_datasets(con: duckdb.DuckDBPyConnection, accounts: Iterable[str]) -> dict[str, set[str]]:
    """Account id -> the datasets of the typed payments into or out of it."""
    _ids(con, accounts)
    try:
        out: dict[str, set[str]] = {}
        for account, dataset in con.execute(
                "SELECT DISTINCT w.id, t.dataset FROM wanted_ids w JOIN transactions t ON t.payer_account = w.id "
                "UNION SELECT w.id, t.dataset FROM wanted_ids w JOIN transactions t "
                "ON t.beneficiary_account = w.id").fetchall():
            out.setdefault(account, set()).add(dataset)
        return out
    finally:
        con.unregister("wanted_ids")


def entity_datasets(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, set[str]]:
    """Entity id -> the datasets holding statements about it."""
    _ids(con, ids)
    try:
        out: dict[str, set[str]] = {}
        for eid, dataset in con.execute("SELECT DISTINCT s.entity_id, s.dataset FROM statements s "
                                        "JOIN wanted_ids w ON s.entity_id = w.id").fetchall():
            out.setdefault(eid, set()).add(dataset)
        return out
    finally:
        con.unregister("wanted_ids")


def named_ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    """The ids among ``ids`` that ``con``'s data name: an entity with statements, or a party
    or an account of a typed payment."""
    _ids(con, ids)
    try:
        return {i for (i,) in con.execute(
            "SELECT id FROM wanted_ids WHERE id IN (SELECT entity_id FROM statements "
            "UNION SELECT payer_id FROM transactions UNION SELECT beneficiary_id FROM transactions "
            "UNION SELECT payer_account FROM transactions UNION SELECT beneficiary_account FROM transactions)"
        ).fetchall()}
    finally:
        con.unregister("wanted_ids")


#: Properties whose values name an entity in an ownership chain's text.
NAMING_PROPS = ("name", "address", "registrationNumber", "iban")


def name_index(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Name (or address, registration number, IBAN) -> an entity id carrying it."""
    rows = con.execute("SELECT value, min(entity_id) FROM statements WHERE prop IN "
                       f"({', '.join('?' for _ in NAMING_PROPS)}) GROUP BY value",
                       list(NAMING_PROPS)).fetchall()
    return {str(v): str(e) for v, e in rows if v}


def only_in(store: Store, datasets: list[str]) -> tuple[list[tuple[Any, str]], set[str]]:
    """``(value, entity_id)`` rows of values and the entity ids that ``datasets`` hold and no
    other dataset does (what a retention purge must leave nowhere)."""
    rows = store.con.execute(
        "SELECT value, entity_id FROM statements WHERE dataset IN (SELECT unnest($1)) "
        "AND value NOT IN (SELECT value FROM statements WHERE dataset NOT IN (SELECT unnest($1)))",
        [datasets]).fetchall()
    ids = {r[0] for r in store.con.execute(
        "SELECT DISTINCT entity_id FROM statements WHERE dataset IN (SELECT unnest($1)) AND entity_id "
        "NOT IN (SELECT entity_id FROM statements WHERE dataset NOT IN (SELECT unnest($1)))",
        [datasets]).fetchall()}
    return rows, ids


def entities_of_schemas(store: Store, *, datasets: list[str], schemas: list[str]) -> list[tuple[str, str]]:
    """``(entity_id, schema)`` of the entities of ``schemas`` that ``datasets`` hold."""
    if not datasets or not schemas:
        return []
    sql = (f"SELECT DISTINCT entity_id, schema FROM statements WHERE dataset IN "
           f"({', '.join('?' for _ in datasets)}) AND schema IN ({', '.join('?' for _ in schemas)})")
    return [(str(e), str(s)) for e, s in store.con.execute(sql, [*datasets, *schemas]).fetchall()]
