"""The statement repository: the reads of ``statements`` that access control, case views and
the network need, each scoped to the datasets the caller names.

SQL on ``statements`` lives in ``store`` (DESIGN.md §2); the domain packages ask here in
domain terms (the rows of some entities, the values of some properties, who points at whom)
and decide themselves what a viewer may see of the answer. Every function takes the
:class:`Store` first and returns plain rows; none masks or audits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from offensief.store.duckstore import Store
from offensief.store.schema import STATEMENTS

#: The columns of one statement as a case view reads it (provenance included).
COLUMNS = tuple(c for c in STATEMENTS.names if c not in ("id", "load_id"))
#: An identifier's compared form in SQL: lower-case letters and digits, accents dropped.
KEY_SQL = "regexp_replace(lower(strip_accents(value)), '[^a-z0-9]', '', 'g')"


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def rows(store: Store, datasets: Sequence[str], *, ids: Sequence[str] | None = None,
         schema: str | None = None, props: Sequence[str] | None = None,
         limit: int | None = None) -> list[dict[str, Any]]:
    """Statements of ``datasets`` (of ``ids``, of ``schema``, of ``props`` when given) as
    dicts keyed by :data:`COLUMNS`, ordered by entity, property, value and dataset."""
    if not datasets or (ids is not None and not ids):
        return []
    sql = f"SELECT {', '.join(COLUMNS)} FROM statements WHERE dataset IN ({_marks(datasets)})"
    params: list[Any] = list(datasets)
    if ids is not None:
        sql += " AND entity_id IN (SELECT unnest(?))"  # one parameter however many ids
        params.append(list(ids))
    if schema is not None:
        sql += " AND schema = ?"
        params.append(schema)
    if props:
        sql += f" AND prop IN ({_marks(props)})"
        params += list(props)
    sql += " ORDER BY entity_id, prop, value, dataset"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [dict(zip(COLUMNS, row)) for row in store.con.execute(sql, params).fetchall()]


def entity_ids(store: Store, datasets: Sequence[str]) -> set[str]:
    """The ids of every entity with at least one statement in ``datasets``."""
    if not datasets:
        return set()
    sql = f"SELECT DISTINCT entity_id FROM statements WHERE dataset IN ({_marks(datasets)})"
    return {r[0] for r in store.con.execute(sql, list(datasets)).fetchall()}


def containing(store: Store, datasets: Sequence[str], text: str, *,
               limit: int) -> list[tuple[str, str, str, str]]:
    """``(entity_id, schema, prop, dataset)`` of value statements (not links) of ``datasets``
    that contain ``text`` (case-insensitive), by entity id."""
    if not datasets:
        return []
    sql = (f"SELECT entity_id, schema, prop, dataset FROM statements WHERE dataset IN "
           f"({_marks(datasets)}) AND prop_type <> 'entity' AND value ILIKE ? ORDER BY entity_id LIMIT ?")
    return store.con.execute(sql, [*datasets, f"%{text}%", limit]).fetchall()


def ending_in_key(store: Store, datasets: Sequence[str],
                  key: str) -> list[tuple[str, str, str, str, str, str]]:
    """``(entity_id, schema, prop, prop_type, value, dataset)`` of value statements of
    ``datasets`` whose compared form (:data:`KEY_SQL`) ends in ``key``: the candidates of an
    exact look-up that the caller confirms on the normalised value."""
    if not datasets:
        return []
    sql = ("SELECT entity_id, schema, prop, prop_type, value, dataset FROM statements "
           f"WHERE dataset IN ({_marks(datasets)}) AND prop_type <> 'entity' AND {KEY_SQL} LIKE ?")
    return store.con.execute(sql, [*datasets, f"%{key}"]).fetchall()


def values(store: Store, datasets: Sequence[str], *,
           entity_id: str | None = None) -> list[tuple[str, str, str, str, str]]:
    """``(entity_id, prop, prop_type, value, dataset)`` of every statement of ``datasets``
    (of one entity when given): the candidates of a token's reveal."""
    if not datasets:
        return []
    sql = ("SELECT entity_id, prop, prop_type, value, dataset FROM statements "
           f"WHERE dataset IN ({_marks(datasets)})")
    params: list[Any] = list(datasets)
    if entity_id is not None:
        sql += " AND entity_id = ?"
        params.append(entity_id)
    return store.con.execute(sql, params).fetchall()


