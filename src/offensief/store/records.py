"""Reads of the statement store for entity resolution (SQL on ``statements`` stays in store).

Resolution compares one row per source entity: its dataset and the first value of each
property it needs (:func:`entity_rows`); clustering needs every entity of a kind with its
dataset and most specific schema (:func:`members`); ``show`` and ``explain`` need captions,
schemata and existence of single entities.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd

#: Properties of a linked ``Address`` entity that fill in a missing address.
_ADDRESS = (("full", "a_full"), ("street", "a_street"), ("postalCode", "a_postcode"),
            ("city", "a_city"))


def entity_rows(con: duckdb.DuckDBPyConnection, schemata: Sequence[str], props: Sequence[str], *,
                entity_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per entity of ``schemata``: ``unique_id``, ``dataset`` (the first), the first
    value of each of ``props``, and the linked address (``a_full``, ``a_street``,
    ``a_postcode``, ``a_city``) of its ``addressEntity``; ordered by id.
    """
    cols = ",\n".join(
        f"min(value) FILTER (WHERE prop = '{p}') AS \"{p}\"" for p in (*props, "addressEntity")
    )
    linked = ",\n".join(f"min(value) FILTER (WHERE prop = '{p}') AS {a}" for p, a in _ADDRESS)
    where = ""
    if entity_ids is not None:
        con.register("resolve_ids", pd.DataFrame({"id": list(entity_ids)}, dtype="object"))
        where = "AND entity_id IN (SELECT id FROM resolve_ids)"
    sql = f"""
        WITH ent AS (
            SELECT entity_id AS unique_id, min(dataset) AS dataset, {cols}
            FROM statements
            WHERE schema IN (SELECT unnest(?)) {where}
            GROUP BY entity_id
        ), adr AS (
            SELECT entity_id AS aid, {linked}
            FROM statements
            WHERE schema = 'Address' AND entity_id IN (SELECT "addressEntity" FROM ent)
            GROUP BY entity_id
        )
        SELECT ent.*, {", ".join(f"adr.{a}" for _, a in _ADDRESS)}
        FROM ent LEFT JOIN adr ON adr.aid = ent."addressEntity"
        ORDER BY unique_id
    """
    try:
        return con.execute(sql, [list(schemata)]).df()
    finally:
        if entity_ids is not None:
            con.unregister("resolve_ids")


def members(con: duckdb.DuckDBPyConnection, schemata: Sequence[str], *,
            datasets: Sequence[str] | None = None) -> pd.DataFrame:
    """Every entity of ``schemata``: ``entity_id``, ``dataset`` (the first) and ``schema``
    (the most specific of its schemata). With ``datasets``: only the entities that have a
    statement in one of them (their ``dataset`` and ``schema`` are still read from all)."""
    having = "" if datasets is None else "HAVING bool_or(s.dataset IN (SELECT unnest(?)))"
    return con.execute(
        f"""
        SELECT s.entity_id, min(s.dataset) AS dataset, arg_max(s.schema, d.depth) AS schema
        FROM statements s JOIN schema_depth d ON d.schema = s.schema
        WHERE s.schema IN (SELECT unnest(?))
        GROUP BY s.entity_id {having}
        """,
        [list(schemata), *([list(datasets)] if datasets is not None else [])],
    ).df()


def captions(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """``(entity_id, dataset, schema, caption)`` of each of ``ids`` that exists, by id; the
    caption is the name, else the IBAN, registration number or full address."""
    return con.execute(
        """
        SELECT entity_id, min(dataset), min(schema),
               coalesce(min(value) FILTER (WHERE prop = 'name'),
                        min(value) FILTER (WHERE prop IN ('iban', 'registrationNumber', 'full')))
        FROM statements WHERE entity_id IN (SELECT unnest(?)) GROUP BY entity_id ORDER BY 1
        """,
        [list(ids)],
    ).fetchall()


def schemata_of(con: duckdb.DuckDBPyConnection, entity_id: str) -> set[str]:
    """The schemata an entity is stated under (empty when unknown)."""
    rows = con.execute("SELECT DISTINCT schema FROM statements WHERE entity_id = ?",
                       [entity_id]).fetchall()
    return {r[0] for r in rows}


def exists(con: duckdb.DuckDBPyConnection, entity_id: str) -> bool:
    """Whether any statement names ``entity_id``."""
    return con.execute("SELECT 1 FROM statements WHERE entity_id = ? LIMIT 1",
                       [entity_id]).fetchone() is not None


def fill_datasets(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Set the ``datasets`` column of ``table``'s rows that lack it to the datasets of their
    entity's statements (sorted): where a derived row's values can have come from, so that
    purging any of them removes the row (:mod:`offensief.store.purge`)."""
    con.execute(
        f'UPDATE "{table}" AS t SET datasets = d.datasets FROM ('
        "SELECT entity_id, list(DISTINCT dataset ORDER BY dataset) AS datasets FROM statements "
        f'WHERE entity_id IN (SELECT entity_id FROM "{table}" WHERE datasets IS NULL) GROUP BY entity_id) AS d '
        "WHERE t.entity_id = d.entity_id AND t.datasets IS NULL")
