"""Betweenness by shortest-path sampling with balanced bidirectional search (numba).

Riondato & Kornaropoulos (2016) estimate betweenness from r pairs (s, t) drawn uniformly: per
pair one shortest s–t path is drawn uniformly among all of them and its interior nodes get
1/r. With r ≥ (c/ε²)(⌊log₂(VD − 2)⌋ + 1 + ln(1/δ)), c = 0.5 and VD an upper bound on the
number of nodes of any shortest path, every node's estimate is within ε of its betweenness
(normalised by the n(n − 1) ordered pairs) with probability ≥ 1 − δ.

Each pair costs one *balanced bidirectional* breadth-first search (Borassi & Natale's
KADABRA does the same): the side whose frontier has fewer edges grows by one level until the
two sides meet, so on small-world graphs a pair touches a few thousand nodes instead of the
whole graph. NetworKit's KADABRA does this too, but its start-up (an exact diameter) took
45 s at 100k nodes; here VD is bounded in one pass: per connected component a
breadth-first search from its best-connected node gives its eccentricity e, and any shortest
path in that component has at most 2e + 1 nodes. For directed graphs the bound is n (safe;
it only enters through a logarithm).

Pairs are split into :data:`CHUNKS` fixed chunks with their own random streams, so the
result depends on the seed only, not on the number of threads; the kernels release the GIL.

>>> import igraph as ig
>>> values, info = path_sampling_betweenness(ig.Graph.Star(50), epsilon=0.05, seed=1)
>>> round(values[0], 1), info["samples"] > 0
(1.0, True)
"""

from __future__ import annotations

import concurrent.futures as cf
import math
from typing import Any

import igraph as ig
import numpy as np
from numba import njit

from offensief.network.edges import adjacency

#: Pairs are drawn in this many independent chunks (fixed, so results do not depend on threads).
CHUNKS = 16
#: Universal constant of the VC-dimension sample bound (Löffler & Phillips; Riondato & Kornaropoulos).
UNIVERSAL_CONSTANT = 0.5


