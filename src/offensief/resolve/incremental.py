"""Match a new load against existing clusters without re-training or re-scoring old pairs.

New records (entities of a kind not yet scored) are scored with the kind's saved model
against the existing records and among themselves; the new pairs are added to the stored
ones and the kind is re-clustered, keeping canonical ids stable.

>>> resolve_new(store, judged=Judged())          # doctest: +SKIP
[{'kind': 'person', 'new_records': 120, 'pairs': 85, 'clusters': 1430, ...}]
"""

from __future__ import annotations

import uuid
from typing import Any

from offensief.model.errors import NotFound
from offensief.resolve.model import predict_between
from offensief.resolve.records import records
from offensief.resolve.resolution import (
    Judged,
    Progress,
    add_edges,
    add_records,
    add_run,
    ensure_tables,
    last_run,
    now,
    recluster,
    save_identities,
)


def resolve_new(store: Any, *, judged: Judged | None = None, progress: Progress | None = None,
                threads: int = 1) -> list[dict[str, Any]]:
    """Score and cluster records added since the last run, for every kind with a run."""
    con = store.con
    judged = judged or Judged()
    ensure_tables(con)
    kinds = [r[0] for r in con.execute(
        "SELECT DISTINCT kind FROM resolve_runs WHERE mode = 'full' ORDER BY 1").fetchall()]
    if not kinds:
        raise NotFound("no resolution run yet; run `offensief resolve` before `--new`")
    out = []
    for kind in kinds:
        options, model = last_run(con, kind)
        recs = records(con, kind)
        known = {r[0] for r in con.execute(
            "SELECT entity_id FROM resolve_records WHERE kind = ?", [kind]).fetchall()}
        is_new = ~recs["unique_id"].isin(known)
        new, existing = recs[is_new].reset_index(drop=True), recs[~is_new].reset_index(drop=True)
        if new.empty:
            continue
        if progress:
            progress(f"{kind}: {len(new):,} new records against {len(existing):,}")
        started = now()
        run_id = uuid.uuid4().hex
        edges = predict_between(model, existing, new, threshold=options.candidate_threshold,
                                threads=threads)
        with store.transaction():
            add_edges(con, kind, edges, run_id)
            add_records(con, kind, new["unique_id"], run_id)
            save_identities(con, kind, new, replace=False)
            stats = recluster(con, kind, run_id=run_id, options=options, judged=judged)
            stats |= {"new_records": len(new), "pairs": len(edges)}
            add_run(con, run_id, kind, "incremental", started, options, None, stats)
        out.append({"run_id": run_id, "kind": kind, **stats})
    return out
