"""Per-node features behind the role scores: structure, money, assets, professional footprint.

Structural features work on any graph (a published network or a person projection).
The other features need the typed entity multigraph from the store (see
:mod:`offensief.network.graph`); nodes are matched by ``name`` (canonical id).

Every feature is a plain number per node, so a role score can list exactly what it used.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import igraph as ig
import numpy as np
import pandas as pd

from offensief.network.brokerage import constraint
from offensief.network.communities import undirected_view
from offensief.network.edges import edge_array
from offensief.network.measures import betweenness
from offensief.network.measures import pagerank as pagerank_of

#: Professional footprint: words in a profession/position/sector text and SBI code prefixes.
FOOTPRINT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "financial": (
        ("accountant", "boekhoud", "notaris", "notary", "trust", "fiscal", "belasting", "tax adviser",
         "financ", "bookkeep", "administratiekantoor", "money transfer", "geldtransact", "makelaar",
         "vastgoed", "real estate", "lawyer", "advocaat", "jurist", "bank", "intercedent", "recruit",
         "werving"),
        ("69", "641", "6419", "643", "6492", "66", "6820", "6831"),
    ),
    "digital": (
        ("crypto", "it-", "ict", "software", "developer", "telecom", "telefoon", "phone", "gsm", "pgp",
         "hosting", "programm", "computer", "encrypt"),
        ("61", "62", "63", "4742", "9512"),
    ),
    "logistics": (
        ("transport", "logist", "haulage", "truck", "vervoer", "expedit", "shipping", "haven", "port ",
         "douane", "customs", "chauffeur", "driver", "koerier", "courier", "warehouse", "opslag", "loods",
         "container", "terminal", "stuwadoor", "expeditie"),
        ("49", "50", "51", "52", "53"),
    ),
}

#: Up to this many nodes the 2-step reach is exact; above it the O(m) walk-count upper bound.
EXACT_REACH_LIMIT = 200_000

#: Relation types through which a person controls an organisation or asset.
CONTROL_TYPES = ("ownership", "directorship", "control", "vehicle", "account")


def structural_features(
    graph: ig.Graph, *, membership: Sequence[int], threads: int = 1, weights: str = "strength",
    betweenness_values: Sequence[float] | None = None, pagerank_values: Sequence[float] | None = None,
) -> dict[str, np.ndarray]:
    """Degree, strength, betweenness, PageRank, 2-step reach, hubs around, mean neighbour degree,
    share of leaf contacts (degree ≤ 2: direct exposure to foot soldiers), constraint, communities touched.

    Betweenness and PageRank may be passed in when already computed."""
    n = graph.vcount()
    view = undirected_view(graph)
    degree = np.asarray(view.degree(), dtype=float)
    strength = np.asarray(view.strength(weights="weight"), dtype=float)
    if betweenness_values is None:
        between, _ = betweenness(graph, weights=weights, threads=threads)
    else:
        between = list(betweenness_values)
    pagerank = np.asarray(pagerank_of(graph, weights=weights, threads=threads) if pagerank_values is None
                          else pagerank_values, dtype=float)
    ends = edge_array(view)

    def around(values: np.ndarray) -> np.ndarray:
        """Per node, the sum of ``values`` over its neighbours."""
        return (np.bincount(ends[:, 0], weights=values[ends[:, 1]], minlength=n)
                + np.bincount(ends[:, 1], weights=values[ends[:, 0]], minlength=n))

    if n <= EXACT_REACH_LIMIT:
        reach2 = np.asarray(view.neighborhood_size(order=2), dtype=float) - 1.0
    else:  # upper bound in O(m): own contacts plus the contacts' other contacts
        reach2 = degree + around(degree - 1)
        reach2 = np.minimum(reach2, n - 1)
    hub_cut = np.quantile(degree, 0.75) if n else 0.0
    is_hub = degree > max(hub_cut, 1.0)
    hubs_around = around(is_hub.astype(float))
    leaf = degree <= 2
    leaf_share = np.divide(around(leaf.astype(float)), degree, out=np.zeros(n), where=degree > 0)
    neighbour_degree = np.asarray(view.knn()[0], dtype=float) if n else np.zeros(0)
    neighbour_degree = np.nan_to_num(neighbour_degree, nan=0.0)
    member = np.asarray(membership, dtype=np.int64)
    touched = np.zeros(n)
    if len(ends):
        both = np.concatenate([ends, ends[:, ::-1]])
        other = member[both[:, 1]]
        keep = other != member[both[:, 0]]
        pairs = pd.unique(both[keep, 0] * (member.max() + 1) + other[keep])  # hashing: faster than a sort
        touched = np.bincount(pairs // (member.max() + 1), minlength=n).astype(float)
    return {
        "degree": degree,
        "strength": strength,
        "betweenness": np.asarray(between, dtype=float),
        "pagerank": pagerank,
        "reach2": reach2,
        "indirect_reach": np.maximum(reach2 - degree, 0.0),
        "hubs_around": hubs_around,
        "neighbour_degree": neighbour_degree,
        "leaf_share": leaf_share,
        "constraint": np.asarray(constraint(view, threads=threads), dtype=float),
        "communities_touched": touched,
    }


def footprint(texts: Sequence[str], sectors: Sequence[str]) -> dict[str, list[str]]:
    """Which facilitator types a person's texts and company sector codes point to, with the evidence."""
    found: dict[str, list[str]] = {}
    lowered = [t.lower() for t in texts if t]
    codes = [s.replace(".", "").strip() for s in sectors if s]
    for kind, (words, prefixes) in FOOTPRINT.items():
        evidence = [f"'{t}'" for t in lowered if any(w in t for w in words)]
        evidence += [f"SBI {c}" for c in codes if any(c.startswith(p) for p in prefixes)]
        if evidence:
            found[kind] = sorted(set(evidence))
    return found


