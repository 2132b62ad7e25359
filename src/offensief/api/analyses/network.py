"""The case network for the UI: entities linked by relationship entities (FtM edges).

``case_network`` builds the typed graph from the visible datasets (Call caller→receiver,
Payment payer→beneficiary (or account→account), and every FtM edge schema: Ownership,
Directorship, Family, Associate, Membership, Employment, …), collapses parallel links into one
weighted edge per pair and relation, and computes PageRank centrality, degree, Leiden
communities and a layout. Relation ids, not names, are stored: the result is cacheable.

>>> result = case_network(store, datasets=["politie-bvh"])     # doctest: +SKIP
>>> result["nodes"][0].keys()                                   # doctest: +SKIP
dict_keys(['id', 'schema', 'degree', 'centrality', 'community', 'x', 'y'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import igraph as ig
from followthemoney import model

from offensief.network.communities import leiden
from offensief.network.measures import node_measures
from offensief.store.duckstore import Store

Progress = Callable[..., None]

#: Relationship schemata without an FtM edge specification, and their endpoints.
EXTRA_EDGES: dict[str, tuple[str, str]] = {"Call": ("caller", "receiver")}
#: Payments without payer/beneficiary link their accounts.
PAYMENT_ACCOUNTS = ("payerAccount", "beneficiaryAccount")
DATE_PROPS = ("date", "startDate", "endDate")
#: Above this many nodes the layout uses DrL instead of Fruchterman–Reingold.
FR_LIMIT = 1500


def edge_schemata() -> dict[str, tuple[str, str]]:
    """Schema name -> (source property, target property)."""
    edges = {s.name: (s.edge_source, s.edge_target) for s in model.schemata.values()
             if s.edge and not s.abstract and s.edge_source and s.edge_target}
    edges.update(EXTRA_EDGES)
    return edges


def _relation_rows(store: Store, datasets: list[str]) -> list[tuple[str, str, str, str]]:
    """(entity_id, schema, prop, value) of link and date properties of relationship entities."""
    specs = edge_schemata()
    props = sorted({p for pair in specs.values() for p in pair} | set(PAYMENT_ACCOUNTS) | set(DATE_PROPS))
    sql = (
        "SELECT entity_id, schema, prop, value FROM statements "
        f"WHERE dataset IN ({', '.join('?' for _ in datasets)}) "
        f"AND schema IN ({', '.join('?' for _ in specs)}) "
        f"AND prop IN ({', '.join('?' for _ in props)})"
    )
    return store.con.execute(sql, [*datasets, *specs, *props]).fetchall()


def relation_edges(store: Store, *, datasets: list[str]) -> list[dict[str, Any]]:
    """One edge per (source, target, relation) with a count weight and first/last date."""
    specs = edge_schemata()
    entities: dict[str, dict[str, Any]] = {}
    for entity_id, schema, prop, value in _relation_rows(store, datasets):
        entry = entities.setdefault(entity_id, {"schema": schema, "props": {}})
        entry["props"].setdefault(prop, []).append(value)
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for entry in entities.values():
        schema, props = entry["schema"], entry["props"]
        src_prop, dst_prop = specs[schema]
        sources, targets = props.get(src_prop, []), props.get(dst_prop, [])
        if schema == "Payment" and not (sources and targets):
            sources, targets = props.get(PAYMENT_ACCOUNTS[0], []), props.get(PAYMENT_ACCOUNTS[1], [])
        dates = sorted(d[:10] for p in DATE_PROPS for d in props.get(p, []))
        for source in sources:
            for target in targets:
                if source == target:
                    continue
                key = (source, target, schema)
                edge = merged.setdefault(key, {"source": source, "target": target, "relation": schema,
                                               "weight": 0, "first": None, "last": None})
                edge["weight"] += 1
                if dates:
                    edge["first"] = min(filter(None, [edge["first"], dates[0]]))
                    edge["last"] = max(filter(None, [edge["last"], dates[-1]]))
    edges = sorted(merged.values(), key=lambda e: (e["source"], e["target"], e["relation"]))
    for i, edge in enumerate(edges):
        edge["id"] = f"e{i}"
    return edges


def _schemata(store: Store, ids: list[str], datasets: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    store.con.execute("CREATE OR REPLACE TEMP TABLE _net_ids (id VARCHAR)")
    store.con.executemany("INSERT INTO _net_ids VALUES (?)", [(i,) for i in ids])
    rows = store.con.execute(
        f"""SELECT s.entity_id, arg_max(s.schema, d.depth) FROM statements s
            JOIN schema_depth d ON d.schema = s.schema JOIN _net_ids n ON n.id = s.entity_id
            WHERE s.dataset IN ({', '.join('?' for _ in datasets)}) GROUP BY s.entity_id""",
        datasets,
    ).fetchall()
    store.con.execute("DROP TABLE IF EXISTS _net_ids")
    return {r[0]: r[1] for r in rows}


def build_graph(edges: Iterable[dict[str, Any]]) -> ig.Graph:
    """Undirected weighted igraph of the edges (parallel relations summed)."""
    pairs: dict[tuple[str, str], float] = {}
    for edge in edges:
        a, b = sorted((edge["source"], edge["target"]))
        pairs[(a, b)] = pairs.get((a, b), 0.0) + float(edge["weight"])
    graph = ig.Graph.TupleList(((a, b, w) for (a, b), w in pairs.items()), directed=False,
                               edge_attrs=["weight"])
    return graph


def case_network(store: Store, *, datasets: list[str], progress: Progress | None = None,
                 seeds: int = 3) -> dict[str, Any]:
    """Nodes (with measures, community, layout) and edges of the visible case network."""
    step = progress or (lambda *a, **k: None)
    step(0, 5, "reading relations")
    edges = relation_edges(store, datasets=datasets) if datasets else []
    graph = build_graph(edges)
    n = graph.vcount()
    names: list[str] = list(graph.vs["name"]) if n else []
    step(1, 5, f"{n} entities: centrality")
    measures = node_measures(graph, include=("degree", "pagerank"))["measures"] if n else {}
    step(2, 5, "communities (Leiden)")
    communities = leiden(graph, seeds=seeds) if graph.ecount() else None
    step(3, 5, "layout")
    if n:
        layout = graph.layout_fruchterman_reingold(weights=None, niter=300, seed=None) if n <= FR_LIMIT \
            else graph.layout_drl()
        coords = layout.coords
    else:
        coords = []
    step(4, 5, "entity types")
    schemata = _schemata(store, names, datasets)
    scale = 60.0 if n <= FR_LIMIT else 12.0
    nodes = [
        {"id": name, "schema": schemata.get(name, "Thing"),
         "degree": int(graph.degree(i)), "centrality": float(measures["pagerank"][i]),
         "community": int(communities.membership[i]) if communities else 0,
         "x": round(coords[i][0] * scale, 1), "y": round(coords[i][1] * scale, 1)}
        for i, name in enumerate(names)
    ]
    nodes.sort(key=lambda node: -node["centrality"])
    step(5, 5, "done")
    return {
        "nodes": nodes,
        "edges": edges,
        "relations": sorted({e["relation"] for e in edges}),
        "communities": communities.to_dict() if communities else {"count": 0},
        "measure": "pagerank (undirected, weights = number of links)",
        "datasets": sorted(datasets),
    }


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


def shortest_path(result: dict[str, Any], source: str, target: str, **filters: Any) -> dict[str, Any]:
    """One shortest path (fewest links) between two entities, or an empty path."""
    part = select(result, **filters)
    graph = build_graph(part["edges"])
    index = {name: i for i, name in enumerate(graph.vs["name"])} if graph.vcount() else {}
    if source not in index or target not in index:
        return {"nodes": [], "edges": [], "length": None}
    path = graph.get_shortest_path(index[source], index[target], output="vpath")
    ids = [graph.vs[i]["name"] for i in path]
    by_id = {n["id"]: n for n in result["nodes"]}
    steps = {frozenset((a, b)) for a, b in zip(ids, ids[1:])}
    edges = [e for e in part["edges"] if frozenset((e["source"], e["target"])) in steps]
    return {"nodes": [by_id[i] for i in ids], "edges": edges, "length": max(len(ids) - 1, 0) if ids else None}
