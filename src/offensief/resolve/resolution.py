"""The resolution run: records -> trained model -> scored pairs -> clusters -> canonical ids.

>>> summaries = resolve(store, options=Options(unique_datasets=("kvk",)))   # doctest: +SKIP
>>> load_mapping(store)["kvk-123"]                                          # doctest: +SKIP
'c-5f0c…'

Re-clustering (after a judgement, or after new records were scored) reuses the stored
pairs and the options of the kind's last full run, so it takes seconds, not a re-training.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd

from offensief.model.errors import NotFound
from offensief.resolve import canonical, clusters
from offensief.resolve.identity import Identity, identity
from offensief.resolve.model import Model, predict, tf_columns, train
from offensief.resolve.records import KINDS, records
from offensief.resolve.settings import spec_for
from offensief.store import records as store_records
from offensief.store.duckstore import Store

Progress = Callable[[str], None]

EXTRA_DDL = """
CREATE TABLE IF NOT EXISTS resolve_records (
    entity_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS resolve_identities (
    entity_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    first_name VARCHAR,
    first_alias VARCHAR,
    first_skeleton VARCHAR,
    birth_date VARCHAR,
    initials VARCHAR,
    generation VARCHAR,
    id_number VARCHAR,
    datasets VARCHAR[],
    phone VARCHAR,
    email VARCHAR
);
CREATE TABLE IF NOT EXISTS resolve_judged (
    left_id VARCHAR NOT NULL,
    right_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    verdict VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS resolve_tf (
    kind VARCHAR NOT NULL,
    column_name VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    tf DOUBLE NOT NULL
);
"""


@dataclass(frozen=True)
class Options:
    """What a run does. Saved with the run, so it can be repeated exactly."""

    threshold: float = 0.9
    candidate_threshold: float = 0.5
    unique_datasets: tuple[str, ...] = ()
    kinds: tuple[str, ...] = tuple(KINDS)
    seed: int = 42
    max_pairs: float = 2e6
    threads: int = 1


@dataclass(frozen=True)
class Judged:
    """Active analyst judgements as id pairs ("unsure" leaves the model in charge)."""

    same: list[tuple[str, str]] = field(default_factory=list)
    not_same: list[tuple[str, str]] = field(default_factory=list)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    canonical.ensure_tables(con)
    con.execute(EXTRA_DDL)
    have = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_name = 'resolve_identities'").fetchall()}
    for column in ("initials", "generation", "id_number", "phone", "email"):  # workspaces resolved before
        if column not in have:
            con.execute(f"ALTER TABLE resolve_identities ADD COLUMN {column} VARCHAR")
    if "datasets" not in have:  # the rows of older workspaces learn where their values came from
        con.execute("ALTER TABLE resolve_identities ADD COLUMN datasets VARCHAR[]")
        store_records.fill_datasets(con, "resolve_identities")


class Laps:
    """Seconds spent per step: wall clock, and CPU time of this process (all its threads),
    which says more than the wall clock on a machine shared with other work."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self._last = time.perf_counter()
        self._last_cpu = time.process_time()

    def __call__(self, step: str) -> None:
        tick, cpu = time.perf_counter(), time.process_time()
        self.seconds[step] = round(tick - self._last, 3)
        self.cpu_seconds[step] = round(cpu - self._last_cpu, 3)
        self._last, self._last_cpu = tick, cpu


def resolve(store: Any, *, options: Options | None = None, judged: Judged | None = None,
            progress: Progress | None = None, spark: Any = None) -> list[dict[str, Any]]:
    """Train, score and cluster every kind in ``options.kinds``; one run row per kind.
    With ``spark`` (a session) Splink trains and scores on its Spark backend."""
    options = options or Options()
    judged = judged or Judged()
    con = store.con
    ensure_tables(con)
    out = []
    for kind in options.kinds:
        started = now()
        lap = Laps()
        run_id = uuid.uuid4().hex
        recs = records(con, kind)
        lap("records")
        if progress:
            progress(f"{kind}: {len(recs):,} records, training")
        model = train(spec_for(kind), recs, seed=options.seed, max_pairs=options.max_pairs,
                      threads=options.threads, spark=spark)
        lap("train")
        if progress:
            progress(f"{kind}: scoring pairs")
        edges = predict(model, recs, threshold=options.candidate_threshold, threads=options.threads,
                        spark=spark)
        lap("score")
        with store.transaction():
            con.execute("DELETE FROM resolve_edges WHERE kind = ?", [kind])
            add_edges(con, kind, edges, run_id)
            con.execute("DELETE FROM resolve_records WHERE kind = ?", [kind])
            add_records(con, kind, recs["unique_id"], run_id)
            save_identities(con, kind, recs, replace=True)
            save_term_frequencies(con, kind, recs, tf_columns(model.settings))
            stats = recluster(con, kind, run_id=run_id, options=options, judged=judged)
            lap("cluster")
            stats |= {"records": len(recs), "pairs": len(edges), "seconds": lap.seconds,
                      "cpu_seconds": lap.cpu_seconds}
            add_run(con, run_id, kind, "full", started, options, model, stats)
        out.append({"run_id": run_id, "kind": kind, **stats})
    return out


def save_term_frequencies(con: duckdb.DuckDBPyConnection, kind: str, recs: pd.DataFrame,
                          columns: list[str]) -> None:
    """Store how common each value is (for explaining single pairs without all records)."""
    con.execute("DELETE FROM resolve_tf WHERE kind = ?", [kind])
    for column in columns:
        counts = recs[column].dropna().value_counts(normalize=True)
        frame = pd.DataFrame({"kind": kind, "column_name": column,
                              "value": counts.index.astype(str), "tf": counts.to_numpy()})
        con.register("tf_rows", frame)
        con.execute("INSERT INTO resolve_tf SELECT kind, column_name, value, tf FROM tf_rows")
        con.unregister("tf_rows")


def term_frequency(con: duckdb.DuckDBPyConnection, kind: str, column: str,
                   value: Any) -> float | None:
    """The stored term frequency of ``value`` in ``column`` (None when unknown)."""
    if value is None:
        return None
    row = con.execute(
        "SELECT tf FROM resolve_tf WHERE kind = ? AND column_name = ? AND value = ?",
        [kind, column, str(value)],
    ).fetchone()
    return float(row[0]) if row else None


def add_edges(con: duckdb.DuckDBPyConnection, kind: str, edges: pd.DataFrame, run_id: str) -> None:
    if edges.empty:
        return
    frame = edges.assign(kind=kind, run_id=run_id)
    frame["match_weight"] = pd.to_numeric(frame["match_weight"], errors="coerce")
    con.register("new_edges", frame)
    con.execute(
        "INSERT INTO resolve_edges SELECT n.left_id, n.right_id, n.kind, n.match_probability, "
        "n.match_weight, n.run_id FROM new_edges n ANTI JOIN resolve_edges e "
        "ON e.kind = n.kind AND e.left_id = n.left_id AND e.right_id = n.right_id"
    )
    con.unregister("new_edges")


def add_records(con: duckdb.DuckDBPyConnection, kind: str, ids: Iterable[str], run_id: str) -> None:
    frame = pd.DataFrame({"entity_id": list(ids)}).assign(kind=kind, run_id=run_id)
    if frame.empty:
        return
    con.register("new_records", frame)
    con.execute("INSERT INTO resolve_records SELECT entity_id, kind, run_id FROM new_records")
    con.unregister("new_records")


def add_run(con: duckdb.DuckDBPyConnection, run_id: str, kind: str, mode: str,
             started: datetime, options: Options, model: Model | None,
             stats: dict[str, Any]) -> None:
    con.execute(
        "INSERT INTO resolve_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, kind, mode, started, now(), options.threshold,
         json.dumps(asdict(options)), json.dumps(model.to_dict() if model else None),
         json.dumps(stats)],
    )


def save_identities(con: duckdb.DuckDBPyConnection, kind: str, recs: pd.DataFrame, *,
                    replace: bool) -> None:
    """Store the identifying fields of person records (given name, initials, birth date,
    generational suffix, id number) that clustering checks for conflicts
    (:mod:`offensief.resolve.identity`), and their phone and e-mail (which of two namesakes a
    subscriber record is: :func:`identities`), each row with ``datasets``: those of its entity's
    statements, so that purging any of them removes the row (a BSN with it)."""
    if replace:
        con.execute("DELETE FROM resolve_identities WHERE kind = ?", [kind])
    if kind != "person" or recs.empty:
        return
    frame = pd.DataFrame({
        "entity_id": recs["unique_id"], "kind": kind, "first_name": recs["first_name"],
        "first_alias": recs["first_alias"], "first_skeleton": recs["first_skeleton"],
        "birth_date": recs["birth_date"], "initials": recs["initials"],
        "generation": recs["generation"], "id_number": recs["id_number"],
        "phone": recs.get("phone"),
        "email": recs.get("email")})
    con.register("identity_rows", frame)
    con.execute("INSERT INTO resolve_identities (entity_id, kind, first_name, first_alias, "
                "first_skeleton, birth_date, initials, generation, id_number, phone, email) SELECT "
                "entity_id, kind, first_name, first_alias, first_skeleton, birth_date, initials, "
                "generation, id_number, phone, email FROM identity_rows")
    con.unregister("identity_rows")
    store_records.fill_datasets(con, "resolve_identities")


def identities(con: duckdb.DuckDBPyConnection, kind: str, *,
               threshold: float = 0.0) -> tuple[dict[str, Identity], dict[str, frozenset[str]]]:
    """For the records of ``kind`` that have a stored pair at or above ``threshold`` (the others
    never merge): record id -> identity, for those whose given name or birth date is known; and
    record id -> its phone and e-mail (normalised), for those that have one — a subscriber
    "S. van den Heuvel" whose number one household member's records carry and the other's do not
    is that member (:func:`offensief.resolve.clusters.cluster`)."""
    rows = con.execute(
        "SELECT entity_id, first_name, first_alias, first_skeleton, birth_date, initials, "
        "generation, id_number, phone, email "
        "FROM resolve_identities WHERE kind = ? AND entity_id IN ("
        "SELECT left_id FROM resolve_edges WHERE kind = ? AND match_probability >= ? UNION ALL "
        "SELECT right_id FROM resolve_edges WHERE kind = ? AND match_probability >= ?)",
        [kind, kind, threshold, kind, threshold]).fetchall()
    known: dict[str, Identity] = {}
    keys: dict[str, frozenset[str]] = {}
    for entity_id, *fields, phone, email in rows:
        found = identity(*fields)
        if found.first or found.birth or found.initials or found.generation:
            known[entity_id] = found
        if phone or email:
            keys[entity_id] = frozenset(k for k in (phone, email) if k)
    return known, keys


@dataclass(frozen=True)
class Inputs:
    """What clustering one kind reads: the stored pairs at or above the threshold, each
    record's dataset and schema, the judgements about two of those records, and the
    identities (persons) — of every record, or of the records of some datasets."""

    edges: list[tuple[str, str, float]]
    datasets: dict[str, str]
    schema_of: dict[str, str]
    same: list[tuple[str, str]]
    not_same: list[tuple[str, str]]
    identities: dict[str, Identity]
    contacts: dict[str, frozenset[str]] = field(default_factory=dict)

    def cluster(self, options: Options) -> clusters.Clusters:
        """The constrained clustering (:func:`offensief.resolve.clusters.cluster`) of these
        inputs under ``options`` (threshold, one-to-one sources)."""
        return clusters.cluster(
            self.edges, self.datasets, threshold=options.threshold,
            unique_datasets=options.unique_datasets, same=self.same, not_same=self.not_same,
            identities=self.identities, contacts=self.contacts, singletons=False)


def inputs(con: duckdb.DuckDBPyConnection, kind: str, *, threshold: float, judged: Judged,
           within: Sequence[str] | None = None) -> Inputs:
    """The clustering inputs of ``kind`` (see :class:`Inputs`). ``within`` (dataset names)
    keeps only records with a statement in those datasets, and the pairs and judgements
    between two of them: resolution as a case that holds only those datasets sees it."""
    members = store_records.members(con, KINDS[kind], datasets=within)
    datasets = dict(zip(members["entity_id"], members["dataset"]))
    schema_of = dict(zip(members["entity_id"], members["schema"]))
    edges = con.execute(
        "SELECT left_id, right_id, match_probability FROM resolve_edges "
        "WHERE kind = ? AND match_probability >= ?", [kind, threshold]
    ).fetchall()
    known, keys = identities(con, kind, threshold=threshold)
    if within is not None:
        edges = [e for e in edges if e[0] in datasets and e[1] in datasets]
        known = {k: v for k, v in known.items() if k in datasets}
        keys = {k: v for k, v in keys.items() if k in datasets}

    def inside(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(a, b) for a, b in pairs if a in datasets and b in datasets]

    return Inputs(edges=edges, datasets=datasets, schema_of=schema_of, same=inside(judged.same),
                  not_same=inside(judged.not_same), identities=known, contacts=keys)


def save_judged(con: duckdb.DuckDBPyConnection, kind: str, judged: Judged, run_id: str) -> None:
    """Keep the judgements a clustering of ``kind`` applied (``resolve_judged``), so that a
    case can re-cluster its records under the same ones without the operational store."""
    con.execute("DELETE FROM resolve_judged WHERE kind = ?", [kind])
    rows = [(a, b, kind, verdict, run_id) for verdict, pairs in
            (("same", judged.same), ("not_same", judged.not_same)) for a, b in pairs]
    if rows:
        con.executemany("INSERT INTO resolve_judged VALUES (?, ?, ?, ?, ?)", rows)


def saved_judged(con: duckdb.DuckDBPyConnection, kind: str) -> Judged:
    """The judgements the last clustering of ``kind`` applied (see :func:`save_judged`)."""
    out = Judged()
    for left, right, verdict in con.execute(
            "SELECT left_id, right_id, verdict FROM resolve_judged WHERE kind = ? "
            "ORDER BY left_id, right_id", [kind]).fetchall():
        (out.same if verdict == "same" else out.not_same).append((left, right))
    return out


def recluster(con: duckdb.DuckDBPyConnection, kind: str, *, run_id: str, options: Options,
              judged: Judged) -> dict[str, Any]:
    """Cluster the stored pairs of ``kind`` under ``judged`` and store canonical ids."""
    save_judged(con, kind, judged, run_id)
    given = inputs(con, kind, threshold=options.threshold, judged=judged)
    found = given.cluster(options)
    multi = {k: m for k, m in found.members.items() if len(m) > 1}
    ids = canonical.assign(kind, multi, canonical.previous_ids(con, kind))
    rows = [
        (m, ids[k], kind, given.schema_of.get(m, KINDS[kind][0]), found.probability[k], run_id)
        for k, ms in multi.items() for m in ms
    ]
    frame = pd.DataFrame(rows, columns=["entity_id", "canonical_id", "kind", "schema",
                                        "probability", "run_id"])
    canonical.replace(con, kind, frame)
    return {"clusters": len(multi), "clustered_records": len(frame), "refused": found.refused}


def last_run(con: duckdb.DuckDBPyConnection, kind: str) -> tuple[Options, Model]:
    """The options and model of the kind's last full run."""
    ensure_tables(con)
    row = con.execute(
        "SELECT unique_datasets, model FROM resolve_runs WHERE kind = ? AND mode = 'full' "
        "ORDER BY finished_at DESC LIMIT 1",
        [kind],
    ).fetchone()
    if row is None:
        raise NotFound(f"no resolution run for {kind!r} yet; run `offensief resolve` first")
    raw = json.loads(row[0])
    options = Options(
        threshold=float(raw["threshold"]), candidate_threshold=float(raw["candidate_threshold"]),
        unique_datasets=tuple(raw["unique_datasets"]), kinds=tuple(raw["kinds"]),
        seed=int(raw["seed"]), max_pairs=float(raw["max_pairs"]), threads=int(raw["threads"]),
    )
    return options, Model.from_dict(json.loads(row[1]))


def rerun_clusters(store: Any, *, judged: Judged, kinds: Sequence[str] | None = None,
                   mode: str = "judgement") -> list[dict[str, Any]]:
    """Re-cluster stored pairs under new judgements, for every kind that has a run."""
    con = store.con
    ensure_tables(con)
    done = [r[0] for r in con.execute(
        "SELECT DISTINCT kind FROM resolve_runs WHERE mode = 'full' ORDER BY 1").fetchall()]
    out = []
    for kind in kinds or done:
        if kind not in done:
            continue
        options, _ = last_run(con, kind)
        started = now()
        run_id = uuid.uuid4().hex
        with store.transaction():
            stats = recluster(con, kind, run_id=run_id, options=options, judged=judged)
            add_run(con, run_id, kind, mode, started, options, None, stats)
        out.append({"run_id": run_id, "kind": kind, **stats})
    return out


def refresh_term_frequencies(store: Store, purged: set[str], vanished: set[str]) -> int:
    """Recompute the stored term frequencies from the statements left after a purge (they
    hold values, e.g. surname spellings, without their dataset); returns the rows removed.
    The identity rows are :func:`refresh_identities`' business.
    A retention purger (see :func:`offensief.access.retention.run`)."""
    con = store.con
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'resolve_tf'").fetchone()
    if not exists or not exists[0]:
        return 0
    before = int(con.execute("SELECT count(*) FROM resolve_tf").fetchone()[0])  # type: ignore[index]
    kinds = con.execute("SELECT kind, list(DISTINCT column_name) FROM resolve_tf GROUP BY kind").fetchall()
    with store.transaction():
        for kind, columns in kinds:
            recs = records(con, kind)
            con.execute("DELETE FROM resolve_tf WHERE kind = ?", [kind])
            if len(recs):
                save_term_frequencies(con, kind, recs, [c for c in columns if c in recs.columns])
    after = int(con.execute("SELECT count(*) FROM resolve_tf").fetchone()[0])  # type: ignore[index]
    return max(0, before - after)


def refresh_identities(store: Store, purged: set[str], vanished: set[str]) -> int:
    """Rebuild the identity rows of every resolved record still here from the statements
    still here; returns how many rows the purge had taken that came back. The purge removes
    each row that names a purged dataset (a BSN it brought in goes with it), also of a person
    other datasets still hold; his identity then rests on those. Rows of a workspace older
    than the ``datasets`` column name no dataset: rebuilding them all removes their purged
    values too. A retention purger (see :func:`offensief.access.retention.run`)."""
    con = store.con
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'resolve_records'").fetchone()
    if not exists or not exists[0]:
        return 0
    with store.transaction():
        ensure_tables(con)
        resolved = {r[0] for r in con.execute(
            "SELECT entity_id FROM resolve_records WHERE kind = 'person'").fetchall()}
        before = {r[0] for r in con.execute(
            "SELECT entity_id FROM resolve_identities WHERE kind = 'person'").fetchall()}
        recs = records(con, "person") if resolved else pd.DataFrame({"unique_id": []})
        recs = recs[recs["unique_id"].isin(resolved)]
        save_identities(con, "person", recs, replace=True)
    return len(set(recs["unique_id"]) - before)