def _controlled_assets(entity_graph: ig.Graph, start: int, *, depth: int = 4) -> tuple[set[int], set[int]]:
    """(direct assets, assets reached through organisations) from ``start`` along control edges."""
    kinds = entity_graph.vs["kind"]
    direct: set[int] = set()
    chained: set[int] = set()
    seen = {start}
    queue = deque([(start, 0)])
    while queue:
        node, level = queue.popleft()
        if level >= depth:
            continue
        for e in entity_graph.incident(node, mode="out"):
            edge = entity_graph.es[e]
            if edge["type"] not in CONTROL_TYPES or edge.target in seen:
                continue
            seen.add(edge.target)
            if kinds[edge.target] == "asset":
                (direct if level == 0 else chained).add(edge.target)
            queue.append((edge.target, level + 1))
    return direct, chained


def store_features(graph: ig.Graph, entity_graph: ig.Graph) -> dict[str, np.ndarray]:
    """Money, assets, companies and footprint per node of ``graph`` (matched by name)."""
    n = graph.vcount()
    where = {name: i for i, name in enumerate(entity_graph.vs["name"])}
    entity_graph.vs["kind"] = ["legal" if r.is_a("LegalEntity") else "asset" for r in entity_graph.vs["record"]]
    out = {k: np.zeros(n) for k in ("money_in", "money_out", "payers", "payees", "cash", "assets_direct",
                                    "assets_controlled", "companies", "financial", "digital", "logistics")}
    evidence: list[dict[str, list[str]]] = []
    for i, name in enumerate(graph.vs["name"]):
        j = where.get(name)
        if j is None:
            evidence.append({})
            continue
        payers: set[int] = set()
        payees: set[int] = set()
        for e in entity_graph.es[entity_graph.incident(j, mode="all")]:
            if e["type"] != "payment":
                continue
            cash = "cash" in (e["note"] or "").lower()
            if e.target == j:
                out["money_in"][i] += e["amount"]
                payers.add(e.source)
            else:
                out["money_out"][i] += e["amount"]
                payees.add(e.target)
            out["cash"][i] += cash
        out["payers"][i], out["payees"][i] = len(payers), len(payees)
        direct, chained = _controlled_assets(entity_graph, j)
        out["assets_direct"][i], out["assets_controlled"][i] = len(direct), len(chained)
        record = entity_graph.vs[j]["record"]
        texts = record.values("profession") + record.values("position") + record.values("sector")
        sectors = list(record.values("classification"))
        companies = 0
        for e in entity_graph.es[entity_graph.incident(j, mode="out")]:
            if e["type"] in ("directorship", "ownership", "employment", "membership", "control"):
                other = entity_graph.vs[e.target]["record"]
                if not other.is_a("Organization"):
                    continue
                companies += e["type"] != "employment"
                if e["type"] in ("directorship", "employment"):  # works there, not merely owns it
                    sectors += other.values("sector") + other.values("classification")
                    texts += [e["note"]] if e["note"] else []
        out["companies"][i] = companies
        found = footprint(texts, sectors)
        for kind in ("financial", "digital", "logistics"):
            # an own profession or role counts fully; only a company's sector code counts half
            stated = any(not x.startswith("SBI ") for x in found.get(kind, []))
            out[kind][i] = 1.0 if stated else (0.5 if kind in found else 0.0)
        evidence.append(found)
    graph.vs["footprint"] = evidence
    return out
