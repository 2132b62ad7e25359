"""Edges of an igraph graph as NumPy arrays, computed once per graph.

igraph hands edges to Python as a list of tuples: 1–2 s for 4M edges, and the analysis of
one graph needs them in several places (communities, betweenness, roles). :func:`edge_array`
keeps the array on the graph object, keyed by its node and edge counts and direction, so it
is built once. Graph methods that rewire edges *in place* without changing those counts
(``contract_vertices``, ``rewire``, ``reverse_edges``) must be followed by :func:`forget`;
``copy()`` and the graph-returning methods give fresh objects without the cache.

>>> import igraph as ig
>>> edge_array(ig.Graph([(0, 1), (1, 2)])).tolist()
[[0, 1], [1, 2]]
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
from collections.abc import Callable, Sequence

import igraph as ig
import numpy as np
import scipy.sparse as sp

_KEY = "_offensief_edge_array"


def _key(graph: ig.Graph) -> tuple[int, int, bool]:
    return graph.vcount(), graph.ecount(), graph.is_directed()


def edge_array(graph: ig.Graph) -> np.ndarray:
    """(m, 2) int64 array of edge ends in edge order (read-only; cached on the graph)."""
    cached = graph.__dict__.get(_KEY)
    if cached is not None and cached[0] == _key(graph):
        return cached[1]
    m = graph.ecount()
    ends = np.fromiter(itertools.chain.from_iterable(graph.get_edgelist()), dtype=np.int64, count=2 * m)
    return _remember(graph, ends.reshape(m, 2))


def _remember(graph: ig.Graph, ends: np.ndarray) -> np.ndarray:
    ends.flags.writeable = False
    graph.__dict__[_KEY] = (_key(graph), ends)
    return ends


def forget(graph: ig.Graph) -> None:
    """Drop the cached edge array (after rewiring ``graph`` in place)."""
    graph.__dict__.pop(_KEY, None)


def graph_from_edges(n: int, ends: np.ndarray, *, directed: bool) -> ig.Graph:
    """An igraph graph from an (m, 2) integer array, with the array already cached.

    Tuples are the fastest input igraph takes (a NumPy array directly is 2–4× slower).
    """
    ends = np.ascontiguousarray(ends, dtype=np.int64).reshape(-1, 2)
    graph = ig.Graph(n=n, edges=list(zip(ends[:, 0].tolist(), ends[:, 1].tolist())), directed=directed)
    _remember(graph, ends.copy())
    return graph


def adjacency(graph: ig.Graph, weights: Sequence[float] | np.ndarray | None = None, *,
              transpose: bool = False) -> sp.csr_matrix:
    """Sparse adjacency without loops, parallel edges summed; both directions for undirected graphs.

    ``weights`` per edge (None = 1 per edge, so entries count parallel edges); ``transpose``
    gives in-edges by row for a directed graph.
    """
    n = graph.vcount()
    ends = edge_array(graph)
    values = np.ones(len(ends)) if weights is None else np.asarray(weights, dtype=np.float64)
    keep = ends[:, 0] != ends[:, 1]
    src, dst, values = ends[keep, 0], ends[keep, 1], values[keep]
    if not graph.is_directed():
        src, dst, values = np.concatenate([src, dst]), np.concatenate([dst, src]), np.concatenate([values, values])
    elif transpose:
        src, dst = dst, src
    matrix = sp.csr_matrix((values, (src, dst)), shape=(n, n))
    matrix.sum_duplicates()
    return matrix


#: Row chunks of the compiled per-node kernels; rows are dealt round-robin so hubs spread out.
ROW_CHUNKS = 16


def over_rows(kernel: Callable[[int, int], None], *, threads: int = 1) -> None:
    """Call ``kernel(first, step)`` for every chunk of rows ``first, first + step, ...``.

    The kernels are compiled with ``nogil``, so with ``threads`` > 1 the chunks run in parallel;
    each writes only its own rows of the output.
    """
    with cf.ThreadPoolExecutor(max(threads, 1)) as pool:
        list(pool.map(lambda first: kernel(first, ROW_CHUNKS), range(ROW_CHUNKS)))
