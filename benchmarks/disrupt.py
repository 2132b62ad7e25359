"""Benchmark: sequential removal of 1 % of a 1M-node graph by degree, with component tracking.

The fast way: an incremental heap re-ranks only the neighbours of each removed node, and a
reverse union-find gives the largest component and the number of components after every
removal (one component computation plus the edges of the removed nodes). The naive way
recomputes all degrees and all components after every removal; its time is measured on a
few steps and extrapolated to the full run. A small graph checks that both agree.

    .venv/bin/python benchmarks/disrupt.py [--nodes 1000000] [--degree 8] [--fraction 0.01]
    .venv/bin/python benchmarks/disrupt.py --demo   # also: the plan on the demo world

Writes benchmarks/results/disrupt.json (``--demo`` adds a ``demo_world`` section).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

from offensief.demo.generator import generate
from offensief.disrupt.case import case_network
from offensief.disrupt.components import _labels, weak_trace, weak_trace_naive
from offensief.disrupt.ordering import (
    degrees,
    sequential_degree_order,
    sequential_degree_order_naive,
)
from offensief.disrupt.plan import PlanOptions, make_plan
from offensief.ingest.loader import ingest_file
from offensief.ingest.manifest import read_manifest
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

RESULTS = Path(__file__).parent / "results" / "disrupt.json"


def random_edges(n: int, avg_degree: float, seed: int) -> np.ndarray:
    """An Erdős–Rényi-like multigraph: n * avg_degree / 2 uniformly random pairs."""
    rng = np.random.default_rng(seed)
    m = int(n * avg_degree / 2)
    edges = rng.integers(0, n, size=(m, 2), dtype=np.int64)
    return edges[edges[:, 0] != edges[:, 1]]


def naive_step_seconds(n: int, edges: np.ndarray, steps: int) -> float:
    """Seconds per step of: recompute degrees, remove the top node, recompute components."""
    alive = np.ones(n, dtype=bool)
    started = time.perf_counter()
    for _ in range(steps):
        live = edges[alive[edges[:, 0]] & alive[edges[:, 1]]]
        degree = degrees(n, live).astype(np.float64)
        degree[~alive] = -1
        alive[int(np.argmax(degree))] = False
        _labels(n, edges, alive)
    return (time.perf_counter() - started) / steps


def demo_world(seed: int = 7, size: int = 16, runs: int = 40) -> dict:
    """The plan on the small demo world, with ground-truth identities and roles (see docs)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "world"
        started = time.perf_counter()
        generate(seed=seed, size="small", out=out)
        truth = {name: json.loads((out / "ground_truth" / f"{name}.json").read_text())
                 for name in ("persons", "companies", "groups", "facilitators")}
        canonical = {source: p["true_id"] for p in truth["persons"] + truth["companies"]
                     for ids in p.get("source_ids", {}).values() for source in ids}
        notes = {p["true_id"]: {"role": p["role"], "group": p["group"], "step": p["process_step"],
                                "facilitator_type": p["facilitator_type"]}
                 for p in truth["persons"]}
        ws = Workspace.init(Path(tmp) / "ws")
        manifest = read_manifest(out / "datasets.json")
        with Store.open(ws) as store:
            for dataset in manifest.datasets:
                store.add_dataset(dataset)
            for item in manifest.files:
                ingest_file(store, dataset=item.dataset, path=item.path, mapping=item.mapping)
            graph = case_network(store, canonical=canonical, annotations=notes,
                                 detect_roles=False)
        prepared = time.perf_counter() - started
        started = time.perf_counter()
        plan = make_plan(graph, options=PlanOptions(size=size, runs=runs, seed=1))
        planning = time.perf_counter() - started
    kingpins = {g["kingpin"] for g in truth["groups"]}
    shared = {f["true_id"] for f in truth["facilitators"] if len(f["groups"]) >= 2}
    ids = [t["id"] for t in plan["targets"]]
    package = plan["package"]["effect"]["capacity"]
    print(f"demo world: {graph.vcount()} persons; plan of {size} in {planning:.1f} s; kingpins at "
          f"ranks {sorted(ids.index(k) + 1 for k in kingpins if k in ids)}; capacity "
          f"{package['immediate']:.0%} lower now, {package['recovered']:.0%} after recovery")
    for row in plan["strategies"]:
        print(f"  {row['strategy']:<22} capacity {row['start']:g} -> {row['immediate']:g} now, "
              f"{row['after_recovery']['mean']:.2f} after recovery")
    return {
        "seed": seed, "persons": graph.vcount(), "ties": graph.ecount(),
        "scope": plan["network"]["scope"], "plan_size": size, "runs": runs,
        "seconds": {"generate_load_network": prepared, "plan": planning},
        "kingpin_ranks": sorted(ids.index(k) + 1 for k in kingpins if k in ids),
        "shared_facilitator_ranks": sorted(ids.index(f) + 1 for f in shared if f in ids),
        "targets": [{"rank": t["rank"], "id": t["id"], "role": t["role"], "step": t["step"],
                     "partner": t["partner"], "instrument": t["instrument"],
                     "marginal_after_recovery": t["expected_effect"]["marginal_after_recovery"]}
                    for t in plan["targets"]],
        "package_capacity_effect": package,
        "strategies": [{"strategy": r["strategy"], "start": r["start"], "immediate": r["immediate"],
                        "after_recovery": r["after_recovery"]} for r in plan["strategies"]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--degree", type=float, default=8.0)
    parser.add_argument("--fraction", type=float, default=0.01)
    parser.add_argument("--naive-steps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--demo", action="store_true", help="also plan on the demo world")
    args = parser.parse_args()

    # agreement check on a small graph first
    small = random_edges(3000, args.degree, args.seed)
    small_order = sequential_degree_order(3000, small, 30)
    assert small_order == sequential_degree_order_naive(3000, small, 30)
    assert weak_trace(3000, small, small_order) == weak_trace_naive(3000, small, small_order)

    n = args.nodes
    t0 = time.perf_counter()
    edges = random_edges(n, args.degree, args.seed)
    generate = time.perf_counter() - t0
    k = int(n * args.fraction)
    print(f"graph: {n:,} nodes, {len(edges):,} edges (avg degree {2 * len(edges) / n:.2f}), "
          f"generated in {generate:.2f} s; removing {k:,} nodes")

    load = os.getloadavg()[0]
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    order = sequential_degree_order(n, edges, k)
    ordering = time.perf_counter() - t0
    t1 = time.perf_counter()
    trace = weak_trace(n, edges, order)
    tracking = time.perf_counter() - t1
    fast = ordering + tracking
    cpu = time.process_time() - cpu0
    print(f"fast: order {ordering:.2f} s + component tracking {tracking:.2f} s = {fast:.2f} s "
          f"wall, {cpu:.2f} s CPU (load average {load:.1f} on {os.cpu_count()} cores)")
    print(f"largest component {trace.largest[0]:,} -> {trace.largest[-1]:,}; "
          f"components {trace.count[0]:,} -> {trace.count[-1]:,}")

    per_step = naive_step_seconds(n, edges, args.naive_steps)
    naive = per_step * (k + 1)
    print(f"naive: {per_step:.3f} s per step x {k + 1:,} steps = {naive:,.0f} s (extrapolated "
          f"from {args.naive_steps} steps); ratio {naive / fast:,.0f}x")

    result = {
        "benchmark": "disrupt: sequential removal by degree with component tracking",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "threads": os.environ.get("OMP_NUM_THREADS", "default")},
        "graph": {"nodes": n, "edges": len(edges), "avg_degree": 2 * len(edges) / n,
                  "model": "uniform random pairs (Erdős–Rényi-like multigraph)",
                  "seed": args.seed},
        "removed": k,
        "fast_seconds": {"order": ordering, "components": tracking, "total": fast,
                         "cpu": cpu},
        "load_average_at_start": load,
        "naive_seconds_per_step": per_step,
        "naive_steps_measured": args.naive_steps,
        "naive_seconds_extrapolated": naive,
        "ratio_naive_over_fast": naive / fast,
        "under_10_seconds": fast < 10.0,
        "cpu_under_10_seconds": cpu < 10.0,
        "largest_component": {"start": trace.largest[0], "end": trace.largest[-1]},
        "components": {"start": trace.count[0], "end": trace.count[-1]},
        "conventions": {"directed": False, "component": "weak", "ties": "input",
                        "mode": "sequential", "measured": "after every removal"},
    }
    if args.demo:
        result["demo_world"] = demo_world()
    elif RESULTS.exists():  # keep the last demo-world measurement
        previous = json.loads(RESULTS.read_text())
        if "demo_world" in previous:
            result["demo_world"] = previous["demo_world"]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
