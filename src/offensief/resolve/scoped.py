"""Entity resolution scoped to a case: the workspace's scored pairs re-clustered within the
records of the case's datasets.

Resolution scores pairs workspace-wide (``resolve_edges``). A case must not let a record of a
dataset it does not hold decide who is who inside it (purpose limitation, need-to-know per
case, docs/resolve.md): two of its records joined only through an outside record are two
entities in the case. :func:`ensure` re-clusters the stored pairs between records that have a
statement in the case's datasets, with the same rules as the run (threshold and one-to-one
sources of the kind's last full run, the judgements the last clustering applied, identity
conflicts: :func:`offensief.resolve.resolution.inputs`), and keeps the outcome per scope in
``resolve_scoped`` — one scope per (resolution runs, dataset set), so a new run or another
set of datasets is another scope, and stale scopes are dropped when a new one is written.

Canonical ids stay stable: a case cluster that holds the (case) members of a workspace
cluster keeps its id; when a workspace cluster falls apart in the case, the part with most of
its members keeps the id (ties: the part with the smallest member), the other parts of two or
more records get a derived id (``c-`` + hash of kind and smallest member, as new clusters do)
and single records their own id. A record the workspace clustered keeps the workspace id in
the case when its cluster's other members are all outside the case.

>>> scoped_ids("person", {"k1": ["a", "b"], "k2": ["c"]}, {"a": "c-1", "b": "c-1", "c": "c-1"})
{'k1': 'c-1'}
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd

from offensief.resolve import canonical
from offensief.resolve.resolution import ensure_tables, inputs, last_run, now, saved_judged

DDL = """
CREATE TABLE IF NOT EXISTS resolve_scopes (
    scope VARCHAR NOT NULL,
    runs VARCHAR NOT NULL,
    datasets VARCHAR[] NOT NULL,
    made_at TIMESTAMP NOT NULL,
    stats VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS resolve_scoped (
    scope VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    canonical_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    schema VARCHAR NOT NULL,
    probability DOUBLE NOT NULL,
    datasets VARCHAR[] NOT NULL
);
"""


def _con(store: Any) -> duckdb.DuckDBPyConnection:
    con = getattr(store, "con", store)
    assert isinstance(con, duckdb.DuckDBPyConnection)
    return con


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                            [table]).fetchall()[0][0])


def runs_key(con: duckdb.DuckDBPyConnection) -> str | None:
    """A digest of every resolution run (full, incremental, re-clustering after a
    judgement); ``None`` when resolution never ran (no scoped clusters then)."""
    if not _exists(con, "resolve_runs"):
        return None
    runs = [r[0] for r in con.execute(
        "SELECT DISTINCT run_id FROM resolve_runs ORDER BY run_id").fetchall()]
    if not con.execute("SELECT count(*) FROM resolve_runs WHERE mode = 'full'").fetchall()[0][0]:
        return None
    return hashlib.sha256(",".join(runs).encode()).hexdigest()[:24]


def scope_key(datasets: Iterable[str], runs: str) -> str:
    """The scope of a dataset set under the resolution runs ``runs``."""
    blob = runs + "#" + "|".join(sorted(set(datasets)))
    return "s-" + hashlib.sha256(blob.encode()).hexdigest()[:24]


def scoped_ids(kind: str, parts: Mapping[str, list[str]], workspace: Mapping[str, str],
               *, taken: Iterable[str] = ()) -> dict[str, str]:
    """Case cluster key -> canonical id (see the module docstring); ``workspace`` maps the
    case's clustered records to their workspace ids. Single records that keep no workspace
    id get no entry (they are their own id)."""
    out = canonical.keep_ids(parts, workspace)
    blocked = set(taken) | set(workspace.values()) | set(out.values())
    for key in sorted(parts, key=lambda k: min(parts[k])):
        if key not in out and len(parts[key]) > 1:
            out[key] = canonical.new_id(kind, parts[key], blocked)
            blocked.add(out[key])
    return out


def cluster_within(con: duckdb.DuckDBPyConnection, datasets: Sequence[str]
                   ) -> tuple[list[tuple[str, str, str, str, float]], dict[str, Any]]:
    """``(entity_id, canonical_id, kind, schema, probability)`` rows of the clusters of the records of
    ``datasets``, for every kind with a full run, and counts per kind."""
    ensure_tables(con)
    rows: list[tuple[str, str, str, str, float]] = []
    stats: dict[str, Any] = {}
    kinds = [r[0] for r in con.execute(
        "SELECT DISTINCT kind FROM resolve_runs WHERE mode = 'full' ORDER BY 1").fetchall()]
    for kind in kinds:
        options, _ = last_run(con, kind)
        given = inputs(con, kind, threshold=options.threshold, judged=saved_judged(con, kind),
                       within=list(datasets))
        found = given.cluster(options)
        everywhere = canonical.previous_ids(con, kind)
        workspace = {m: c for m, c in everywhere.items() if m in given.datasets}
        parts = {k: m for k, m in found.members.items() if len(m) > 1}
        inside = {m for ms in parts.values() for m in ms}
        parts |= {m: [m] for m in workspace if m not in inside}
        ids = scoped_ids(kind, parts, workspace, taken=everywhere.values())
        for key, members in parts.items():
            if key in ids:
                p = found.probability.get(key, 1.0) if len(members) > 1 else 1.0
                rows.extend((m, ids[key], kind, given.schema_of.get(m, ''), float(p)) for m in members)
        olds = set(workspace.values())
        stats[kind] = {"records": len(given.datasets), "pairs": len(given.edges),
                       "clusters": sum(1 for m in parts.values() if len(m) > 1),
                       "workspace_ids_lost": len(olds - set(ids.values()))}
    return rows, stats


def _store(con: duckdb.DuckDBPyConnection, scope: str, runs: str, names: list[str],
           rows: list[tuple[str, str, str, str, float]], stats: dict[str, Any],
           started: Any) -> None:
    """Write a scope; a new run makes every older scope stale, a dataset set keeps one.

    Statement by statement (inside the caller's transaction, if any): the scope's row in
    ``resolve_scopes`` comes last and marks it complete; an interrupted write is redone (its
    rows first deleted), and two requests writing one scope at once leave duplicate rows that
    every reader drops (``DISTINCT``)."""
    con.execute("DELETE FROM resolve_scoped WHERE scope IN (SELECT scope FROM resolve_scopes "
                "WHERE runs <> ? OR (list_sort(datasets) = ? AND scope <> ?))", [runs, names, scope])
    con.execute("DELETE FROM resolve_scopes WHERE runs <> ? OR (list_sort(datasets) = ? "
                "AND scope <> ?)", [runs, names, scope])
    if con.execute("SELECT count(*) FROM resolve_scopes WHERE scope = ?", [scope]).fetchall()[0][0]:
        return  # written meanwhile by another request of the same case
    con.execute("DELETE FROM resolve_scoped WHERE scope = ?", [scope])
    if rows:
        frame = pd.DataFrame(rows, columns=["entity_id", "canonical_id", "kind", "schema",
                                            "probability"])
        con.register("scoped_rows", frame)
        con.execute("INSERT INTO resolve_scoped SELECT ?, entity_id, canonical_id, kind, "
                    "schema, probability, ? FROM scoped_rows", [scope, names])
        con.unregister("scoped_rows")
    con.execute("INSERT INTO resolve_scopes VALUES (?, ?, ?, ?, ?)",
                [scope, runs, names, started, json.dumps(stats)])


def ensure(store: Any, datasets: Iterable[str]) -> str | None:
    """The scope of ``datasets`` under the current resolution runs, clustered and stored
    when missing; ``None`` when resolution never ran (read the ``canonical`` table then)."""
    con = _con(store)
    names = sorted(set(datasets))
    runs = runs_key(con)
    if runs is None:
        return None
    scope = scope_key(names, runs)
    if not _exists(con, "resolve_scoped"):
        con.execute(DDL)
    if con.execute("SELECT count(*) FROM resolve_scopes WHERE scope = ?", [scope]).fetchall()[0][0]:
        return scope
    started = now()
    rows, stats = cluster_within(con, names)
    stats["seconds"] = round((now() - started).total_seconds(), 3)
    _store(con, scope, runs, names, rows, stats, started)
    return scope


def mapping(store: Any, datasets: Iterable[str]) -> canonical.CanonicalMapping:
    """Source id -> canonical id of the records of ``datasets`` as the case re-clusters them
    (the workspace's mapping when resolution never ran)."""
    con = _con(store)
    scope = ensure(con, datasets)
    if scope is None:
        return canonical.load_mapping(con)
    return canonical.CanonicalMapping(con.execute(
        "SELECT DISTINCT entity_id, canonical_id FROM resolve_scoped WHERE scope = ?",
        [scope]).fetchall())


def stats(store: Any, scope: str) -> dict[str, Any]:
    """What clustering a scope took: per kind records, pairs, clusters; ``seconds``."""
    rows = _con(store).execute("SELECT stats FROM resolve_scopes WHERE scope = ?", [scope]).fetchall()
    return json.loads(rows[0][0]) if rows else {}
