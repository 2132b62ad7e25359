"""Look-ups on the statements for search: name candidates, identifiers, addresses.

Every function takes the datasets it may read (the caller decides which, from the viewer's
case view) and returns raw rows; masking is the caller's job. Identifiers are compared in a
normal form that ignores case, spaces and punctuation, so ``NL16 ABNA 4266 6772 89`` finds
``NL16ABNA4266677289`` and ``06-2727 2309`` finds ``+31627272309``.

>>> identifier_key("06-2727 2309"), identifier_key("nl16 abna 4266 6772 89")
('627272309', 'nl16abna4266677289')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import duckdb

from offensief.store.schema import TRANSACTIONS

#: One statement found by a look-up: entity id, schema, property, value, dataset.
Row = tuple[str, str, str, str, str]

#: Properties that identify: IBAN, phone numbers, KvK and plate registration numbers, cadastral codes.
IDENTIFIER_TYPES = ("identifier", "phone", "iban")

_KEY_SQL = "regexp_replace(lower(strip_accents(value)), '[^a-z0-9]', '', 'g')"
#: Phone numbers compare on the last nine digits (the Dutch national significant number), so
#: +31 6..., 0031 6... and 06... meet.
_PHONE_SQL = f"CASE WHEN prop_type = 'phone' THEN right({_KEY_SQL}, 9) ELSE {_KEY_SQL} END"


def identifier_key(text: str) -> str:
    """The compared form of an identifier: lower-case letters and digits; a phone number
    (digits only, at least eight) by its last nine digits."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    key = "".join(ch for ch in folded if ch.isascii() and ch.isalnum())
    if re.fullmatch(r"\+?[\d\s\-().]{8,}", text.strip()) and key.isdigit() and len(key) >= 9:
        return key[-9:]
    return key


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def name_rows(con: duckdb.DuckDBPyConnection, datasets: Sequence[str]) -> list[Row]:
    """Every ``name`` statement of ``datasets`` (the candidates of a fuzzy name search)."""
    if not datasets:
        return []
    return con.execute(
        "SELECT entity_id, schema, prop, value, dataset FROM statements "
        f"WHERE prop = 'name' AND dataset IN ({_marks(datasets)})", list(datasets)).fetchall()


def identifier_rows(con: duckdb.DuckDBPyConnection, datasets: Sequence[str], key: str, *,
                    limit: int = 200) -> list[Row]:
    """Statements of an identifying type whose compared form equals ``key``
    (see :func:`identifier_key`)."""
    if not datasets or not key:
        return []
    return con.execute(
        "SELECT entity_id, schema, prop, value, dataset FROM statements "
        f"WHERE dataset IN ({_marks(datasets)}) AND prop_type IN ({_marks(IDENTIFIER_TYPES)}) "
        f"AND {_PHONE_SQL} = ? ORDER BY entity_id, dataset LIMIT ?",
        [*datasets, *IDENTIFIER_TYPES, key, limit]).fetchall()


def address_rows(con: duckdb.DuckDBPyConnection, datasets: Sequence[str], words: Sequence[str], *,
                 limit: int = 500) -> list[Row]:
    """Address statements that contain every one of ``words`` (lower-case, letters and
    digits) somewhere; the caller checks whole words."""
    if not datasets or not words:
        return []
    where = " AND ".join(f"{_KEY_SQL} LIKE ?" for _ in words)
    return con.execute(
        "SELECT entity_id, schema, prop, value, dataset FROM statements "
        f"WHERE dataset IN ({_marks(datasets)}) AND prop_type = 'address' AND {where} "
        "ORDER BY entity_id, dataset LIMIT ?",
        [*datasets, *(f"%{w}%" for w in words), limit]).fetchall()


