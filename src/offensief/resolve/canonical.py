"""Stable canonical ids and the resolution tables in the analytical store.

Tables (DuckDB): ``resolve_runs`` (one row per run and kind: settings, trained parameters,
threshold, counts), ``resolve_edges`` (scored pairs, kept so judgements and new loads can
re-cluster without re-scoring) and ``canonical`` (source id -> canonical id, for every
record in a cluster of two or more).

A cluster that keeps at least half of the members of a previous cluster keeps that
cluster's id (each old id goes to at most one new cluster, the one with most overlap).
New clusters get ``c-`` + a hash of their kind and smallest member.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import duckdb
import pandas as pd

from offensief.model.errors import NotFound
from offensief.store import records as store_records

DDL = """
CREATE TABLE IF NOT EXISTS resolve_runs (
    run_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    mode VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    threshold DOUBLE NOT NULL,
    unique_datasets VARCHAR NOT NULL,
    model VARCHAR NOT NULL,
    stats VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS resolve_edges (
    left_id VARCHAR NOT NULL,
    right_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    match_probability DOUBLE NOT NULL,
    match_weight DOUBLE,
    run_id VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS canonical (
    entity_id VARCHAR NOT NULL,
    canonical_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    schema VARCHAR NOT NULL,
    probability DOUBLE NOT NULL,
    run_id VARCHAR NOT NULL
);
"""


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the resolution tables when missing."""
    con.execute(DDL)


def has_results(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the ``canonical`` table exists (works on read-only stores)."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'canonical'"
    ).fetchone()
    return bool(row and row[0])


class CanonicalMapping(dict[str, str]):
    """Source id -> canonical id; ids in no cluster map to themselves (``m[x] == x``)."""

    def __missing__(self, key: str) -> str:
        return key


def load_mapping(store: object) -> CanonicalMapping:
    """Source id -> canonical id for every clustered entity.

    Looking up an entity in no cluster gives the entity itself (``mapping[x] == x``), so
    ``mapping[x]`` is always safe; ``len`` and iteration cover the clustered entities only.
    ``store`` is an :class:`offensief.store.duckstore.Store` or a DuckDB connection.
    """
    con = getattr(store, "con", store)
    assert isinstance(con, duckdb.DuckDBPyConnection)
    if not has_results(con):
        return CanonicalMapping()
    return CanonicalMapping(con.execute("SELECT entity_id, canonical_id FROM canonical").fetchall())


def _table(scope: str | None) -> tuple[str, list[object]]:
    """The clusters' table: the workspace's, or a case scope's (:mod:`offensief.resolve.scoped`)."""
    if scope is None:
        return "canonical", []
    sql = ("(SELECT DISTINCT entity_id, canonical_id, kind, probability FROM resolve_scoped "
           "WHERE scope = ?)")
    return sql, [scope]


def sources(store: object, ident: str, *, scope: str | None = None) -> list[str]:
    """The source ids behind a canonical id (or ``[ident]`` for an id in no cluster), in the
    workspace or in a case ``scope``."""
    con = getattr(store, "con", store)
    assert isinstance(con, duckdb.DuckDBPyConnection)
    if not has_results(con):
        return [ident]
    table, params = _table(scope)
    rows = con.execute(
        f"SELECT entity_id FROM {table} c WHERE canonical_id = ? ORDER BY entity_id", [*params, ident]
    ).fetchall()
    return [r[0] for r in rows] or [ident]


def describe(store: object, ident: str, *, scope: str | None = None) -> dict[str, Any]:
    """A cluster with its members' dataset, schema and name: ``{id, kind, probability, members}``.

    ``ident`` may be a canonical id or any member's source id (workspace, or case ``scope``).
    """
    con = getattr(store, "con", store)
    assert isinstance(con, duckdb.DuckDBPyConnection)
    table, params = _table(scope)
    row = con.execute(
        f"SELECT canonical_id, kind, probability FROM {table} c "
        "WHERE canonical_id = ? OR entity_id = ? LIMIT 1", [*params, ident, ident]
    ).fetchone() if has_results(con) else None
    cid, kind, probability = row if row else (ident, None, None)
    members = sources(con, cid, scope=scope)
    rows = store_records.captions(con, members)
    if not rows:
        raise NotFound(f"no entity or cluster {ident!r}")
    return {"id": cid, "kind": kind, "probability": probability,
            "members": [{"id": r[0], "dataset": r[1], "schema": r[2], "caption": r[3]}
                        for r in rows]}


def previous_ids(con: duckdb.DuckDBPyConnection, kind: str) -> dict[str, str]:
    """The current canonical ids of ``kind``: source id -> canonical id."""
    ensure_tables(con)
    return dict(con.execute(
        "SELECT entity_id, canonical_id FROM canonical WHERE kind = ?", [kind]
    ).fetchall())


def new_id(kind: str, members: list[str], taken: set[str]) -> str:
    """A fresh canonical id derived from the kind and the smallest member."""
    base = "c-" + hashlib.sha1(f"{kind}:{min(members)}".encode()).hexdigest()[:16]
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def keep_ids(clusters: Mapping[str, list[str]], previous: Mapping[str, str], *,
             keeps: Callable[[str, int], bool] = lambda old, n: True) -> dict[str, str]:
    """Cluster key -> the previous id it keeps: each previous id goes to at most one cluster,
    the one holding most of its members (ties: the cluster with the smallest member), among
    those ``keeps(old_id, members_held)`` allows; clusters keeping none are left out.

    >>> keep_ids({"k1": ["a"], "k2": ["b", "c"]}, {"a": "c-1", "b": "c-1", "c": "c-1"})
    {'k2': 'c-1'}
    """
    candidates: list[tuple[int, str, str]] = []
    for key, members in clusters.items():
        for old, n in Counter(previous[m] for m in members if m in previous).items():
            if keeps(old, n):
                candidates.append((n, key, old))
    candidates.sort(key=lambda c: (-c[0], min(clusters[c[1]]), c[2]))
    out: dict[str, str] = {}
    used: set[str] = set()
    for _, key, old in candidates:
        if key in out or old in used:
            continue
        out[key] = old
        used.add(old)
    return out


def assign(kind: str, clusters: Mapping[str, list[str]],
           previous: Mapping[str, str]) -> dict[str, str]:
    """Cluster key -> canonical id, reusing previous ids where a cluster keeps most members.

    >>> assign("person", {"k": ["a", "b", "c"]}, {"a": "c-1", "b": "c-1"})
    {'k': 'c-1'}
    """
    old_sizes = Counter(previous.values())
    out = keep_ids(clusters, previous, keeps=lambda old, n: 2 * n >= old_sizes[old])
    taken = set(old_sizes) | set(out.values())
    for key in sorted(clusters, key=lambda k: min(clusters[k])):
        if key not in out:
            out[key] = new_id(kind, clusters[key], taken)
            taken.add(out[key])
    return out


def replace(con: duckdb.DuckDBPyConnection, kind: str, rows: pd.DataFrame) -> None:
    """Replace the canonical rows of ``kind`` (columns as the ``canonical`` table)."""
    ensure_tables(con)
    con.execute("DELETE FROM canonical WHERE kind = ?", [kind])
    if not rows.empty:
        con.register("canonical_rows", rows)
        con.execute(
            "INSERT INTO canonical SELECT entity_id, canonical_id, kind, schema, probability, "
            "run_id FROM canonical_rows"
        )
        con.unregister("canonical_rows")


def clusters(con: duckdb.DuckDBPyConnection, *, kind: str | None = None,
             scope: str | None = None) -> list[dict[str, object]]:
    """Resolved clusters as ``[{id, members, schema, probability, kind}]``, largest first:
    the workspace's, or a case ``scope``'s (of two or more records; :mod:`offensief.resolve.scoped`)."""
    if not has_results(con):
        return []
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    table: str = "canonical"
    if scope is not None:
        table = ("(SELECT DISTINCT entity_id, canonical_id, kind, schema, probability "
                 "FROM resolve_scoped WHERE scope = ? AND canonical_id IN ("
                 "SELECT canonical_id FROM resolve_scoped WHERE scope = ? "
                 "GROUP BY canonical_id HAVING count(DISTINCT entity_id) > 1))")
        params = [scope, scope, *params]
    rows = con.execute(
        f"""
        SELECT canonical_id, list(entity_id ORDER BY entity_id), mode(schema), min(probability),
               min(kind)
        FROM {table} c {where}
        GROUP BY canonical_id ORDER BY count(*) DESC, canonical_id
        """,
        params,
    ).fetchall()
    return [{"id": r[0], "members": r[1], "schema": r[2], "probability": r[3], "kind": r[4]}
            for r in rows]
