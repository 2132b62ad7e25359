"""Connected components under node removal: incremental (reverse union-find) and naive.

When the removal order is known up front, the sizes of the components after every
removal follow from *adding the nodes back in reverse order* into a union-find: each
addition only touches the edges of the added node, so all ``k + 1`` measurements cost
about as much as one component computation. The naive way recomputes components after
every removal. Both give the same numbers (tested on random graphs); strongly connected
components have no such shortcut and are recomputed (fine at case size).

>>> import numpy as np
>>> edges = np.array([[0, 1], [1, 2], [3, 4]])
>>> weak_trace(5, edges, [1]).largest
[3, 2]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import igraph as ig
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


@dataclass(frozen=True, slots=True)
class ComponentTrace:
    """Largest component size and number of components at row k = after k removals."""

    largest: list[int]
    count: list[int]

    def fractions(self) -> list[float]:
        """Largest component as a fraction of its size at the start."""
        start = self.largest[0] or 1
        return [size / start for size in self.largest]


def neighbours(
    n: int, edges: np.ndarray, nodes: Sequence[int], *, mode: str = "all"
) -> dict[int, list[int]]:
    """Neighbour lists of only ``nodes`` (one entry per edge; cheap for few nodes).

    ``mode`` ``all`` ignores direction; ``out`` lists the heads of a node's arcs (whose
    in-degree drops when it goes); ``in`` lists the tails of its incoming arcs.
    """
    wanted = np.zeros(n, dtype=bool)
    wanted[np.asarray(nodes, dtype=np.int64)] = True
    pairs = []
    if mode in ("all", "out"):
        hit = edges[wanted[edges[:, 0]]]
        pairs.append(hit)
    if mode in ("all", "in"):
        hit = edges[wanted[edges[:, 1]]]
        pairs.append(hit[:, ::-1])
    both = np.concatenate(pairs) if pairs else np.zeros((0, 2), np.int64)
    both = both[np.argsort(both[:, 0], kind="stable")]
    lists: dict[int, list[int]] = {int(v): [] for v in nodes}
    if len(both):
        starts = np.flatnonzero(np.r_[True, both[1:, 0] != both[:-1, 0]])
        for row, chunk in zip(both[starts, 0].tolist(), np.split(both[:, 1], starts[1:]),
                              strict=True):
            lists[row] = chunk.tolist()
    return lists


def _labels(n: int, edges: np.ndarray, alive: np.ndarray) -> tuple[int, np.ndarray]:
    """Weak component labels of the subgraph induced by ``alive`` (dead nodes get -1)."""
    keep = alive[edges[:, 0]] & alive[edges[:, 1]] if len(edges) else np.zeros(0, bool)
    kept = edges[keep]
    matrix = coo_matrix((np.ones(len(kept), dtype=np.int8), (kept[:, 0], kept[:, 1])),
                        shape=(n, n))
    _, labels = connected_components(matrix, directed=False)
    labels = labels.astype(np.int64)
    labels[~alive] = -1
    return len(np.unique(labels[alive])), labels


def weak_trace(n: int, edges: np.ndarray, order: Sequence[int]) -> ComponentTrace:
    """Component trace of removing ``order`` from the graph, by reverse union-find.

    ``edges`` is an ``(m, 2)`` array of node indices (direction is ignored). Cost: one
    component computation of the final graph plus the edges of the removed nodes.
    """
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    removed = [int(v) for v in order]
    alive = np.ones(n, dtype=bool)
    alive[removed] = False
    count, labels = _labels(n, edges, alive)
    sizes = np.bincount(labels[alive], minlength=n) if n else np.zeros(0, np.int64)
    # union-find over nodes: every alive node points at a representative of its component
    rep = np.full(n, -1, dtype=np.int64)
    rep[labels[alive]] = np.flatnonzero(alive)
    parent = np.where(alive, rep[np.maximum(labels, 0)], np.arange(n)).tolist()
    size_array = np.zeros(n, dtype=np.int64)
    roots = rep >= 0
    size_array[rep[roots]] = sizes[roots]
    size = size_array.tolist()
    largest_now = int(size_array.max()) if n else 0
    adjacent = neighbours(n, edges, removed) if removed else {}
    is_alive = alive.tolist()

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    largest = [largest_now]
    counts = [count]
    for v in reversed(removed):
        is_alive[v] = True
        parent[v] = v
        size[v] = 1
        count += 1
        root_v = v
        for u in adjacent[v]:
            if not is_alive[u]:
                continue
            root_u = find(u)
            if root_u == root_v:
                continue
            if size[root_u] < size[root_v]:
                root_u, root_v = root_v, root_u
            parent[root_v] = root_u
            size[root_u] += size[root_v]
            root_v = root_u
            count -= 1
        largest_now = max(largest_now, size[root_v])
        largest.append(largest_now)
        counts.append(count)
    largest.reverse()
    counts.reverse()
    return ComponentTrace(largest=largest, count=counts)


def weak_trace_naive(n: int, edges: np.ndarray, order: Sequence[int]) -> ComponentTrace:
    """The same trace by recomputing components after every removal (reference)."""
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    alive = np.ones(n, dtype=bool)
    largest: list[int] = []
    counts: list[int] = []
    for step in range(len(order) + 1):
        if step:
            alive[int(order[step - 1])] = False
        count, labels = _labels(n, edges, alive)
        live = labels[alive]
        largest.append(int(np.bincount(live).max()) if len(live) else 0)
        counts.append(count)
    return ComponentTrace(largest=largest, count=counts)


def component_sizes(graph: ig.Graph, *, strong: bool) -> list[int]:
    """Sizes of the weak or strong components of an igraph graph."""
    if graph.vcount() == 0:
        return []
    mode = "strong" if strong and graph.is_directed() else "weak"
    return list(graph.connected_components(mode=mode).sizes())


def strong_trace(graph: ig.Graph, order: Sequence[int]) -> ComponentTrace:
    """Trace of the strongly connected components, recomputed after every removal."""
    alive = np.ones(graph.vcount(), dtype=bool)
    largest: list[int] = []
    counts: list[int] = []
    for step in range(len(order) + 1):
        if step:
            alive[int(order[step - 1])] = False
        sizes = component_sizes(graph.induced_subgraph(np.flatnonzero(alive).tolist()),
                                strong=True)
        largest.append(max(sizes, default=0))
        counts.append(len(sizes))
    return ComponentTrace(largest=largest, count=counts)