def exact_rows(con: duckdb.DuckDBPyConnection, datasets: Sequence[str], key: str, *,
               limit: int = 200) -> list[Row]:
    """Statements (not links) whose compared form equals ``key`` exactly: how a viewer finds
    an entity in a dataset they see only pseudonymised, without ever seeing near misses."""
    if not datasets or not key:
        return []
    return con.execute(
        "SELECT entity_id, schema, prop, value, dataset FROM statements "
        f"WHERE dataset IN ({_marks(datasets)}) AND prop_type NOT IN ('entity', 'date', 'number') "
        f"AND {_PHONE_SQL} = ? ORDER BY entity_id, dataset LIMIT ?",
        [*datasets, key, limit]).fetchall()


def _resolved(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'canonical'").fetchone()
    return bool(found and found[0])


def _clusters(scope: str | None) -> tuple[str, list[object]]:
    """The table expression of the clusters: the workspace's (``canonical``) or one case
    scope's (``resolve_scoped``, see :mod:`offensief.resolve.scoped`)."""
    if scope is None:
        return "(SELECT entity_id, canonical_id FROM canonical)", []
    return "(SELECT DISTINCT entity_id, canonical_id FROM resolve_scoped WHERE scope = ?)", [scope]


def members_of(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None, *,
               scope: str | None = None) -> dict[str, list[str]]:
    """Canonical id -> its source ids, for the canonical ones among ``ids`` (``None``: all);
    the workspace's clusters, or those of a case ``scope``."""
    if (ids is not None and not ids) or not _resolved(con):
        return {}
    table, params = _clusters(scope)
    sql = f"SELECT entity_id, canonical_id FROM {table} c"
    if ids is not None:
        sql += " WHERE canonical_id IN (SELECT unnest(?))"
        params = [*params, list(ids)]
    out: dict[str, list[str]] = {}
    for eid, cid in con.execute(sql + " ORDER BY entity_id", params).fetchall():
        out.setdefault(cid, []).append(eid)
    return out


def canonical_of(con: duckdb.DuckDBPyConnection, ids: Sequence[str], *,
                 scope: str | None = None) -> dict[str, str]:
    """Source id -> canonical id for the clustered ones among ``ids`` (workspace or case
    ``scope``)."""
    if not ids or not _resolved(con):
        return {}
    table, params = _clusters(scope)
    return dict(con.execute(
        f"SELECT entity_id, canonical_id FROM {table} c WHERE entity_id IN (SELECT unnest(?))",
        [*params, list(ids)]).fetchall())


#: A link statement: entity id, schema, property, the entity it points at, dataset,
#: first_seen (when the platform first knew it).
LinkRow = tuple[str, str, str, str, str, object]


def link_rows(con: duckdb.DuckDBPyConnection, datasets: Sequence[str], ids: Sequence[str], *,
              known_by: object | None = None) -> list[LinkRow]:
    """Every entity-typed statement of ``datasets`` that touches ``ids``: those of the ids
    themselves, and all those of any entity pointing at one of them (so a relationship
    entity brings its other end). ``known_by`` keeps only statements first seen by then."""
    if not datasets or not ids:
        return []
    seen = " AND first_seen <= ?" if known_by is not None else ""
    extra = [known_by] if known_by is not None else []
    marks = _marks(datasets)
    return con.execute(
        f"""WITH pointers AS (
              SELECT DISTINCT entity_id FROM statements
              WHERE prop_type = 'entity' AND dataset IN ({marks}) AND value IN (SELECT unnest(?)){seen}
              UNION SELECT unnest(?))
            SELECT s.entity_id, s.schema, s.prop, s.value, s.dataset, s.first_seen FROM statements s
            JOIN pointers p ON p.entity_id = s.entity_id
            WHERE s.prop_type = 'entity' AND s.dataset IN ({marks}){seen.replace('first_seen', 's.first_seen')}
            ORDER BY s.entity_id, s.prop, s.value""",
        [*datasets, list(ids), *extra, list(ids), *datasets, *extra]).fetchall()


def schemata_of(con: duckdb.DuckDBPyConnection, datasets: Sequence[str],
                ids: Sequence[str]) -> dict[str, set[str]]:
    """Entity id -> its schemata in ``datasets`` (no values)."""
    if not datasets or not ids:
        return {}
    out: dict[str, set[str]] = {}
    for eid, schema in con.execute(
            f"SELECT DISTINCT entity_id, schema FROM statements WHERE dataset IN ({_marks(datasets)}) "
            "AND entity_id IN (SELECT unnest(?))", [*datasets, list(ids)]).fetchall():
        out.setdefault(eid, set()).add(schema)
    return out


def datasets_of(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, set[str]]:
    """Entity id -> the datasets holding statements about it (no values)."""
    out: dict[str, set[str]] = {}
    if ids:
        for eid, dataset in con.execute("SELECT DISTINCT entity_id, dataset FROM statements "
                                        "WHERE entity_id IN (SELECT unnest(?))", [list(ids)]).fetchall():
            out.setdefault(eid, set()).add(dataset)
    return out


def relation_facts(con: duckdb.DuckDBPyConnection, datasets: Sequence[str],
                   relation_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Date and amount of relationship entities: id -> {``date``, ``amount``, ``currency``}
    (the earliest date of ``date``/``startDate``; the least amount)."""
    if not datasets or not relation_ids:
        return {}
    rows = con.execute(
        "SELECT entity_id, min(left(value, 10)) FILTER (WHERE prop IN ('date', 'startDate')), "
        "min(try_cast(value AS DOUBLE)) FILTER (WHERE prop = 'amount'), "
        "min(value) FILTER (WHERE prop = 'currency') FROM statements "
        f"WHERE dataset IN ({_marks(datasets)}) AND entity_id IN (SELECT unnest(?)) "
        "AND prop IN ('date', 'startDate', 'amount', 'currency') GROUP BY entity_id",
        [*datasets, list(relation_ids)]).fetchall()
    return {r[0]: {"date": r[1], "amount": r[2], "currency": r[3]} for r in rows}


def all_link_rows(con: duckdb.DuckDBPyConnection, datasets: Sequence[str], *,
                  known_by: object | None = None) -> list[LinkRow]:
    """Every entity-typed statement of ``datasets`` (the whole case's links)."""
    if not datasets:
        return []
    seen = " AND first_seen <= ?" if known_by is not None else ""
    return con.execute(
        "SELECT entity_id, schema, prop, value, dataset, first_seen FROM statements "
        f"WHERE prop_type = 'entity' AND dataset IN ({_marks(datasets)}){seen} "
        "ORDER BY entity_id, prop, value",
        [*datasets, *([known_by] if known_by is not None else [])]).fetchall()


def payment_rows(con: duckdb.DuckDBPyConnection, datasets: Sequence[str],
                 ids: Sequence[str], *, limit: int = 500) -> list[dict[str, Any]]:
    """Typed payments of ``datasets`` paid or received by ``ids``, newest first."""
    if not datasets or not ids:
        return []
    cur = con.execute(
        f"SELECT {', '.join(TRANSACTIONS.names)} FROM transactions "
        f"WHERE dataset IN ({_marks(datasets)}) AND (payer_id IN (SELECT unnest(?)) "
        "OR beneficiary_id IN (SELECT unnest(?))) ORDER BY ts DESC NULLS LAST, id LIMIT ?",
        [*datasets, list(ids), list(ids), limit])
    columns = [c[0] for c in cur.description]
    return [dict(zip(columns, row)) for row in cur.fetchall()]


def dataset_dates(con: duckdb.DuckDBPyConnection, datasets: Sequence[str]) -> dict[str, Any]:
    """Dataset -> the date the partner collected it (the source's own date of the data)."""
    if not datasets:
        return {}
    return dict(con.execute(
        f"SELECT name, collected_at FROM datasets WHERE name IN ({_marks(datasets)})",
        list(datasets)).fetchall())
