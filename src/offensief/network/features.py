"""Per-node features behind the role scores: structure, money, assets, professional footprint.

Structural features work on any graph (a published network or a person projection).
The other features need the typed entity multigraph from the store (see
:mod:`offensief.network.graph`); nodes are matched by ``name`` (canonical id).

Every feature is a plain number per node, so a role score can list exactly what it used.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

import igraph as ig
import numpy as np
import pandas as pd

from offensief.model.marks import mark
from offensief.network.brokerage import constraint
from offensief.network.communities import undirected_view
from offensief.network.edges import edge_array
from offensief.network.evidence import criminal_evidence
from offensief.network.footprint import TRADES, is_construct, trades
from offensief.network.footprint import evidence as trade_evidence
from offensief.network.graph import small_firms
from offensief.network.inferred_trade import (
    INFERRED_MARK,
    MIN_STRUCTURAL_GROUPS,
    has_own_firm,
    in_core,
    inferred_trades,
    structural_kind,
    structural_types,
)
from offensief.network.measures import betweenness
from offensief.network.measures import pagerank as pagerank_of
from offensief.network.service import GroupTies, ServiceIndex, criminal_groups
from offensief.network.service import describe as describe_service

#: A group has at least three members: the UN Convention against Transnational Organized Crime
#: (Palermo, art. 2) defines an organised criminal group as "a structured group of three or
#: more persons"; a pair (a couple, two brothers) is no group to serve.
MIN_GROUP = 3

#: Up to this many nodes the 2-step reach is exact; above it the O(m) walk-count upper bound.
EXACT_REACH_LIMIT = 200_000

#: Up to this many nodes the span (community members at exactly two steps) is exact; above
#: it the O(m) bound through the contacts' own community ties.
EXACT_SPAN_LIMIT = 20_000

#: Tie types that are communication at a distance (wiretaps, message intercepts) and those
#: that are observed face-to-face meetings (see :mod:`offensief.network.graph`).
REMOTE_TYPES = ("call", "message")
MEETING_TYPES = ("meeting",)

#: Relation types through which a person controls an organisation or asset.
CONTROL_TYPES = ("ownership", "directorship", "control", "vehicle", "account")


def structural_features(
    graph: ig.Graph, *, membership: Sequence[int], threads: int = 1, weights: str = "strength",
    betweenness_values: Sequence[float] | None = None, pagerank_values: Sequence[float] | None = None,
) -> dict[str, np.ndarray]:
    """Degree, strength, betweenness, PageRank, 2-step reach, hubs around, mean neighbour degree,
    share of leaf contacts (degree ≤ 2: direct exposure to foot soldiers), constraint, communities touched,
    cross-group pairs (pairs of contacts in different communities that the node links: it sits on
    their cross-group path) and the participation coefficient 1 − Σ_k (d_k/d)² (Guimerà & Amaral
    2005: near 0 when all contacts are in one community, high for connectors between several) and
    groups served (communities of at least :data:`MIN_GROUP` members, its own included, in which
    it has contacts).

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
    cross_pairs = np.zeros(n)
    participation = np.zeros(n)
    groups_served = np.zeros(n)
    if len(ends):
        both = np.concatenate([ends, ends[:, ::-1]])
        other = member[both[:, 1]]
        keep = other != member[both[:, 0]]
        pairs = pd.unique(both[keep, 0] * (member.max() + 1) + other[keep])  # hashing: faster than a sort
        touched = np.bincount(pairs // (member.max() + 1), minlength=n).astype(float)
        # pairs of contacts in different communities: (d² − Σ_k d_k²) / 2, d_k contacts in community k
        key = both[:, 0] * (member.max() + 1) + member[both[:, 1]]
        keys, per = np.unique(key, return_counts=True)
        contacts = np.bincount(both[:, 0], minlength=n).astype(float)
        same = np.bincount(keys // (member.max() + 1), weights=per.astype(float) ** 2, minlength=n)
        cross_pairs = (contacts ** 2 - same) / 2.0
        sizes = np.bincount(member)
        group = sizes[keys % (member.max() + 1)] >= MIN_GROUP
        groups_served = np.bincount(keys[group] // (member.max() + 1), minlength=n).astype(float)
        participation = np.divide(contacts ** 2 - same, contacts ** 2, out=np.zeros(n), where=contacts > 0)
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
        "cross_pairs": cross_pairs,
        "participation": participation,
        "groups_served": groups_served,
        **distance_features(view, degree=degree, reach2=reach2, member=member),
        **multiplex_features(view),
    }


def distance_features(view: ig.Graph, *, degree: np.ndarray, reach2: np.ndarray,
                      member: np.ndarray) -> dict[str, np.ndarray]:
    """Features of a leader who keeps his distance (Morselli 2009; Duijn, Kashirin & Sloot 2014):

    * ``span`` — share of the own community (≥ :data:`MIN_GROUP` members) within two steps:
      reached directly or through one intermediary (the span of control, through lieutenants
      for a leader who keeps his distance);
    * ``lieutenants_met`` — share of the community's best-connected members (the ⌈√size⌉ with
      the highest degree: in a two-level hierarchy a group of n has about √n cells of about √n)
      that are direct contacts: the person whom the best-connected members all meet;
    * ``reach_per_contact`` — persons reached at two steps per direct contact: low direct
      exposure with high second-order reach;
    * ``reach_up`` — persons reached through contacts who are better connected than the node
      itself, Σ (deg(u) − 1) over those contacts u: the one above the best-connected, who
      reaches the cells through the lieutenants who run them.
    """
    n = view.vcount()
    zeros = {k: np.zeros(n) for k in ("span", "lieutenants_met", "reach_per_contact", "reach_up")}
    if n == 0 or view.ecount() == 0:
        return zeros
    ends = edge_array(view)
    sizes = np.bincount(member)
    same = member[ends[:, 0]] == member[ends[:, 1]]
    inside = ends[same]
    own_degree = (np.bincount(inside[:, 0], minlength=n) + np.bincount(inside[:, 1], minlength=n)).astype(float)
    if n <= EXACT_SPAN_LIMIT:
        two = np.zeros(n)
        for v, near in enumerate(view.neighborhood(order=2, mindist=1)):
            if near:
                two[v] = np.count_nonzero(member[np.asarray(near)] == member[v])
    else:  # own community ties plus the contacts' other community ties: an upper bound
        two = own_degree + (np.bincount(inside[:, 0], weights=own_degree[inside[:, 1]] - 1, minlength=n)
                            + np.bincount(inside[:, 1], weights=own_degree[inside[:, 0]] - 1, minlength=n))
    others = sizes[member] - 1.0
    grouped = sizes[member] >= MIN_GROUP
    span = np.where(grouped & (others > 0), np.minimum(two, others) / np.where(others > 0, others, 1), 0.0)
    # the best-connected members of each community: sort by (community, -degree, index)
    order = np.lexsort((np.arange(n), -degree, member))
    start = np.searchsorted(member[order], np.arange(len(sizes)))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - start[member[order]]
    leaders = np.ceil(np.sqrt(sizes)).astype(np.int64)
    is_top = (rank < leaders[member]) & grouped
    met = (np.bincount(inside[:, 0], weights=is_top[inside[:, 1]].astype(float), minlength=n)
           + np.bincount(inside[:, 1], weights=is_top[inside[:, 0]].astype(float), minlength=n))
    others_top = leaders[member] - is_top
    met_share = np.where(grouped & (others_top > 0), met / np.maximum(others_top, 1), 0.0)
    per_contact = np.divide(np.maximum(reach2 - degree, 0.0), degree, out=np.zeros(n), where=degree > 0)
    a, b = ends[:, 0], ends[:, 1]
    up = (np.bincount(a, weights=np.where(degree[b] > degree[a], degree[b] - 1, 0.0), minlength=n)
          + np.bincount(b, weights=np.where(degree[a] > degree[b], degree[a] - 1, 0.0), minlength=n))
    return {"span": span, "lieutenants_met": met_share, "reach_per_contact": per_contact, "reach_up": up}


def multiplex_features(view: ig.Graph) -> dict[str, np.ndarray]:
    """From tie types (the person projection's ``types``): ``meetings`` (observed meetings with
    others), ``remote`` (calls and messages) and ``meeting_share`` = meetings / (meetings +
    remote): leaders meet in person and stay off the phone (Morselli 2009). Empty without types."""
    if "types" not in view.es.attributes() or view.ecount() == 0:
        return {}
    n = view.vcount()
    ends = edge_array(view)
    types = view.es["types"]
    met = np.array([sum((t or {}).get(k, 0) for k in MEETING_TYPES) for t in types], dtype=float)
    far = np.array([sum((t or {}).get(k, 0) for k in REMOTE_TYPES) for t in types], dtype=float)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(ends[:, 0], weights=values, minlength=n) + np.bincount(ends[:, 1], weights=values, minlength=n)

    meetings, remote = total(met), total(far)
    both = meetings + remote
    share = np.divide(meetings, both, out=np.zeros(n), where=both > 0)
    return {"meetings": meetings, "remote": remote, "meeting_share": share}


def footprint(texts: Sequence[str], sectors: Sequence[str]) -> dict[str, list[str]]:
    """Which facilitator trades a person's texts and firm sectors (text or SBI code) point to,
    with the evidence (see :mod:`offensief.network.footprint`)."""
    return trade_evidence(texts, sectors)


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


#: Words of a payment description that mark cash (English and Dutch bank texts).
CASH_WORDS = ("cash", "contant", "storting", "kasstorting", "geldautomaat", "atm", "opname")

#: Weight of each kind of trade evidence: the person's own profession, position or role in a
#: relation; the sector / SBI code of a firm of which they are the proprietor (the firm has no
#: legal personality of its own: the person *is* the business); that of a company they direct,
#: are employed by or are a member of (they work in the trade, but the firm's trade is not
#: necessarily their own job: half); payments for the trade's services from at least
#: :data:`MIN_CLIENTS` payers — corroboration of a trade found otherwise, never a trade on its
#: own ("administratiekosten" is on many invoices).
EVIDENCE_WEIGHT = {"own": 1.0, "proprietor": 1.0, "firm": 0.5, "clients": 0.5}

#: Trade evidence at this level is *stated* (own profession or role, or the proprietor's firm).
STATED = EVIDENCE_WEIGHT["own"]

#: Relation roles and legal forms of a proprietor: eenmanszaak (sole proprietorship), and the
#: partners of a vof, maatschap or cv (partnerships without legal personality).
PROPRIETOR_ROLES = ("eigenaar", "owner", "proprietor", "vennoot", "partner", "maat", "firmant")
PROPRIETOR_FORMS = ("eenmanszaak", "sole proprietor", "sole trader", "vennootschap onder firma", "vof",
                    "v.o.f", "maatschap", "commanditaire vennootschap", "partnership")


def _is_proprietor(role: str, firm_forms: list[str]) -> bool:
    role, forms = role.lower(), " ".join(firm_forms).lower()
    return any(r in role.split() or role == r for r in PROPRIETOR_ROLES) or any(f in forms for f in PROPRIETOR_FORMS)

#: A trade seen in payment descriptions counts when this many payers pay for it (a service sold).
MIN_CLIENTS = 2


def _trade_levels(entity_graph: ig.Graph, j: int, firms: dict[int, set[int]]) -> tuple[
        dict[str, float], dict[str, list[str]], int, dict[str, float]]:
    """Per trade, the strongest evidence weight for entity ``j``; the evidence; companies held; the
    weights of stated evidence only (without :mod:`offensief.network.inferred_trade`)."""
    record = entity_graph.vs[j]["record"]
    level: dict[str, float] = {}
    shown: dict[str, list[str]] = {}

    def note(found: dict[str, list[str]], weight: float, where: str = "") -> None:
        for kind, items in found.items():
            level[kind] = max(level.get(kind, 0.0), weight)
            shown.setdefault(kind, []).extend(f"{x}{where}" for x in items)

    note(trade_evidence(record.values("profession") + record.values("position"),
                        record.values("sector") + record.values("classification")), EVIDENCE_WEIGHT["own"])
    companies = 0
    paid_to = [j]
    for e in entity_graph.es[entity_graph.incident(j, mode="out")]:
        if e["type"] not in ("directorship", "ownership", "employment", "membership", "control"):
            continue
        firm = entity_graph.vs[e.target]["record"]
        if not firm.is_a("Organization"):
            continue
        companies += e["type"] != "employment"
        note(trade_evidence([e["note"]] if e["note"] else []), EVIDENCE_WEIGHT["own"])
        small = e.target in firms and j in firms[e.target]
        proprietor = e["type"] != "employment" and _is_proprietor(e["note"] or "", firm.values("legalForm"))
        if is_construct(firm.values("name")):  # a STAK holds shares; its sector is no one's trade
            continue
        if e["type"] in ("directorship", "employment", "membership") or proprietor:  # works there, not merely invests
            weight = EVIDENCE_WEIGHT["proprietor" if proprietor else "firm"]
            how = "proprietor of" if proprietor else {"employment": "employed by", "membership": "member of"}.get(
                e["type"], "director of")
            note(trade_evidence([], firm.values("sector") + firm.values("classification")),
                 weight, f" ({how} {mark(entity_graph.vs[e.target]['name'])})")
        if small:
            paid_to.append(e.target)
    clients: dict[str, set[int]] = {}
    for target in paid_to:
        for e in entity_graph.es[entity_graph.incident(target, mode="in")]:
            if e["type"] == "payment" and e["note"]:
                for kind in trades(e["note"]):
                    clients.setdefault(kind, set()).add(e.source)
    # corroboration only: a payment text ("administratiekosten") names no trade on its own
    note({k: [f"paid for '{k}' services by {len(v)} payers"] for k, v in clients.items()
          if len(v) >= MIN_CLIENTS and k in level}, EVIDENCE_WEIGHT["clients"])
    stated = dict(level)
    # no sector stated: the trade inferred from firm names and what clients pay for, at a lower
    # weight (offensief.network.inferred_trade)
    inferred, why = inferred_trades(entity_graph, j, firms=firms)
    for kind, weight in inferred.items():
        note({kind: [f"{w} {INFERRED_MARK}" for w in why[kind]]}, weight)
    return level, {k: sorted(set(v)) for k, v in shown.items()}, companies, stated


#: Relation types through which a person holds an organisation or asset in his own name.
HOLDING_TYPES = ("ownership", "directorship", "control", "vehicle")


def _holdings(entity_graph: ig.Graph) -> dict[int, int]:
    """Per entity, the organisations and assets it holds or directs in its own name."""
    out: dict[int, int] = {}
    kinds = entity_graph.vs["kind"]
    for e in entity_graph.es:
        if e["type"] in HOLDING_TYPES and kinds[e.source] == "legal" and e.target != e.source:
            out[e.source] = out.get(e.source, 0) + 1
    return out


def _relatives(entity_graph: ig.Graph) -> dict[int, set[int]]:
    """Per entity, its relatives (``family`` relations, either direction)."""
    out: dict[int, set[int]] = {}
    for e in entity_graph.es.select(type_eq="family"):
        out.setdefault(e.source, set()).add(e.target)
        out.setdefault(e.target, set()).add(e.source)
    return out


def _strongest_ties(graph: ig.Graph, membership: Sequence[int] | None,
                    where: dict[str, int]) -> dict[int, list[tuple[int, int]]]:
    """Per entity index of an analysed person, his two strongest ties as (entity index,
    community): his boss's cell when Leiden split a group into cells."""
    if membership is None or graph.ecount() == 0:
        return {}
    view = undirected_view(graph)
    ends = edge_array(view)
    weights = np.asarray(view.es["weight"], dtype=float)
    a, b = np.concatenate([ends[:, 0], ends[:, 1]]), np.concatenate([ends[:, 1], ends[:, 0]])
    w = np.concatenate([weights, weights])
    order = np.lexsort((b, -w, a))  # per node, the strongest ties first
    start = np.ones(len(order), dtype=bool)
    start[1:] = a[order][1:] != a[order][:-1]
    second = np.zeros(len(order), dtype=bool)
    second[1:] = start[:-1] & ~start[1:]
    names = graph.vs["name"]
    out: dict[int, list[tuple[int, int]]] = {}
    for x, y in zip(a[order][start | second], b[order][start | second]):
        if names[int(x)] in where and names[int(y)] in where:
            out.setdefault(where[names[int(x)]], []).append((where[names[int(y)]], int(membership[int(y)])))
    return out


def store_features(graph: ig.Graph, entity_graph: ig.Graph, *,
                   membership: Sequence[int] | None = None) -> dict[str, np.ndarray]:
    """Money, assets, companies and footprint per node of ``graph`` (matched by name), and
    ``family_holdings``: firms and assets held or directed by the person's relatives — a leader
    puts the group's firms and property in the name of trusted family (Kleemans & Van de Bunt
    1999, "the social embeddedness of organised crime"; the straw man as brother-in-law).

    With ``membership`` (communities of ``graph``), for persons with a trade, ``<trade>_clients``
    and ``groups_paying``: the criminal groups they serve in that trade, and the groups whose
    criminal side (payers with criminal evidence, at least the group's share) pays them, their small
    firm or (where they deal with the group personally) their employer — see :mod:`offensief.network.service` and :mod:`offensief.network.evidence`; the
    vertex attribute ``service`` describes them."""
    n = graph.vcount()
    where = {name: i for i, name in enumerate(entity_graph.vs["name"])}
    entity_graph.vs["kind"] = ["legal" if r.is_a("LegalEntity") else "asset" for r in entity_graph.vs["record"]]
    firms = small_firms(entity_graph)
    known = criminal_evidence(entity_graph)
    out = {k: np.zeros(n) for k in ("money_in", "money_out", "payers", "payees", "cash", "assets_direct",
                                    "assets_controlled", "companies", "groups_paying", "family_holdings",
                                    "facilitator_structural", *TRADES, *(f"{kind}_clients" for kind in TRADES),
                                    *(f"{kind}_structural" for kind in TRADES), *(f"{kind}_stated" for kind in TRADES))}
    served: list[dict[str, str]] = [{} for _ in range(n)]
    core = in_core(graph, membership) if membership is not None else np.zeros(n, dtype=bool)
    holdings = _holdings(entity_graph)
    relatives = _relatives(entity_graph)
    evidence: list[dict[str, list[str]]] = []
    for i, name in enumerate(graph.vs["name"]):
        j = where.get(name)
        if j is None:
            evidence.append({})
            continue
        out["family_holdings"][i] = sum(holdings.get(r, 0) for r in relatives.get(j, ()))
        payers: set[int] = set()
        payees: set[int] = set()
        for e in entity_graph.es[entity_graph.incident(j, mode="all")]:
            if e["type"] != "payment":
                continue
            text = (e["note"] or "").lower()
            if e.target == j:
                out["money_in"][i] += e["amount"]
                payers.add(e.source)
            else:
                out["money_out"][i] += e["amount"]
                payees.add(e.target)
            out["cash"][i] += any(w in text for w in CASH_WORDS)
        out["payers"][i], out["payees"][i] = len(payers), len(payees)
        direct, chained = _controlled_assets(entity_graph, j)
        out["assets_direct"][i], out["assets_controlled"][i] = len(direct), len(chained)
        levels, found, out["companies"][i], stated = _trade_levels(entity_graph, j, firms)
        for kind in TRADES:
            out[kind][i] = levels.get(kind, 0.0)
            out[f"{kind}_stated"][i] = stated.get(kind, 0.0)
        evidence.append(found)
    service, group_of = _service_index(graph, entity_graph, membership=membership, known=known, where=where,
                                       firms=firms, stated=[any(out[f"{k}_stated"][i] > 0 for k in TRADES)
                                                            for i in range(n)])
    for i, name in enumerate(graph.vs["name"]):
        j = where.get(name)
        if j is None:
            continue
        found = evidence[i]
        if service is not None and any(out[kind][i] > 0 for kind in TRADES):  # only a trade is served
            ties = service.groups(j, trade=True)
            for kind in TRADES:
                if out[kind][i] > 0:
                    # a trade known only by inference counts the groups outside his own community
                    # (offensief.network.inferred_trade: outside the groups' cores)
                    # (and, in the criminal network, outside the groups he is embedded in) — his own
                    # cluster too when those dealing with him there are organised (GroupTies.organised)
                    weak = out[f"{kind}_stated"][i] == 0 and core[i]
                    own = group_of.get(j) if weak else None
                    out[f"{kind}_clients"][i] = sum(t.client for g, t in ties.items()
                                                    if (g != own or t.organised) and not (weak and t.embedded))
                    served[i][kind] = describe_service(ties)
            out["groups_paying"][i] = sum(t.paid and t.paid_by_known for t in ties.values())
        elif service is not None and not has_own_firm(entity_graph, j, firms=firms):
            mine = group_of.get(j, -1)
            found |= _structural(out, i, service.groups(j), entity_graph, j, group_of, served[i],
                                 own=mine if core[i] and not service.criminal_network else -1, core=bool(core[i]),
                                 crews=service.crews if service.criminal_network else None, mine=mine)
    graph.vs["footprint"] = evidence
    graph.vs["service"] = served
    return out


def _service_index(graph: ig.Graph, entity_graph: ig.Graph, *, membership: Sequence[int] | None,
                   known: dict[int, set[str]] | None, where: dict[str, int], firms: dict[int, set[int]],
                   stated: Sequence[bool]) -> tuple[ServiceIndex | None, dict[int, int]]:
    """The service index over the groups clients come from, and the group of each person (entity
    index). With criminal evidence and typed ties: the groups of the criminal network
    (:func:`offensief.network.service.criminal_groups`), found without the persons who practise a
    stated trade — a professional's ties with his clients would pull the clients of several
    groups (their straw men on his trust office's boards, say) into one cluster around him.
    Otherwise the communities (``membership``)."""
    groups: Sequence[int] | None = membership
    criminal = False
    if membership is not None and known is not None and "types" in graph.es.attributes():
        groups = criminal_groups(graph, evidenced=[where.get(name) in known and not stated[i]
                                                   for i, name in enumerate(graph.vs["name"])])
        criminal = True
    if groups is None:
        return None, {}
    group_of = {where[name]: int(groups[i]) for i, name in enumerate(graph.vs["name"])
                if name in where and int(groups[i]) >= 0}
    if not group_of:
        return None, group_of
    sizes = np.bincount(np.asarray([g for g in groups if g >= 0], dtype=np.int64), minlength=1)
    index = ServiceIndex(entity_graph, group_of=group_of, sizes=[int(x) for x in sizes], firms=firms,
                         min_group=MIN_GROUP, strongest=_strongest_ties(graph, membership, where),
                         evidence=known, criminal_network=criminal,
                         population={where[name] for name in graph.vs["name"] if name in where})
    return index, group_of


def _structural(out: dict[str, np.ndarray], i: int, ties: dict[int, GroupTies], entity_graph: ig.Graph, j: int,
                group_of: dict[int, int], served: dict[str, str], *, own: int,
                core: bool = False, crews: Callable[[set[int]], list[set[int]]] | None = None,
                mine: int = -1) -> dict[str, list[str]]:
    """A structural facilitator candidate without a trade (offensief.network.inferred_trade):
    sets ``facilitator_structural``, ``<trade>_structural``, ``<trade>_clients`` and
    ``groups_paying``; returns the structural evidence per trade. ``own``: his own community when
    he is in its core (then it is no client group), else -1; ``core``: he is in his community's
    core (then no group of the criminal network he is embedded in is a client group either).
    ``crews`` (criminal network): the payers in ``mine``, the cluster he was placed in himself, are
    counted by their own ties — each crew of payers who deal with each other once
    (:meth:`offensief.network.service.ServiceIndex.crews`) — not as one group."""
    clients = {g for g, t in ties.items() if t.client and g != own and not (core and t.embedded)}
    paying: set[object] = {g for g, t in ties.items()
                           if t.paid and t.paid_by_known and g != own and not (core and t.embedded)}
    unit_of: dict[int, object] = {}
    if crews is not None and mine in paying:
        paying.discard(mine)
        for k, crew in enumerate(crews(ties[mine].payers)):
            paying.add((mine, k))
            unit_of |= dict.fromkeys(crew, (mine, k))
    if len(clients) < MIN_STRUCTURAL_GROUPS or len(paying) < MIN_STRUCTURAL_GROUPS:
        return {}
    found = structural_types(entity_graph, j, clients=clients, group_of=group_of, unit_of=unit_of, crews=crews)
    kind = structural_kind(found)
    out["facilitator_structural"][i] = 1.0
    out["groups_paying"][i] = len(paying)
    for k in TRADES if kind is None else (kind,):
        out[f"{k}_clients"][i] = len(clients)
        served[k] = describe_service(ties)
    if kind is not None:
        out[f"{kind}_structural"][i] = 1.0
        return {kind: found[kind]}
    return {"unknown": [f"serves {len(clients)} groups, paid by {len(paying)}; no trade, no typed service (structure)"]}
