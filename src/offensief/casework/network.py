"""The network tab of a case, on the network package's typed entity graph.

:func:`network_tab` collapses parallel relations of the viewer's entity graph into one
weighted edge per pair and type with its first/last date, and adds PageRank centrality,
the community and role the case pipeline found (:mod:`offensief.casework.pipeline`) and a
layout: Fruchterman–Reingold for small networks, :func:`community_layout` (each community a
disc, discs placed by their links) for large ones, so the browser only places nodes.
Results hold ids and numbers only, so they can be cached and masked per viewer.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import igraph as ig
import numpy as np

from offensief.network.seeded import fruchterman_reingold
from offensief.store.duckstore import Store
from offensief.store.reads import relation_dates

Progress = Callable[..., None]
#: Above this many nodes the layout is :func:`community_layout`, and Fruchterman–Reingold
#: (inside a community) runs on a grid with fewer iterations.
FR_LIMIT = 1500
#: Above this many communities discs are not separated pairwise (quadratic): plain grid FR.
MAX_DISCS = 1500


def collapse(graph: ig.Graph, dates: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """One edge per (source, target, type): ``weight`` = number of relations, first/last date."""
    names = graph.vs["name"]
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for edge in graph.es:
        key = (names[edge.source], names[edge.target], edge["type"])
        item = merged.setdefault(key, {"source": key[0], "target": key[1], "relation": key[2],
                                       "weight": 0, "first": None, "last": None})
        item["weight"] += 1
        first, last = dates.get(edge["relation"], (None, None))
        if first:
            item["first"] = min(item["first"] or first, first)
            item["last"] = max(item["last"] or last, last)
    edges = sorted(merged.values(), key=lambda e: (e["source"], e["target"], e["relation"]))
    for i, edge in enumerate(edges):
        edge["id"] = f"e{i}"
    return edges


def _separate(centres: np.ndarray, radius: np.ndarray, *, rounds: int = 200) -> np.ndarray:
    """Push overlapping discs apart along the line between their centres."""
    eye = np.eye(len(centres))
    for _ in range(rounds):
        diff = centres[:, None, :] - centres[None, :, :]
        dist = np.sqrt((diff ** 2).sum(-1)) + eye
        over = np.clip(radius[:, None] + radius[None, :] - dist, 0.0, None)
        np.fill_diagonal(over, 0.0)
        if over.max() < 1e-3:
            break
        centres = centres + (diff / dist[..., None] * (over / 2)[..., None]).sum(1)
    return centres


def _disc(graph: ig.Graph, members: list[int], radius: float) -> np.ndarray:
    """Fruchterman–Reingold of one community, centred and scaled into a disc of ``radius``
    (90 % of the members inside; the rest on the rim)."""
    if len(members) == 1:
        return np.zeros((1, 2))
    sub = graph.induced_subgraph(members)
    big = len(members) > FR_LIMIT
    coords = np.array(fruchterman_reingold(sub, niter=100 if big else 200, grid=big))
    coords -= np.median(coords, axis=0)
    dist = np.sqrt((coords ** 2).sum(1))
    reach = float(np.percentile(dist, 90)) or 1.0
    coords *= radius / reach
    far = dist > reach
    coords[far] /= (dist[far] / reach)[:, None]
    return coords


def community_layout(graph: ig.Graph, membership: list[int], *,
                     spacing: float = 30.0) -> np.ndarray:
    """Positions for a large graph: each community a disc of area proportional to its size,
    laid out inside by Fruchterman–Reingold; the discs placed by Fruchterman–Reingold on the
    community graph (weights = links between communities) and pushed apart until none
    overlap; communities without links to the main body in a row beneath it.
    ``spacing`` is the typical distance between neighbouring nodes.

    >>> g = ig.Graph.Famous("Zachary")
    >>> community_layout(g, g.community_multilevel().membership).shape
    (34, 2)
    """
    groups: dict[int, list[int]] = defaultdict(list)
    for vertex, community in enumerate(membership):
        groups[community].append(vertex)
    keys = sorted(groups)
    index = {c: k for k, c in enumerate(keys)}
    local = np.zeros((graph.vcount(), 2))
    radius = np.zeros(len(keys))
    for k, community in enumerate(keys):
        members = groups[community]
        inner = spacing * 0.5 * np.sqrt(len(members))
        local[members] = _disc(graph, members, inner)
        radius[k] = inner + spacing
    links = graph.copy()
    links.es["weight"] = [1.0] * links.ecount()
    links.contract_vertices([index[c] for c in membership], combine_attrs=None)
    links.simplify(loops=True, multiple=True, combine_edges={"weight": "sum"})
    parts = sorted(links.components(), key=len, reverse=True)
    centres = np.zeros((len(keys), 2))
    main = parts[0]
    if len(main) > 1:
        body = links.induced_subgraph(main)
        xy = np.array(fruchterman_reingold(body, weights=body.es["weight"], niter=500))
        diff = xy[:, None, :] - xy[None, :, :]
        nearest = np.sqrt((diff ** 2).sum(-1) + np.diag(np.full(len(main), np.inf))).min(1)
        xy *= float(np.median(2 * radius[main])) / max(float(np.median(nearest)), 1e-9)
        centres[main] = _separate(xy, radius[main])
    floor = float((centres[main, 1] + radius[main]).max())
    x = float((centres[main, 0] - radius[main]).min())
    for part in parts[1:]:
        for k in part:
            centres[k] = (x + radius[k], floor + radius[k])
            x += 2 * radius[k]
    return local + centres[[index[c] for c in membership]]


def _layout(graph: ig.Graph, membership: list[int] | None) -> list[tuple[float, float]]:
    """Node positions in screen units: plain Fruchterman–Reingold for small graphs,
    :func:`community_layout` for large ones (grid FR when there are too many communities)."""
    n = graph.vcount()
    if not n:
        return []
    if n <= FR_LIMIT:
        small = fruchterman_reingold(graph, niter=300)
        return [(x * 60.0, y * 60.0) for x, y in small]
    if membership is not None and len(set(membership)) <= MAX_DISCS:
        return [(float(x), float(y)) for x, y in community_layout(graph, membership)]
    grid = fruchterman_reingold(graph, niter=100, grid=True)
    return [(x * 12.0, y * 12.0) for x, y in grid]


def network_tab(store: Store, graph: ig.Graph, *, datasets: list[str],
                community_of: Mapping[str, int], role_of: Mapping[str, tuple[str, float]],
                progress: Progress | None = None) -> dict[str, Any]:
    """Nodes (PageRank centrality, community, role, layout) and collapsed edges of the
    entity graph. Communities and roles come from the case pipeline's one analysis of the
    person network (:mod:`offensief.casework.pipeline`): a person keeps its community, any
    other entity takes the most common community of the persons it is linked to (-1: none)."""
    step = progress or (lambda *a, **k: None)
    if "name" not in graph.vs.attributes():
        graph.vs["name"] = []
    dates = relation_dates(store, sorted(set(graph.es["relation"])) if graph.ecount() else [], datasets)
    edges = collapse(graph, dates)
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    keep = [v.index for v in graph.vs if v["name"] in linked]
    sub = graph.induced_subgraph(keep) if keep else ig.Graph(directed=True)
    n = sub.vcount()
    step(5, 7, "centrality and layout")
    undirected = sub.as_undirected(mode="collapse") if n else sub
    undirected.es["weight"] = [1.0] * undirected.ecount()
    pagerank = undirected.pagerank() if n else []
    names = sub.vs["name"] if n else []
    membership = [community_of.get(name, -1) for name in names]
    for i in range(n):
        if membership[i] == -1:
            around = Counter(community_of[names[j]] for j in undirected.neighbors(i)
                             if names[j] in community_of)
            membership[i] = min(around, key=lambda c: (-around[c], c)) if around else -1
    coords = _layout(undirected, membership if n else None)
    degrees = undirected.degree() if n else []
    nodes = []
    for i in range(n):
        name = names[i]
        role = role_of.get(name)
        nodes.append({
            "id": name, "source_ids": list(sub.vs[i]["source_ids"]), "schema": sub.vs[i]["schema"],
            "degree": int(degrees[i]), "centrality": float(pagerank[i]), "community": membership[i],
            "role": role[0] if role else None, "role_score": role[1] if role else None,
            "x": round(coords[i][0], 1), "y": round(coords[i][1], 1),
        })
    nodes.sort(key=lambda node: -node["centrality"])
    return {"nodes": nodes, "edges": edges, "relations": sorted({e["relation"] for e in edges}),
            "measure": "pagerank (undirected entity graph, unweighted)"}


def select(result: dict[str, Any], *, relations: list[str] | None = None, start: str | None = None,
           end: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """The part of a cached network matching the filters: relation types, a period (edges
    whose first/last dates overlap it; undated edges are kept), and the ``limit`` most
    central nodes."""
    wanted = set(relations) if relations else None
    edges = [e for e in result["edges"]
             if (wanted is None or e["relation"] in wanted)
             and (not start or not e["last"] or e["last"] >= start)
             and (not end or not e["first"] or e["first"] <= end)]
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [n for n in result["nodes"] if n["id"] in linked]
    total = len(nodes)
    if limit is not None and len(nodes) > limit:
        nodes = nodes[:limit]
        keep = {n["id"] for n in nodes}
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    return {"nodes": nodes, "edges": edges, "total_nodes": total, "truncated": len(nodes) < total}


def neighbours(result: dict[str, Any], entity: str, **filters: Any) -> dict[str, Any]:
    """The entity, its direct neighbours and the edges between them."""
    part = select(result, **filters)
    edges = [e for e in part["edges"] if entity in (e["source"], e["target"])]
    ids = {entity} | {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [n for n in result["nodes"] if n["id"] in ids]
    return {"nodes": nodes, "edges": edges, "total_nodes": len(nodes), "truncated": False}


def _undirected(edges: Iterable[dict[str, Any]]) -> ig.Graph:
    pairs = {tuple(sorted((e["source"], e["target"]))) for e in edges}
    return ig.Graph.TupleList(pairs, directed=False)


def shortest_path(result: dict[str, Any], source: str, target: str, **filters: Any) -> dict[str, Any]:
    """One shortest path (fewest links) between two entities, or an empty path."""
    part = select(result, **filters)
    graph = _undirected(part["edges"])
    index = {name: i for i, name in enumerate(graph.vs["name"])} if graph.vcount() else {}
    if source not in index or target not in index:
        return {"nodes": [], "edges": [], "length": None}
    path = graph.get_shortest_path(index[source], index[target], output="vpath")
    if not path:
        return {"nodes": [], "edges": [], "length": None}
    ids = [graph.vs[i]["name"] for i in path]
    by_id = {n["id"]: n for n in result["nodes"]}
    steps = {frozenset((a, b)) for a, b in itertools.pairwise(ids)}
    edges = [e for e in part["edges"] if frozenset((e["source"], e["target"])) in steps]
    return {"nodes": [by_id[i] for i in ids], "edges": edges, "length": len(ids) - 1}
