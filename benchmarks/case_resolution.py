"""Entity resolution scoped to a case: what re-clustering a case's records costs.

    PYTHONPATH=src .venv/bin/python benchmarks/case_resolution.py --records 100000

Generates Dutch people in four sources (:mod:`offensief.resolve.synthetic`), resolves them
workspace-wide, then builds the scope of a case holding three of the four sources
(:func:`offensief.resolve.scoped.ensure`): cold (re-cluster and store), warm (cached), and
reading its mapping; against re-clustering the whole workspace from the stored pairs
(:func:`offensief.resolve.resolution.rerun_clusters`, the obvious alternative cost). Prints
and writes ``benchmarks/results/case_resolution.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from offensief.model.dataset import Dataset
from offensief.resolve import canonical, evaluation, scoped, synthetic
from offensief.resolve.resolution import Judged, Options, rerun_clusters, resolve
from offensief.store.duckstore import Store

RESULTS = Path(__file__).parent / "results" / "case_resolution.json"


def timed(fn: Any) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, round(time.perf_counter() - wall, 3), round(time.process_time() - cpu, 3)


def run(records: int, threads: int) -> dict[str, Any]:
    people = synthetic.generate(records // 2, seed=7)
    store = Store.memory()
    store.con.execute(f"SET threads = {threads}")
    for source in synthetic.SOURCES:
        store.add_dataset(Dataset.create(name=source, partner=source, regime="open",
                                         purpose="benchmark", collected_at="2025-01-01"))
        evaluation.load_entities(store, dataset=source,
                                 entities=[p for p in people if p["dataset"] == source])
    n = len(people)
    del people
    _, resolve_s, _ = timed(lambda: resolve(store, options=Options(
        kinds=("person",), threads=threads, unique_datasets=tuple(synthetic.SOURCES))))
    _, recluster_s, recluster_cpu = timed(lambda: rerun_clusters(store, judged=Judged()))
    case = synthetic.SOURCES[:3]
    key, cold_s, cold_cpu = timed(lambda: scoped.ensure(store, case))
    _, warm_s, _ = timed(lambda: scoped.ensure(store, case))
    mapping, read_s, _ = timed(lambda: scoped.mapping(store, case))
    workspace = canonical.load_mapping(store)
    in_case = {e for e, d in store.con.execute(
        "SELECT DISTINCT entity_id, dataset FROM statements").fetchall() if d in case}
    apart = sum(1 for e in in_case if e in workspace and mapping[e] != workspace[e])
    everything = scoped.mapping(store, synthetic.SOURCES)  # a case holding every dataset
    same = dict(everything) == {e: c for e, c in workspace.items()}
    return {"records": n, "every_dataset_case_equals_workspace": same, "case_records": len(in_case), "case_datasets": case, "threads": threads,
            "resolve_seconds": resolve_s, "workspace_recluster_seconds": recluster_s,
            "workspace_recluster_cpu_seconds": recluster_cpu,
            "case_scope_cold_seconds": cold_s, "case_scope_cold_cpu_seconds": cold_cpu,
            "case_scope_warm_seconds": warm_s, "case_mapping_read_seconds": read_s,
            "case_clustered_records": len(mapping), "workspace_clustered_records": len(workspace),
            "case_records_with_another_id_than_in_the_workspace": apart,
            "scope_stats": scoped.stats(store, key) if key else {}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    result = run(args.records, args.threads)
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