def csr_views(graph: ig.Graph) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(out_ptr, out_idx, in_ptr, in_idx) of the simple graph (parallel edges and loops dropped).

    For an undirected graph both directions hold every edge and the in-arrays are the out-arrays.
    """
    out = adjacency(graph)
    out_ptr, out_idx = out.indptr.astype(np.int64), out.indices.astype(np.int32)
    if not graph.is_directed():
        return out_ptr, out_idx, out_ptr, out_idx
    inc = adjacency(graph, transpose=True)
    return out_ptr, out_idx, inc.indptr.astype(np.int64), inc.indices.astype(np.int32)


@njit(cache=True, nogil=True)
def _eccentricity_bound(ptr: np.ndarray, idx: np.ndarray) -> int:
    """Largest 2·ecc(v) over components, v the highest-degree node of each (undirected CSR)."""
    n = len(ptr) - 1
    degree = ptr[1:] - ptr[:-1]
    order = np.argsort(-degree, kind="mergesort")
    dist = np.full(n, -1, dtype=np.int32)
    queue = np.empty(n, dtype=np.int32)
    best = 0
    for root in order:
        if dist[root] != -1:
            continue
        dist[root] = 0
        queue[0] = root
        head, tail, ecc = 0, 1, 0
        while head < tail:
            u = queue[head]
            head += 1
            for e in range(ptr[u], ptr[u + 1]):
                w = idx[e]
                if dist[w] == -1:
                    dist[w] = dist[u] + 1
                    ecc = max(ecc, dist[w])
                    queue[tail] = w
                    tail += 1
        best = max(best, 2 * ecc)
    return best


@njit(cache=True, nogil=True)
def _next(state: np.uint64) -> tuple[np.uint64, np.uint64]:
    """splitmix64: (new state, random 64-bit value)."""
    state = state + np.uint64(0x9E3779B97F4A7C15)
    z = state
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return state, z ^ (z >> np.uint64(31))


@njit(cache=True, nogil=True)
def _uniform(state: np.uint64) -> tuple[np.uint64, float]:
    state, z = _next(state)
    return state, (z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True, nogil=True)
def _grow(ptr: np.ndarray, idx: np.ndarray, order: np.ndarray, lo: int, hi: int, size: int,
          dist: np.ndarray, sigma: np.ndarray, other: np.ndarray) -> tuple[int, int, bool]:
    """Expand one level of a breadth-first side: (new size, edges of the new level, met other side).

    Path counts of a level that grow huge are divided by their maximum (one factor per level
    keeps every ratio the sampling uses), so σ never overflows on long, wide layered graphs.
    """
    met = False
    edges = 0
    start = size
    for k in range(lo, hi):
        u = order[k]
        level = dist[u] + 1
        for e in range(ptr[u], ptr[u + 1]):
            w = idx[e]
            if dist[w] == -1:
                dist[w] = level
                sigma[w] = sigma[u]
                order[size] = w
                size += 1
                edges += ptr[w + 1] - ptr[w]
                if other[w] != -1:
                    met = True
            elif dist[w] == level:
                sigma[w] += sigma[u]
    top = 0.0
    for k in range(start, size):
        top = max(top, sigma[order[k]])
    if top > 1e100:
        for k in range(start, size):
            sigma[order[k]] /= top
    return size, edges, met


@njit(cache=True, nogil=True)
def _walk(start: int | np.integer, end: int | np.integer, ptr: np.ndarray, idx: np.ndarray, dist: np.ndarray, sigma: np.ndarray,
          counts: np.ndarray, state: np.uint64) -> np.uint64:
    """Walk from ``start`` back to the side's root, each step to a node p one level closer with
    probability σ(p)/Σσ(p') (= σ(p)/σ(x) but safe when levels were rescaled); count every node
    passed except the root ``end``."""
    x = start
    while dist[x] > 0:
        total = 0.0
        for e in range(ptr[x], ptr[x + 1]):
            if dist[idx[e]] == dist[x] - 1:
                total += sigma[idx[e]]
        state, u = _uniform(state)
        target = u * total
        acc = 0.0
        chosen = -1
        for e in range(ptr[x], ptr[x + 1]):
            p = idx[e]
            if dist[p] == dist[x] - 1:
                chosen = p
                acc += sigma[p]
                if acc > target:
                    break
        x = chosen
        if x != end:
            counts[x] += 1
    return state


@njit(cache=True, nogil=True)
def _sample_pairs(out_ptr: np.ndarray, out_idx: np.ndarray, in_ptr: np.ndarray, in_idx: np.ndarray,
                  samples: int, seed: np.uint64) -> np.ndarray:
    """Interior-node counts of ``samples`` uniformly drawn shortest paths between random pairs."""
    n = len(out_ptr) - 1
    counts = np.zeros(n, dtype=np.int32)
    dist_s = np.full(n, -1, dtype=np.int32)
    dist_t = np.full(n, -1, dtype=np.int32)
    sigma_s = np.zeros(n, dtype=np.float64)
    sigma_t = np.zeros(n, dtype=np.float64)
    order_s = np.empty(n, dtype=np.int32)
    order_t = np.empty(n, dtype=np.int32)
    state = seed
    for _ in range(samples):
        state, a = _next(state)
        state, b = _next(state)
        s = np.int64(a % np.uint64(n))
        t = np.int64(b % np.uint64(n - 1))
        if t >= s:
            t += 1
        dist_s[s], sigma_s[s], order_s[0] = 0, 1.0, s
        dist_t[t], sigma_t[t], order_t[0] = 0, 1.0, t
        s_lo, s_hi, size_s, edges_s = 0, 1, 1, out_ptr[s + 1] - out_ptr[s]
        t_lo, t_hi, size_t, edges_t = 0, 1, 1, in_ptr[t + 1] - in_ptr[t]
        met, grew_s = False, True
        while not met and s_lo < s_hi and t_lo < t_hi:
            grew_s = edges_s <= edges_t
            if grew_s:
                size_s, edges_s, met = _grow(out_ptr, out_idx, order_s, s_lo, s_hi, size_s,
                                             dist_s, sigma_s, dist_t)
                s_lo, s_hi = s_hi, size_s
            else:
                size_t, edges_t, met = _grow(in_ptr, in_idx, order_t, t_lo, t_hi, size_t,
                                             dist_t, sigma_t, dist_s)
                t_lo, t_hi = t_hi, size_t
        if met:
            # the nodes where the sides met all lie on shortest paths, in the level just grown
            layer = order_s[s_lo:s_hi] if grew_s else order_t[t_lo:t_hi]
            total = 0.0
            for w in layer:
                if dist_s[w] != -1 and dist_t[w] != -1:
                    total += sigma_s[w] * sigma_t[w]
            state, u = _uniform(state)
            target = u * total
            acc = 0.0
            meet = -1
            for w in layer:
                if dist_s[w] != -1 and dist_t[w] != -1:
                    meet = w
                    acc += sigma_s[w] * sigma_t[w]
                    if acc > target:
                        break
            if meet != s and meet != t:
                counts[meet] += 1
            state = _walk(meet, s, in_ptr, in_idx, dist_s, sigma_s, counts, state)
            state = _walk(meet, t, out_ptr, out_idx, dist_t, sigma_t, counts, state)
        for k in range(size_s):
            dist_s[order_s[k]] = -1
        for k in range(size_t):
            dist_t[order_t[k]] = -1
    return counts


def sample_size(epsilon: float, delta: float, vertex_diameter: int) -> int:
    """Pairs needed for error ≤ ``epsilon`` (ordered-pair normalisation) with probability ≥ 1 − ``delta``."""
    vc = math.floor(math.log2(vertex_diameter - 2)) + 1 if vertex_diameter > 2 else 1
    return math.ceil(UNIVERSAL_CONSTANT / epsilon**2 * (vc + math.log(1.0 / delta)))


def path_sampling_betweenness(
    graph: ig.Graph, *, epsilon: float = 0.01, delta: float = 0.1, seed: int = 0, threads: int = 1,
) -> tuple[list[float], dict[str, Any]]:
    """Betweenness on hop distance, normalised by (n−1)(n−2) (directed) or (n−1)(n−2)/2.

    ``epsilon`` bounds the error of the returned values: all are within it of the true
    betweenness at once with probability ≥ 1 − ``delta``.
    """
    n = graph.vcount()
    directed = graph.is_directed()
    if n < 3:
        return [0.0] * n, {"method": "exact", "weights": "none (hop distance)"}
    out_ptr, out_idx, in_ptr, in_idx = csr_views(graph)
    if directed:
        vertex_diameter, how = n, "n (directed graph)"
    else:
        vertex_diameter = _eccentricity_bound(out_ptr, out_idx) + 1
        how = "2·eccentricity of each component's best-connected node + 1"
    # estimate b̃ over ordered pairs; the reported value is b̃·n/(n−2), so its error is ε̃·n/(n−2)
    pair_epsilon = epsilon * (n - 2) / n
    samples = sample_size(pair_epsilon, delta, vertex_diameter) if vertex_diameter > 2 else 0
    info = {"method": "approx", "algorithm": "shortest-path sampling, balanced bidirectional BFS "
            "(Riondato-Kornaropoulos bound)", "samples": samples, "epsilon": epsilon, "delta": delta,
            "seed": seed, "vertex_diameter_bound": vertex_diameter, "vertex_diameter_from": how,
            "weights": "none (hop distance)", "normalised": "(n-1)(n-2)" + ("" if directed else "/2"),
            "error_bound": epsilon,
            "guarantee": f"|error| <= {epsilon:.4g} for every node with probability >= {1 - delta}"}
    if samples == 0:
        return [0.0] * n, info
    per_chunk = [samples // CHUNKS + (1 if k < samples % CHUNKS else 0) for k in range(CHUNKS)]
    # independent streams: splitmix64 states that are multiples of its increment would overlap
    seeds = np.random.SeedSequence(seed).generate_state(CHUNKS, dtype=np.uint64)
    jobs = [(k, s) for k, s in zip(per_chunk, seeds) if k]

    def run(job: tuple[int, np.uint64]) -> np.ndarray:
        return _sample_pairs(out_ptr, out_idx, in_ptr, in_idx, job[0], job[1])

    if threads > 1:
        with cf.ThreadPoolExecutor(threads) as pool:
            parts = list(pool.map(run, jobs))
    else:
        parts = [run(job) for job in jobs]
    counts = np.sum(parts, axis=0, dtype=np.int64)
    return (counts * (n / ((n - 2) * samples))).tolist(), info
