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

from collections.abc import Hashable, Sequence

import igraph as ig

from offensief.model.errors import InputError
from offensief.network.weights import edge_weights

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def constraint(graph: ig.Graph, *, weighted: bool = True) -> list[float]:
    """Burt's constraint (igraph); NaN for isolates is reported as 1.0 (fully constrained)."""
    values = graph.constraint(weights=edge_weights(graph) if weighted else None)
    return [1.0 if v != v else float(v) for v in values]


def _tie_matrix(graph: ig.Graph, *, weighted: bool) -> list[dict[int, float]]:
    """Symmetrised tie strength a_ij + a_ji per neighbour, self-loops dropped."""
    ties: list[dict[int, float]] = [dict() for _ in range(graph.vcount())]
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
