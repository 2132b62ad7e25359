"""Brokerage: Burt's constraint and effective size, Gould–Fernandez brokerage roles.

A broker sits between people who do not deal with each other directly. Burt measures how
much a node's contacts are redundant (constraint, effective size); Gould & Fernandez (1989)
classify each open two-step path a → b → c by the groups of a, b and c:

=============== ====================== ==========================================
role            groups                 reading
=============== ====================== ==========================================
coordinator     a = b = c              mediates inside its own group
itinerant       a = c ≠ b              outsider mediating inside another group
representative  a = b ≠ c              speaks for its group to the outside
gatekeeper      b = c ≠ a              controls entry into its group
liaison         a ≠ b ≠ c, a ≠ c       links two groups it does not belong to
=============== ====================== ==========================================

A path counts only when a has no direct tie to c. Undirected graphs count every edge in
both directions (so representative and gatekeeper counts coincide).

>>> import igraph as ig
>>> g = ig.Graph([(0, 1), (1, 2)], directed=True)
>>> gould_fernandez(g, groups=["x", "x", "y"])[1]["representative"]
1
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import igraph as ig
import numpy as np
from numba import njit

from offensief.model.errors import InputError
from offensief.network.edges import adjacency, over_rows
from offensief.network.weights import edge_weights

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


@njit(cache=True, nogil=True)
def _constraint_rows(ptr: np.ndarray, idx: np.ndarray, share: np.ndarray, first: int, step: int,
                     out: np.ndarray) -> None:
    """c_i = Σ_j (p_ij + Σ_q p_iq p_qj)² over contacts j, q of i, for rows first, first+step, ...

    ``share`` holds p_ij per CSR entry (tie strength over the row's total); NaN for isolates.
    """
    n = len(ptr) - 1
    acc = np.zeros(n)
    mine = np.zeros(n, dtype=np.bool_)
    for i in range(first, n, step):
        if ptr[i] == ptr[i + 1]:
            out[i] = np.nan
            continue
        for e in range(ptr[i], ptr[i + 1]):
            mine[idx[e]] = True
            acc[idx[e]] = share[e]
        for e in range(ptr[i], ptr[i + 1]):
            q, p_iq = idx[e], share[e]
            for f in range(ptr[q], ptr[q + 1]):
                if mine[idx[f]]:
                    acc[idx[f]] += p_iq * share[f]
        total = 0.0
        for e in range(ptr[i], ptr[i + 1]):
            total += acc[idx[e]] ** 2
            mine[idx[e]] = False
        out[i] = total


def constraint(graph: ig.Graph, *, weighted: bool = True, threads: int = 1) -> list[float]:
    """Burt's constraint; NaN for isolates is reported as 1.0 (fully constrained).

    Undirected simple graphs go through a compiled kernel over the sparse adjacency (split
    over ``threads``; 1M nodes / 4M edges in about a second); others through igraph.
    Both give networkx's ``constraint``.
    """
    weights = edge_weights(graph) if weighted else None
    if graph.is_directed() or not graph.is_simple():
        values = graph.constraint(weights=weights)
        return [1.0 if math.isnan(v) else float(v) for v in values]
    matrix = adjacency(graph, weights)
    matrix.eliminate_zeros()  # a tie of weight 0 is no tie (networkx); all-zero nodes become isolates
    strength = np.asarray(matrix.sum(axis=1)).ravel()
    rows = np.repeat(np.arange(graph.vcount()), np.diff(matrix.indptr))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = matrix.data / strength[rows]
    out = np.empty(graph.vcount())
    ptr, idx = matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64)
    over_rows(lambda first, step: _constraint_rows(ptr, idx, share, first, step, out), threads=threads)
    return np.where(np.isnan(out), 1.0, out).tolist()


def _tie_matrix(graph: ig.Graph, *, weighted: bool) -> list[dict[int, float]]:
    """Symmetrised tie strength a_ij + a_ji per neighbour, self-loops dropped."""
    ties: list[dict[int, float]] = [{} for _ in range(graph.vcount())]
    weights = edge_weights(graph) if weighted else [1.0] * graph.ecount()
    for (u, v), w in zip(graph.get_edgelist(), weights):
        if u == v:
            continue
        ties[u][v] = ties[u].get(v, 0.0) + w
        ties[v][u] = ties[v].get(u, 0.0) + w
    return ties


def effective_size(graph: ig.Graph, *, weighted: bool = True) -> list[float]:
    """Burt's effective size: Σ_j (1 − Σ_q p_iq m_jq) over neighbours j of i.

    p_iq is i's proportional tie to q, m_jq is j's tie to q divided by j's strongest tie
    (Burt 1992, as in networkx). Isolates get 0.
    """
    ties = _tie_matrix(graph, weighted=weighted)
    strongest = [max(t.values()) if t else 0.0 for t in ties]
    out: list[float] = []
    for i, mine in enumerate(ties):
        total = sum(mine.values())
        if not mine:
            out.append(0.0)
            continue
        size = 0.0
        for j in mine:
            redundancy = 0.0
            theirs = ties[j]
            for q, a_iq in mine.items():
                if q == j or q not in theirs:
                    continue
                redundancy += (a_iq / total) * (theirs[q] / strongest[j])
            size += 1.0 - redundancy
        out.append(size)
    return out


def _role(ga: Hashable, gb: Hashable, gc: Hashable) -> str:
    if ga == gb == gc:
        return "coordinator"
    if ga == gc:
        return "itinerant"
    if ga == gb:
        return "representative"
    if gb == gc:
        return "gatekeeper"
    return "liaison"


def gould_fernandez(graph: ig.Graph, *, groups: Sequence[Hashable]) -> list[dict[str, int]]:
    """Counts of each Gould–Fernandez role per node (needs one group label per node)."""
    if len(groups) != graph.vcount():
        raise InputError(f"need one group per node ({graph.vcount()}), got {len(groups)}", field="groups")
    directed = graph.is_directed()
    succ = [set(s) for s in graph.get_adjlist(mode="out" if directed else "all")]
    pred = [set(p) for p in graph.get_adjlist(mode="in" if directed else "all")]
    out: list[dict[str, int]] = []
    for b in range(graph.vcount()):
        counts = dict.fromkeys(ROLES, 0)
        for a in pred[b]:
            if a == b:
                continue
            for c in succ[b]:
                if c in (a, b) or c in succ[a]:
                    continue
                counts[_role(groups[a], groups[b], groups[c])] += 1
        if not directed:
            # each unordered pair was seen in both directions; representative/gatekeeper
            # are the two readings of the same pair and stay as counted
            counts = {k: v if k in ("representative", "gatekeeper") else v // 2 for k, v in counts.items()}
        out.append(counts)
    return out
