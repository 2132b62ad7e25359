"""Network analysis at scale: Offensief (igraph + NetworKit) against networkx.

Pipeline per size (random preferential-attachment graph, average degree ~8, written to an
edge-list CSV first): load the file, PageRank, connected components, betweenness by the
product path (``measures.betweenness(method="auto")``: KADABRA ε=0.01 up to 20k nodes, above
that shortest-path sampling with error bound ε=0.01 — the bound is written to the results),
Leiden, roles (kingpin, lieutenant, broker, reusing PageRank, betweenness and communities).
Each size runs in its own process (peak RSS per size); the compiled kernels (numba, cached on
disk) are loaded by a warm-up call on a small graph first, as igraph's lazy imports are. The networkx pipeline does the same
where it has the function: read_edgelist, pagerank, connected_components, sampled
betweenness (k=256 sources), Louvain; roles have no networkx equivalent and are left out of
the ratio. Above ``--networkx-full`` nodes networkx's betweenness is measured on
``--networkx-sources`` sources and scaled to 256 (cost is linear in the sources; stated in
the output as ``betweenness_extrapolated_from``).

Usage::

    flock /tmp/offensief-bench.lock .venv/bin/python benchmarks/network.py            # 10k, 100k
    flock /tmp/offensief-bench.lock .venv/bin/python benchmarks/network.py --sizes 1000000 --no-networkx
    flock /tmp/offensief-bench.lock .venv/bin/python benchmarks/network.py --sizes 1000000 --no-networkx --cli-sizes 1000000
    flock /tmp/offensief-bench.lock .venv/bin/python benchmarks/network.py --sizes --sampling-check 20000

Prints a table and writes ``benchmarks/results/network.json`` (rows of earlier sizes not
re-run are kept). Quote ratios from one run; absolute times depend on the machine's load.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import multiprocessing as mp
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import orjson
import pyarrow as pa
import pyarrow.csv as pacsv

from offensief.network.brokerage import constraint
from offensief.network.communities import leiden
from offensief.network.io import read_network
from offensief.network.measures import SOURCE_SAMPLES, betweenness, pagerank
from offensief.network.roles import analyse_roles

RESULTS = Path(__file__).parent / "results" / "network.json"


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def write_graph(n: int, path: Path, *, seed: int) -> int:
    random.seed(seed)
    ends = np.asarray(ig.Graph.Barabasi(n, 4).get_edgelist(), dtype=np.int64)
    pacsv.write_csv(pa.table({"source": ends[:, 0], "target": ends[:, 1]}), path)
    return len(ends)


def offensief_pipeline(path: Path, *, threads: int) -> dict[str, Any]:
    small = ig.Graph.Ring(10)
    pagerank(small, weights="none"), leiden(small, seeds=1)  # warm-up: lazy imports and first calls
    betweenness(small, weights="none", method="paths"), constraint(small)  # compiled kernels from disk
    t: dict[str, Any] = {"load_average_before": os.getloadavg()[0]}
    g, t["load"] = timed(lambda: read_network(path, fmt="edgelist"))
    pr, t["pagerank"] = timed(lambda: pagerank(g, weights="none", threads=threads))
    _, t["components"] = timed(lambda: g.connected_components())
    (between, info), t["betweenness"] = timed(
        lambda: betweenness(g, weights="none", method="auto", epsilon=0.01, delta=0.1, threads=threads))
    parts, t["leiden"] = timed(lambda: leiden(g, seeds=1, threads=threads))
    _, t["roles"] = timed(lambda: analyse_roles(g, communities=parts, betweenness_values=between, pagerank_values=pr,
                                                top=20, roles=("kingpin", "lieutenant", "broker"), threads=threads))
    t["total"] = sum(t[s] for s in (*STEPS, "roles"))
    t["modularity"] = parts.modularity
    t["leiden_engine"] = parts.engine
    t["betweenness_info"] = info
    t["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t["load_average_after"] = os.getloadavg()[0]
    return t


def networkx_pipeline(path: Path, *, seed: int, sources: int) -> dict[str, Any]:
    small = nx.cycle_graph(10)
    nx.pagerank(small), nx.community.louvain_communities(small, seed=seed)  # warm-up, as for ours
    t: dict[str, Any] = {"load_average_before": os.getloadavg()[0]}
    g, t["load"] = timed(lambda: nx.read_edgelist(path, delimiter=",", comments='"', nodetype=str))
    _, t["pagerank"] = timed(lambda: nx.pagerank(g))
    _, t["components"] = timed(lambda: list(nx.connected_components(g)))
    k = min(sources, len(g))
    _, measured = timed(lambda: nx.betweenness_centrality(g, k=k, seed=seed))
    target = min(SOURCE_SAMPLES, len(g))
    t["betweenness"] = measured * target / k
    if k < target:
        t["betweenness_extrapolated_from"] = {"sources": k, "seconds": measured, "scaled_to_sources": target}
    parts, t["leiden"] = timed(lambda: nx.community.louvain_communities(g, seed=seed))
    t["modularity"] = nx.community.modularity(g, parts)
    t["total"] = sum(t[s] for s in STEPS)
    t["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t["load_average_after"] = os.getloadavg()[0]
    return t


STEPS = ("load", "pagerank", "components", "betweenness", "leiden")


def sampling_check(n: int, *, seed: int, threads: int) -> dict[str, Any]:
    """Both estimators used above 20k nodes (path sampling: the product path; source sampling:
    networkx's ``k`` like for like) against exact Brandes on an n-node graph."""
    random.seed(seed)
    g = ig.Graph.Barabasi(n, 4)
    betweenness(ig.Graph.Ring(10), weights="none", method="paths")  # load the compiled kernels first
    exact, t_exact = timed(lambda: betweenness(g, weights="none", method="exact"))
    e = np.asarray(exact[0])
    top_e = set(np.argsort(-e)[:10])
    out: dict[str, Any] = {"nodes": n, "max_exact": float(e.max()), "exact_seconds": t_exact}
    for method in ("paths", "sample"):
        (approx, info), seconds = timed(lambda m=method: betweenness(g, weights="none", method=m, threads=threads))
        a = np.asarray(approx)
        out[method] = {"samples": info["samples"], "error_bound": info["error_bound"],
                       "max_abs_error": float(np.abs(a - e).max()),
                       "top10_overlap": len(top_e & set(np.argsort(-a)[:10])), "seconds": seconds}
    return out


def cli_analyze(path: Path, out: Path, *, seeds: int) -> dict[str, Any]:
    """Wall time and peak RSS of ``offensief network analyze FILE --seeds N`` (a process of its own)."""
    command = [str(Path(sys.executable).with_name("offensief")), "network", "analyze", str(path),
               "--seeds", str(seeds), "--json", str(out)]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    roles = len(orjson.loads(out.read_bytes())["networks"][0]["roles"])
    return {"command": " ".join(command[1:3] + ["FILE", "--seeds", str(seeds)]), "seconds": seconds,
            "peak_rss_mb_of_largest_child": peak, "role_rows": roles}


def in_child(fn: Callable[..., dict[str, Any]], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Run one pipeline in a fresh process so its peak RSS is its own."""
    with cf.ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def save(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    """Merge the measured sizes into the results file (a long networkx run may be cut short)."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    old = orjson.loads(RESULTS.read_bytes()) if RESULTS.exists() else {}
    kept = [r for r in old.get("runs", []) if r.get("nodes") not in {row["nodes"] for row in rows}
            and "betweenness" in r.get("offensief", {})]
    RESULTS.write_bytes(orjson.dumps({
        "benchmark": "network", "threads": args.threads, "python": platform.python_version(),
        "machine": platform.machine(), "cpus": os.cpu_count(),
        "notes": "betweenness = product path (auto: KADABRA eps=0.01 delta=0.1 up to 20k nodes, shortest-path "
                 "sampling eps=0.01 delta=0.1 above, bound in betweenness_info) vs networkx sampled betweenness k=256; Leiden vs "
                 "Louvain; roles = kingpin/lieutenant/broker features incl. constraint, 2-step reach, "
                 "neighbour degree; each size in its own process; load_average_* = 1-min load average",
        "runs": sorted(kept + rows, key=lambda r: r["nodes"])}
        | ({"sampling_check": old["sampling_check"]} if "sampling_check" in old else {}), option=orjson.OPT_INDENT_2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-networkx", action="store_true")
    parser.add_argument("--networkx-max", type=int, default=100_000, help="largest size to run networkx on")
    parser.add_argument("--networkx-full", type=int, default=10_000,
                        help="largest size where networkx betweenness runs all 256 sources")
    parser.add_argument("--networkx-sources", type=int, default=16, help="sources measured above --networkx-full")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cli-sizes", type=int, nargs="*", default=[],
                        help="also time `offensief network analyze FILE` with --seeds 1 and 5 at these sizes")
    parser.add_argument("--sampling-check", type=int, default=0, metavar="N",
                        help="also compare sampled with exact betweenness on an N-node graph")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"g{n}.csv"
            m = write_graph(n, path, seed=args.seed)
            ours = in_child(offensief_pipeline, path, threads=args.threads)
            row: dict[str, Any] = {"nodes": n, "edges": m, "offensief": ours}
            rows.append(row)
            print(f"n={n:>9,} m={m:>10,}  " + "  ".join(f"{s}={ours[s]:.2f}s" for s in (*STEPS, "roles"))
                  + f"  total={ours['total']:.2f}s  rss={ours['peak_rss_mb']:.0f}MB"
                  + f"  [{ours['betweenness_info'].get('algorithm', 'exact')}]", flush=True)
            save(rows, args)
            if n in args.cli_sizes:
                row["cli_analyze"] = cli_analyze(path, Path(tmp) / f"a{n}.json", seeds=1)
                row["cli_analyze_default_seeds"] = cli_analyze(path, Path(tmp) / f"a{n}.json", seeds=5)
                print(" " * 26 + f"offensief network analyze --seeds 1: {row['cli_analyze']['seconds']:.1f}s, "
                      f"--seeds 5 (the default): {row['cli_analyze_default_seeds']['seconds']:.1f}s", flush=True)
                save(rows, args)
            if not args.no_networkx and n <= args.networkx_max:
                sources = SOURCE_SAMPLES if n <= args.networkx_full else args.networkx_sources
                theirs = in_child(networkx_pipeline, path, seed=args.seed, sources=sources)
                row["networkx"] = theirs
                common = sum(ours[s] for s in STEPS)
                row["ratio_networkx_over_offensief"] = {s: theirs[s] / max(ours[s], 1e-9) for s in STEPS}
                row["ratio_networkx_over_offensief"]["pipeline_without_roles"] = theirs["total"] / common
                print(" " * 26 + "networkx: " + "  ".join(f"{s}={theirs[s]:.2f}s" for s in STEPS)
                      + f"  ratio={row['ratio_networkx_over_offensief']['pipeline_without_roles']:.1f}x", flush=True)
                save(rows, args)
    if args.sampling_check:
        check = sampling_check(args.sampling_check, seed=args.seed, threads=args.threads)
        print(f"sampling check: {check}")
        data = orjson.loads(RESULTS.read_bytes())
        data["sampling_check"] = check
        RESULTS.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
