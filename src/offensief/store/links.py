"""Every link of a case's datasets in one query, ends mapped to canonical ids.

The case graph an export carries (:mod:`offensief.casework.casegraph`) needs every link of
the exported datasets: a relationship entity (a payment, a call, a directorship...) links
each value of its source property to each value of its target property; any other entity
links to every entity it names (an address, a vehicle's owner), once per statement. Read
row by row in Python this took 7–9 s on the demo case; here DuckDB pairs the ends, reads the
date and amount of each relationship and maps both ends to their canonical ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

#: One merged link: source, target (canonical ids), relation (schema or property), the
#: number of relations, first and last date and total amount of its dated relationships.
CaseEdge = tuple[str, str, str, int, str | None, str | None, float | None]
#: One dated relationship between canonical ids: its id, relation, date, source, target,
#: amount and currency.
CaseEvent = tuple[str, str, str, str, str, float | None, str | None]


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def _links_sql(con: duckdb.DuckDBPyConnection, datasets: Sequence[str],
               ends: Sequence[tuple[str, str, str]], skip: Sequence[str],
               known_by: object | None, scope: str | None = None) -> tuple[str, list[Any]]:
    """The query of every link (``src``, ``dst`` canonical — the workspace's ids, or a case
    ``scope``'s, :mod:`offensief.resolve.scoped`; ``relation``, ``rel_id``, ``date``,
    ``amount``, ``currency``) as a table expression ``links``, and its parameters."""
    if not ends:
        raise ValueError("case links need the ends of at least one relationship schema")
    resolved = bool(con.execute("SELECT count(*) FROM information_schema.tables "
                                "WHERE table_name = 'canonical'").fetchall()[0][0])
    table = ("(SELECT DISTINCT entity_id, canonical_id FROM resolve_scoped WHERE scope = ?)"
             if scope is not None else "canonical")
    canonical = (f"LEFT JOIN {table} ca ON ca.entity_id = l.src LEFT JOIN {table} cb ON cb.entity_id = l.dst"
                 if resolved else "")
    pick = ("COALESCE(ca.canonical_id, l.src) AS src, COALESCE(cb.canonical_id, l.dst) AS dst" if resolved
            else "l.src, l.dst")
    seen = " AND first_seen <= ?" if known_by is not None else ""
    # in the order of the marks: ends, rows, facts, props
    params: list[Any] = [*(x for e in ends for x in e), *datasets,
                         *([known_by] if known_by is not None else []), *datasets, *skip,
                         *([scope, scope] if resolved and scope is not None else [])]
    values = ", ".join("(?, ?, ?)" for _ in ends)
    return f"""
        WITH link_ends(schema, sp, tp) AS (VALUES {values}),
        rows AS (
          SELECT entity_id, schema, prop, value FROM statements
          WHERE prop_type = 'entity' AND dataset IN ({_marks(datasets)}){seen}),
        kind AS (
          SELECT entity_id, first(schema ORDER BY prop, value) AS schema FROM rows GROUP BY entity_id),
        rel AS (
          SELECT DISTINCT r.entity_id, k.schema, r.prop, r.value, e.sp, e.tp FROM rows r
          JOIN kind k ON k.entity_id = r.entity_id JOIN link_ends e ON e.schema = k.schema
          WHERE r.prop = e.sp OR r.prop = e.tp),
        pairs AS (
          SELECT a.value AS src, b.value AS dst, a.schema AS relation, a.entity_id AS rel_id
          FROM rel a JOIN rel b ON a.entity_id = b.entity_id AND a.prop = a.sp AND b.prop = b.tp),
        facts AS (
          SELECT entity_id, min(left(value, 10)) FILTER (WHERE prop IN ('date', 'startDate')) AS date,
                 min(try_cast(value AS DOUBLE)) FILTER (WHERE prop = 'amount') AS amount,
                 min(value) FILTER (WHERE prop = 'currency') AS currency
          FROM statements WHERE prop IN ('date', 'startDate', 'amount', 'currency')
            AND dataset IN ({_marks(datasets)})
            AND entity_id IN (SELECT DISTINCT rel_id FROM pairs)
          GROUP BY entity_id),
        props AS (
          SELECT r.entity_id AS src, r.value AS dst, r.prop AS relation, NULL::VARCHAR AS rel_id
          FROM rows r JOIN kind k ON k.entity_id = r.entity_id
          WHERE k.schema NOT IN (SELECT schema FROM link_ends)
            {f"AND r.prop NOT IN ({_marks(skip)})" if skip else ""}),
        l AS (SELECT * FROM pairs UNION ALL SELECT * FROM props),
        links AS (
          SELECT {pick}, l.relation, l.rel_id, nullif(f.date, '') AS date, f.amount, f.currency
          FROM l {canonical} LEFT JOIN facts f ON f.entity_id = l.rel_id)""", params


def case_edges(con: duckdb.DuckDBPyConnection, datasets: Sequence[str], *,
               ends: Sequence[tuple[str, str, str]], skip: Sequence[str],
               known_by: object | None = None, scope: str | None = None) -> list[CaseEdge]:
    """Every link of ``datasets`` merged per (source, target, relation) between different
    canonical ids: relationship schemata with their ``(schema, source prop, target prop)`` in
    ``ends``; property links except the properties in ``skip``; only statements first seen
    by ``known_by`` when given. Ordered by source, target, relation."""
    if not datasets:
        return []
    sql, params = _links_sql(con, datasets, ends, skip, known_by, scope)
    dated = "rel_id IS NOT NULL AND date IS NOT NULL"
    return con.execute(
        sql + f""" SELECT src, dst, relation, count(*), min(date) FILTER (WHERE {dated}),
                   max(date) FILTER (WHERE {dated}), sum(coalesce(amount, 0)) FILTER (WHERE {dated})
                   FROM links WHERE src <> dst GROUP BY src, dst, relation ORDER BY src, dst, relation""",
        params).fetchall()


def case_events(con: duckdb.DuckDBPyConnection, datasets: Sequence[str], *,
                ends: Sequence[tuple[str, str, str]], skip: Sequence[str],
                known_by: object | None = None, scope: str | None = None) -> list[CaseEvent]:
    """Every dated relationship between different canonical ids, by date and id."""
    if not datasets:
        return []
    sql, params = _links_sql(con, datasets, ends, skip, known_by, scope)
    return con.execute(
        sql + """ SELECT rel_id, relation, date, src, dst, amount, currency FROM links
                  WHERE src <> dst AND rel_id IS NOT NULL AND date IS NOT NULL ORDER BY date, rel_id""",
        params).fetchall()
