"""Removal orders: incremental sequential ranking by degree, and the naive reference.

Sequential removal by degree re-ranks after every removal. Recomputing all degrees each
time costs O(n) per step; here a heap keyed by (-degree, tie rank) is updated only for
the neighbours of the removed node (lazy deletion of stale entries), so removing ``k``
nodes costs O((k + sum of their degrees) log n).

>>> import numpy as np
>>> sequential_degree_order(4, np.array([[0, 1], [0, 2], [0, 3], [1, 2]]), 2)
[0, 1]
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np

from offensief.disrupt.components import adjacency
from offensief.model.errors import InputError


def tie_ranks(names: Sequence[str], ties: str) -> list[int]:
    """Rank used to break equal scores: lower rank is removed first."""
    n = len(names)
    if ties == "input":
        return list(range(n))
    if ties == "reverse":
        return [n - 1 - i for i in range(n)]
    if ties == "id":
        ranks = [0] * n
        for rank, index in enumerate(sorted(range(n), key=lambda i: str(names[i]))):
            ranks[index] = rank
        return ranks
    raise InputError(f"unknown tie order {ties!r}", field="ties")


def pick(scores: Sequence[float], alive: Sequence[bool], ranks: Sequence[int]) -> int:
    """The alive node with the highest score, ties to the lowest tie rank."""
    best = -1
    for v, score in enumerate(scores):
        if not alive[v]:
            continue
        if best < 0 or score > scores[best] or (score == scores[best] and ranks[v] < ranks[best]):
            best = v
    return best


def _directed_lists(n: int, edges: np.ndarray, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """CSR of the nodes whose score drops when a node goes, and of score per node."""
    if mode == "all":
        return adjacency(n, edges)
    # removing v lowers in-degree of its out-neighbours (mode "in") or out-degree of its
    # in-neighbours (mode "out")
    src, dst = (edges[:, 0], edges[:, 1]) if mode == "in" else (edges[:, 1], edges[:, 0])
    order = np.argsort(src, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return indptr, dst[order]


def degrees(n: int, edges: np.ndarray, mode: str = "all") -> np.ndarray:
    """Degree per node: ``all`` (direction ignored), ``in`` or ``out``."""
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    if mode == "all":
        return np.bincount(edges.ravel(), minlength=n)
    column = 1 if mode == "in" else 0
    return np.bincount(edges[:, column], minlength=n)


def sequential_degree_order(
    n: int,
    edges: np.ndarray,
    k: int,
    *,
    mode: str = "all",
    ranks: Sequence[int] | None = None,
) -> list[int]:
    """The first ``k`` nodes removed when always removing the current highest degree."""
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    ranks = list(range(n)) if ranks is None else list(ranks)
    degree = degrees(n, edges, mode).tolist()
    indptr, indices = _directed_lists(n, edges, mode)
    heap = [(-d, ranks[v], v) for v, d in enumerate(degree)]
    heapq.heapify(heap)
    alive = [True] * n
    order: list[int] = []
    while heap and len(order) < k:
        neg, _, v = heapq.heappop(heap)
        if not alive[v] or -neg != degree[v]:
            continue
        alive[v] = False
        order.append(v)
        for u in indices[indptr[v]:indptr[v + 1]].tolist():
            if alive[u]:
                degree[u] -= 1
                heapq.heappush(heap, (-degree[u], ranks[u], u))
    return order


def sequential_degree_order_naive(
    n: int,
    edges: np.ndarray,
    k: int,
    *,
    mode: str = "all",
    ranks: Sequence[int] | None = None,
) -> list[int]:
    """The same order by recomputing every degree after every removal (reference)."""
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    rank = np.arange(n) if ranks is None else np.asarray(ranks)
    alive = np.ones(n, dtype=bool)
    order: list[int] = []
    for _ in range(min(k, n)):
        live = edges[alive[edges[:, 0]] & alive[edges[:, 1]]]
        degree = degrees(n, live, mode).astype(np.float64)
        degree[~alive] = -np.inf
        top = np.flatnonzero(degree == degree.max())
        v = int(top[np.argmin(rank[top])])
        alive[v] = False
        order.append(v)
    return order
