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

from offensief.disrupt.components import neighbours
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
    """The first ``k`` nodes removed when always removing the current highest degree.

    Degrees only fall, so a node whose *initial* degree is below the current maximum can
    never be next: the heap holds only a growing prefix of the nodes sorted by initial
    degree, and neighbour lists are built only for that prefix.
    """
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    rank = np.arange(n) if ranks is None else np.asarray(ranks, dtype=np.int64)
    initial = degrees(n, edges, mode)
    by_degree = np.lexsort((rank, -initial)).tolist()
    initial_list = initial.tolist()
    degree = initial.tolist()
    rank_list = rank.tolist()
    lowers = {"all": "all", "in": "out", "out": "in"}[mode]
    adjacent: dict[int, list[int]] = {}
    in_heap = [False] * n
    heap: list[tuple[int, int, int]] = []
    alive = [True] * n
    order: list[int] = []
    pushed = 0
    chunk = max(1024, 2 * k)
    k = min(k, n)
    while len(order) < k:
        if pushed < n and (not heap or initial_list[by_degree[pushed]] >= -heap[0][0]):
            batch = by_degree[pushed:pushed + chunk]
            pushed += len(batch)
            chunk *= 2
            adjacent.update(neighbours(n, edges, batch, mode=lowers))
            for v in batch:
                in_heap[v] = True
                if alive[v]:
                    heapq.heappush(heap, (-degree[v], rank_list[v], v))
            continue
        neg, _, v = heapq.heappop(heap)
        if not alive[v] or -neg != degree[v]:
            continue
        alive[v] = False
        order.append(v)
        for u in adjacent[v]:
            if alive[u]:
                degree[u] -= 1
                if in_heap[u]:
                    heapq.heappush(heap, (-degree[u], rank_list[u], u))
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
