"""Compile the numba kernels once, at install, into numba's on-disk cache.

Without this the first network analysis in a fresh checkout pays the compilation (about
10 s); afterwards every process loads the kernels from the cache in well under a second.
"""

from __future__ import annotations

import time

import igraph as ig

from offensief.network.brokerage import constraint
from offensief.network.pathsample import path_sampling_betweenness
from offensief.network.structure import clustering


def main() -> None:
    start = time.perf_counter()
    for graph in (ig.Graph.Famous("Zachary"), ig.Graph.Erdos_Renyi(30, 0.2, directed=True)):
        graph.es["weight"] = [1.0] * graph.ecount()
        path_sampling_betweenness(graph, epsilon=0.2)
        constraint(graph)
        clustering(graph)
    print(f"network kernels compiled and cached in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
