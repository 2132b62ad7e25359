"""Communities: Leiden partitions with modularity and stability across seeds.

Leiden (Traag et al. 2019) runs on the undirected, weight-summed view of the graph: who
deals with whom, whatever the direction. One run per seed; the partition with the highest
modularity is kept, and *stability* says how much the runs agree (normalised mutual
information with the kept partition, and per node the share of runs in which it lands with
the same core members).

>>> import igraph as ig
>>> two = ig.Graph.Famous("Zachary")
>>> result = leiden(two, seeds=3)
>>> result.modularity > 0.35
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import leidenalg as la
import networkit as nk
import numpy as np

from offensief.model.errors import InputError
from offensief.network.edges import edge_array
from offensief.network.seeded import seeded
from offensief.network.weights import edge_weights

#: Engines by size (``engine="auto"``): leidenalg (iterated to convergence) up to
#: LEIDENALG_LIMIT nodes, igraph's C Leiden (2 iterations) up to IGRAPH_LIMIT, above that
#: NetworKit's ParallelLeiden.
LEIDENALG_LIMIT = 5_000
IGRAPH_LIMIT = 200_000
ENGINES = ("leidenalg", "igraph", "networkit")


@dataclass(slots=True)
class Communities:
    """A partition: ``membership[i]`` is node i's community (0 = largest)."""

    membership: list[int]
    modularity: float
    engine: str
    seeds: list[int]
    stability_nmi: float
    min_nmi: float
    node_stability: list[float] = field(default_factory=list)
    resolution: float = 1.0

    @property
    def count(self) -> int:
        """Number of communities."""
        return max(self.membership, default=-1) + 1

    def sizes(self) -> list[int]:
        """Community sizes, largest first (ids are ordered by size)."""
        return np.bincount(np.asarray(self.membership, dtype=np.int64), minlength=self.count).tolist()

    def to_dict(self) -> dict[str, Any]:
        """JSON shape (see docs/network.md)."""
        return {"count": self.count, "modularity": self.modularity, "engine": self.engine,
                "resolution": self.resolution, "seeds": self.seeds,
                "stability": {"mean_nmi": self.stability_nmi, "min_nmi": self.min_nmi},
                "sizes": self.sizes()}


def undirected_view(graph: ig.Graph) -> ig.Graph:
    """Undirected simple graph, parallel/reciprocal weights summed, loops dropped (vertex attributes kept).

    A graph that already is one (undirected, simple, every edge weighted) is returned as it
    is, not copied: treat the view as read-only.
    """
    if not graph.is_directed() and graph.is_simple() and "weight" in graph.es.attributes() \
            and None not in graph.es["weight"]:
        return graph
    view = graph.copy()
    view.es["weight"] = edge_weights(graph)
    if view.is_directed():
        view.to_undirected(mode="collapse", combine_edges={"weight": "sum"})
    view.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
    return view


def canonical_graph(graph: ig.Graph) -> tuple[list[int], ig.Graph]:
    """(position of each node in the canonical order, a copy of ``graph`` with every attribute in
    that order): nodes by name, edges by their ends (the graph itself, and each node's own
    position, when nodes are unnamed or names repeat). The same data read in another order then
    give the same analysis, ties included."""
    n = graph.vcount()
    names = graph.vs["name"] if "name" in graph.vs.attributes() else None
    if names is None or len(set(map(str, names))) < n:
        return list(range(n)), graph
    order = sorted(range(n), key=lambda i: str(names[i]))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    ends = rank[edge_array(graph)] if graph.ecount() else np.zeros((0, 2), dtype=np.int64)
    if not graph.is_directed():
        ends = np.sort(ends, axis=1)
    by_ends = np.lexsort((ends[:, 1], ends[:, 0])) if len(ends) else np.zeros(0, dtype=np.int64)
    out = ig.Graph(n=n, edges=ends[by_ends].tolist(), directed=graph.is_directed())
    for attr in graph.attributes():
        out[attr] = graph[attr]
    for attr in graph.vs.attributes():
        values = graph.vs[attr]
        out.vs[attr] = [values[i] for i in order]
    for attr in graph.es.attributes():
        values = graph.es[attr]
        out.es[attr] = [values[int(e)] for e in by_ends]
    return rank.tolist(), out


def _relabel(membership: list[int] | np.ndarray) -> list[int]:
    """Renumber communities by decreasing size (ties: first appearance)."""
    arr = np.asarray(membership, dtype=np.int64)
    _, first, counts = np.unique(arr, return_index=True, return_counts=True)
    labels = np.unique(arr)
    order = sorted(range(len(labels)), key=lambda k: (-counts[k], first[k]))
    mapping = np.empty(labels.max() + 1 if len(labels) else 0, dtype=np.int64)
    for new, k in enumerate(order):
        mapping[labels[k]] = new
    return mapping[arr].tolist() if len(arr) else []