def values_of(store: Store, datasets: Sequence[str], props: Sequence[str], *,
              schemata: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
    """``(entity_id, value, dataset)`` of the ``props`` statements of ``datasets`` (of
    entities of ``schemata`` when given)."""
    if not datasets or not props:
        return []
    sql = (f"SELECT entity_id, value, dataset FROM statements WHERE dataset IN ({_marks(datasets)}) "
           f"AND prop IN ({_marks(props)})")
    params: list[Any] = [*datasets, *props]
    if schemata:
        sql += f" AND schema IN ({_marks(schemata)})"
        params += list(schemata)
    return store.con.execute(sql, params).fetchall()


def having(store: Store, datasets: Sequence[str], ids: Iterable[str], *, prop: str,
           value: str) -> set[str]:
    """Those of ``ids`` that have ``prop`` equal to ``value`` in ``datasets``."""
    ids = list(ids)
    if not datasets or not ids:
        return set()
    sql = (f"SELECT entity_id FROM statements WHERE prop = ? AND value = ? "
           f"AND dataset IN ({_marks(datasets)}) AND entity_id IN ({_marks(ids)})")
    return {r[0] for r in store.con.execute(sql, [prop, value, *datasets, *ids]).fetchall()}


def pointing_at(store: Store, ids: Iterable[str]) -> set[str]:
    """Entities (of any dataset) with an entity-typed property pointing at one of ``ids``."""
    ids = list(ids)
    if not ids:
        return set()
    sql = (f"SELECT DISTINCT entity_id FROM statements WHERE prop_type = 'entity' "
           f"AND value IN ({_marks(ids)})")
    return {r[0] for r in store.con.execute(sql, ids).fetchall()}


def datasets_of(store: Store, ids: Iterable[str]) -> dict[str, set[str]]:
    """Entity id -> every dataset (visible or not) holding a statement about it."""
    ids = list(ids)
    if not ids:
        return {}
    sql = (f"SELECT DISTINCT entity_id, dataset FROM statements "
           f"WHERE entity_id IN ({_marks(ids)})")
    out: dict[str, set[str]] = {}
    for entity_id, dataset in store.con.execute(sql, ids).fetchall():
        out.setdefault(entity_id, set()).add(dataset)
    return out


def counts(store: Store) -> dict[str, int]:
    """Dataset -> how many statements it holds (datasets without any are absent)."""
    return {str(d): int(n) for d, n in
            store.con.execute("SELECT dataset, count(*) FROM statements GROUP BY 1").fetchall()}


def network_rows(store: Store, props: Sequence[str], *, datasets: Sequence[str] | None = None
                 ) -> list[tuple[str, str, str, str, str, str]]:
    """``(entity_id, schema, prop, prop_type, value, dataset)`` of every link statement and
    every ``props`` statement (of ``datasets``, default all): what the network reads.

    In a fixed order, so the same data give the same graph (vertex and edge order feed
    community detection, tie-breaks and seeded simulations)."""
    params: list[object] = [list(props)]
    where = "(prop_type = 'entity' OR prop IN (SELECT unnest(?)))"
    if datasets is not None:
        where += " AND dataset IN (SELECT unnest(?))"
        params.append(list(datasets))
    return store.con.execute(
        f"SELECT entity_id, schema, prop, prop_type, value, dataset FROM statements WHERE {where} "
        "ORDER BY entity_id, prop, value, dataset",
        params).fetchall()


def schemata_of(store: Store, *, datasets: Sequence[str] | None = None) -> list[tuple[str, list[str]]]:
    """``(entity_id, [schema, ...])``: the distinct schemata (sorted) each entity is stated
    with (in ``datasets``, default all), by entity id."""
    scope = "WHERE dataset IN (SELECT unnest(?))" if datasets is not None else ""
    params = [list(datasets)] if datasets is not None else []
    return store.con.execute(
        f"SELECT entity_id, list(DISTINCT schema ORDER BY schema) FROM statements {scope} "
        "GROUP BY entity_id ORDER BY entity_id", params).fetchall()
