"""Network analysis at scale: Offensief (igraph + NetworKit) against networkx.

Pipeline per size (random preferential-attachment graph, average degree ~8, written to an
edge-list CSV first): load the file, PageRank, connected components, approximate
betweenness (KADABRA, ε=0.01, δ=0.1), Leiden, roles (kingpin, lieutenant, broker on the
precomputed communities and betweenness). The networkx pipeline does the same where it has
the function: read_edgelist, pagerank, connected_components, sampled betweenness (k=256
sources), Louvain; roles have no networkx equivalent and are left out of the ratio.

Usage::

    .venv/bin/python benchmarks/network.py                 # 10k and 100k, networkx at both
    .venv/bin/python benchmarks/network.py --sizes 1000000 --no-networkx --threads 2

Prints a table and writes ``benchmarks/results/network.json``. Quote ratios from one run;
absolute times depend on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import orjson

from offensief.network.communities import leiden
from offensief.network.io import read_network
from offensief.network.measures import betweenness, pagerank
from offensief.network.roles import analyse_roles

RESULTS = Path(__file__).parent / "results" / "network.json"


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def write_graph(n: int, path: Path, *, seed: int) -> int:
    random.seed(seed)
    g = ig.Graph.Barabasi(n, 4)
    ends = np.asarray(g.get_edgelist(), dtype=np.int64)
    with path.open("w") as fh:
        fh.write("source,target\n")
        np.savetxt(fh, ends, fmt="%d", delimiter=",")
    return len(ends)


def offensief_pipeline(path: Path, *, threads: int) -> dict[str, float]:
    t: dict[str, float] = {}
    g, t["load"] = timed(lambda: read_network(path, fmt="edgelist"))
    _, t["pagerank"] = timed(lambda: pagerank(g, weights="none", threads=threads))
    _, t["components"] = timed(lambda: g.connected_components())
    (between, _info), t["betweenness_approx"] = timed(
        lambda: betweenness(g, weights="none", method="approx", epsilon=0.01, delta=0.1, threads=threads))
    parts, t["leiden"] = timed(lambda: leiden(g, seeds=1, threads=threads))
    _, t["roles"] = timed(lambda: analyse_roles(g, communities=parts, betweenness_values=between, top=20,
                                                roles=("kingpin", "lieutenant", "broker"), threads=threads))
    t["modularity"] = parts.modularity
    return t


def networkx_pipeline(path: Path, *, seed: int) -> dict[str, float]:
    t: dict[str, float] = {}
    g, t["load"] = timed(lambda: nx.read_edgelist(path, delimiter=",", comments="source", nodetype=str))
    _, t["pagerank"] = timed(lambda: nx.pagerank(g))
    _, t["components"] = timed(lambda: list(nx.connected_components(g)))
    _, t["betweenness_approx"] = timed(lambda: nx.betweenness_centrality(g, k=min(256, len(g)), seed=seed))
    parts, t["leiden"] = timed(lambda: nx.community.louvain_communities(g, seed=seed))
    t["modularity"] = nx.community.modularity(g, parts)
    return t


STEPS = ("load", "pagerank", "components", "betweenness_approx", "leiden")


def save(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    """Write what has been measured so far (a long networkx run may be cut short)."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_bytes(orjson.dumps({
        "benchmark": "network", "threads": args.threads, "python": platform.python_version(),
        "machine": platform.machine(), "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "notes": "KADABRA eps=0.01 delta=0.1 vs networkx sampled betweenness k=256; Leiden vs Louvain; "
                 "roles = kingpin/lieutenant/broker features incl. constraint, 2-step reach, neighbour degree",
        "runs": rows}, option=orjson.OPT_INDENT_2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--no-networkx", action="store_true")
    parser.add_argument("--networkx-max", type=int, default=100_000, help="largest size to run networkx on")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"g{n}.csv"
            m = write_graph(n, path, seed=args.seed)
            ours = offensief_pipeline(path, threads=args.threads)
            ours["total"] = sum(ours[s] for s in (*STEPS, "roles"))
            row: dict[str, Any] = {"nodes": n, "edges": m, "offensief": ours}
            rows.append(row)
            print(f"n={n:>9,} m={m:>10,}  " + "  ".join(f"{s}={ours[s]:.2f}s" for s in (*STEPS, "roles"))
                  + f"  total={ours['total']:.2f}s", flush=True)
            save(rows, args)
            if not args.no_networkx and n <= args.networkx_max:
                theirs = networkx_pipeline(path, seed=args.seed)
                theirs["total"] = sum(theirs[s] for s in STEPS)
                row["networkx"] = theirs
                common = sum(ours[s] for s in STEPS)
                row["ratio_networkx_over_offensief"] = {s: theirs[s] / max(ours[s], 1e-9) for s in STEPS}
                row["ratio_networkx_over_offensief"]["pipeline_without_roles"] = theirs["total"] / common
                print(" " * 26 + "networkx: " + "  ".join(f"{s}={theirs[s]:.2f}s" for s in STEPS)
                      + f"  ratio={row['ratio_networkx_over_offensief']['pipeline_without_roles']:.1f}x", flush=True)
                save(rows, args)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