def _run_leidenalg(view: ig.Graph, *, seed: int, resolution: float) -> list[int]:
    part = la.find_partition(view, la.RBConfigurationVertexPartition, weights="weight",
                             resolution_parameter=resolution, seed=seed, n_iterations=-1)
    return list(part.membership)


def _run_igraph(view: ig.Graph, *, seed: int, resolution: float) -> list[int]:
    with seeded(seed):  # igraph draws from a generator seeded here, not from the process's
        part = view.community_leiden(objective_function="modularity", weights="weight",
                                     resolution=resolution, n_iterations=2)
    return list(part.membership)


def _networkit_graph(view: ig.Graph) -> nk.Graph:
    """The weighted view as a NetworKit graph (built once for all seeds: ~3 s at 4M edges)."""
    g = nk.Graph(view.vcount(), weighted=True, directed=False)
    if view.ecount():
        ends = edge_array(view).astype(np.uint64)
        g.addEdges((np.asarray(view.es["weight"], dtype=np.float64), (ends[:, 0], ends[:, 1])))
    return g


def _run_networkit(g: nk.Graph, *, seed: int, resolution: float, threads: int) -> list[int]:
    nk.setNumberOfThreads(threads)
    nk.setSeed(seed, False)
    algo = nk.community.ParallelLeiden(g, randomize=True, iterations=3, gamma=resolution)
    algo.run()
    return list(algo.getPartition().getVector())


def leiden(
    graph: ig.Graph,
    *,
    seeds: int = 5,
    resolution: float = 1.0,
    engine: str = "auto",
    threads: int = 1,
    first_seed: int = 0,
) -> Communities:
    """Leiden communities over ``seeds`` runs (seeds ``first_seed`` … ``first_seed + seeds - 1``),
    best modularity kept."""
    if seeds < 1:
        raise InputError("seeds must be at least 1", field="seeds")
    view = undirected_view(graph)
    if engine == "auto":
        n = view.vcount()
        engine = "leidenalg" if n <= LEIDENALG_LIMIT else "igraph" if n <= IGRAPH_LIMIT else "networkit"
    if engine not in ENGINES:
        raise InputError(f"engine must be auto or one of {', '.join(ENGINES)}", field="engine")
    rank, view = canonical_order(view)
    runs: list[list[int]] = []
    nk_graph = _networkit_graph(view) if engine == "networkit" else None
    for seed in range(first_seed, first_seed + seeds):
        if engine == "leidenalg":
            runs.append(_run_leidenalg(view, seed=seed, resolution=resolution))
        elif engine == "igraph":
            runs.append(_run_igraph(view, seed=seed, resolution=resolution))
        else:
            runs.append(_run_networkit(nk_graph, seed=seed, resolution=resolution, threads=threads))
    weights = view.es["weight"] if view.ecount() else None
    scores = [view.modularity(m, weights=weights, resolution=resolution) for m in runs]
    best = int(np.argmax(scores))
    membership = _relabel(runs[best])
    nmis = [ig.compare_communities(runs[best], m, method="nmi") if view.vcount() > 1 and k != best else 1.0
            for k, m in enumerate(runs)]
    stability = _node_stability(runs, best) if view.vcount() <= IGRAPH_LIMIT else []
    return Communities(
        membership=[membership[r] for r in rank],
        modularity=float(scores[best]),
        engine=engine,
        seeds=list(range(first_seed, first_seed + seeds)),
        stability_nmi=float(np.mean(nmis)),
        min_nmi=float(np.min(nmis)),
        node_stability=[stability[r] for r in rank] if stability else [],
        resolution=resolution,
    )


def canonical_order(view: ig.Graph) -> tuple[list[int], ig.Graph]:
    """(position of each node in the canonical order, the view in that order): see
    :func:`canonical_graph`.

    Leiden's result depends on the order in which it meets nodes and edges, even with a fixed
    seed; the same data read in another order (a shuffled edge list, another row order from the
    store) must give the same communities, so every run sees one order.
    """
    return canonical_graph(view)


def _node_stability(runs: list[list[int]], best: int) -> list[float]:
    """Per node: mean over runs of the Jaccard overlap of its community with the kept one."""
    kept = np.asarray(runs[best])
    n = len(kept)
    if n == 0:
        return []
    out = np.zeros(n)
    for run in runs:
        other = np.asarray(run)
        pairs = kept.astype(np.int64) * (other.max() + 1) + other
        _, inverse, both = np.unique(pairs, return_inverse=True, return_counts=True)
        size_kept = np.bincount(kept)[kept]
        size_other = np.bincount(other)[other]
        inter = both[inverse]
        out += inter / (size_kept + size_other - inter)
    return (out / len(runs)).tolist()
