"""Prepared lookups on a cached case network: most central nodes, neighbours, shortest paths.

A cached network (:func:`offensief.casework.network.case_network`) is plain data: nodes
sorted by centrality, edges sorted by source, target and relation. Answering "the 500 most
central nodes", "the neighbours of X" or "a path from X to Y" straight from it means
scanning every edge (and building a graph) on every request. A :class:`NetworkIndex`
prepares one filtered view of a result once — node ranks, the edges of each node and of
each pair, an undirected igraph graph — and then answers exactly what
:func:`~offensief.casework.network.select`, ``neighbours`` and ``shortest_path``
answer, in a fraction of a millisecond to a few milliseconds.

>>> index = NetworkIndex(result, relations=None, start=None, end=None)   # doctest: +SKIP
>>> index.select(limit=500)["total_nodes"]                               # doctest: +SKIP
11873

:class:`IndexCache` keeps the indexes of the last few (result, filters) pairs for the app.
Results are never changed in place (the analysis cache hands out the same object), so an
index is valid for as long as its result object is the one the cache returns.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from itertools import pairwise
from typing import Any

import igraph as ig
import numpy as np

from offensief.casework.network import select

Filters = tuple[tuple[str, ...] | None, str | None, str | None]


class NetworkIndex:
    """One network result under one filter (relation types and period), prepared."""

    def __init__(self, result: dict[str, Any], *, relations: list[str] | None = None,
                 start: str | None = None, end: str | None = None) -> None:
        self.result = result
        part = select(result, relations=relations, start=start, end=end)
        self.nodes: list[dict[str, Any]] = part["nodes"]  # linked nodes, most central first
        self.edges: list[dict[str, Any]] = part["edges"]
        self.by_id = {n["id"]: n for n in result["nodes"]}
        self.result_rank = {n["id"]: i for i, n in enumerate(result["nodes"])}
        rank = {n["id"]: i for i, n in enumerate(self.nodes)}
        self.rank = rank
        # an edge is inside the top ``limit`` nodes when its less central end is
        self._edge_rank = np.fromiter(
            (max(rank[e["source"]], rank[e["target"]]) for e in self.edges),
            dtype=np.int64, count=len(self.edges))
        self.incident: dict[str, list[int]] = {}
        self.pairs: dict[tuple[int, int], list[int]] = {}  # (rank, rank), lower first -> edges
        for i, edge in enumerate(self.edges):
            a, b = edge["source"], edge["target"]
            self.incident.setdefault(a, []).append(i)
            if b != a:
                self.incident.setdefault(b, []).append(i)
            ra, rb = rank[a], rank[b]
            self.pairs.setdefault((ra, rb) if ra <= rb else (rb, ra), []).append(i)
        self.graph = ig.Graph(n=len(self.nodes), edges=sorted(self.pairs), directed=False)

    def select(self, *, limit: int | None = None) -> dict[str, Any]:
        """The ``limit`` most central nodes and the edges between them (as ``select``)."""
        total = len(self.nodes)
        if limit is None or total <= limit:
            return {"nodes": list(self.nodes), "edges": list(self.edges), "total_nodes": total,
                    "truncated": False}
        inside = np.flatnonzero(self._edge_rank < limit)
        return {"nodes": self.nodes[:limit], "edges": [self.edges[i] for i in inside],
                "total_nodes": total, "truncated": True}

    def neighbours(self, entity: str) -> dict[str, Any]:
        """The entity, its direct neighbours and the edges between them (as ``neighbours``)."""
        edges = [self.edges[i] for i in self.incident.get(entity, [])]
        ids = {entity} | {e["source"] for e in edges} | {e["target"] for e in edges}
        known = sorted(ids & self.by_id.keys(), key=self.result_rank.__getitem__)
        nodes = [self.by_id[i] for i in known]
        return {"nodes": nodes, "edges": edges, "total_nodes": len(nodes), "truncated": False}

    def shortest_path(self, source: str, target: str) -> dict[str, Any]:
        """One shortest path (fewest links) between two entities, or an empty path."""
        empty: dict[str, Any] = {"nodes": [], "edges": [], "length": None}
        if source not in self.rank or target not in self.rank:
            return empty
        path = self.graph.get_shortest_path(self.rank[source], self.rank[target], output="vpath")
        if not path:
            return empty
        steps = {(a, b) if a <= b else (b, a) for a, b in pairwise(path)}
        edges = [self.edges[i] for i in sorted(i for step in steps for i in self.pairs[step])]
        return {"nodes": [self.nodes[i] for i in path], "edges": edges, "length": len(path) - 1}


class IndexCache:
    """The indexes of the last ``size`` (result, filters) pairs; one build at a time, so
    concurrent first requests wait for one index instead of each building their own."""

    def __init__(self, *, size: int = 8) -> None:
        self._items: OrderedDict[tuple[int, Filters], NetworkIndex] = OrderedDict()
        self._lock = threading.Lock()
        self._build = threading.Lock()
        self._size = size

    def get(self, result: dict[str, Any], *, relations: list[str] | None = None,
            start: str | None = None, end: str | None = None) -> NetworkIndex:
        kinds = tuple(sorted(relations)) if relations else None
        key = (id(result), (kinds, start or None, end or None))
        found = self._lookup(key, result)
        if found is not None:
            return found
        with self._build:
            found = self._lookup(key, result)
            if found is not None:
                return found
            index = NetworkIndex(result, relations=relations, start=start, end=end)
            with self._lock:
                self._items[key] = index
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
            return index

    def _lookup(self, key: tuple[int, Filters], result: dict[str, Any]) -> NetworkIndex | None:
        with self._lock:
            index = self._items.get(key)
            if index is None or index.result is not result:  # an id reused by a new object
                return None
            self._items.move_to_end(key)
            return index
