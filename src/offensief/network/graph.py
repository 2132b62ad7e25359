"""Graphs from the statement store: the typed multigraph and the person projection.

The **typed multigraph** has one vertex per canonical legal entity or asset and one edge per
relation, typed ``ownership``, ``directorship``, ``family``, ``associate``, ``membership``,
``employment``, ``payment`` (payer → beneficiary, through the holders of the accounts when
the payer or beneficiary is not named), ``call``, ``message``, ``vehicle`` (owner/operator →
vehicle) and ``shared_address`` / ``shared_phone`` (undirected in meaning, stored once).
Edge attributes: ``type``, ``weight`` (1 per relation), ``amount`` (payments; ownership
percentage), ``relation`` (the relation entity id), ``note`` (role / payment channel) and
``date`` (ISO date of the relation, '' when undated) and ``purpose`` (a payment's FtM
``purpose``, the bank's description field in many exports; '' otherwise). Graph attributes:
``datasets`` (those read), ``regimes`` (dataset → legal regime), ``traffic`` (datasets
holding calls or messages) and ``unattributed`` (:class:`PhoneCoverage`: calls with a number
whose user no record names — an unregistered prepaid phone — which give no edge). An observed meeting (an FtM ``Event``
with ``involved`` / ``organizer`` entities, e.g. a police observation) gives one ``meeting``
edge per pair of those present (stored once, undirected in meaning).

The **person projection** keeps persons only. Two persons are tied by their direct relations
and by what they share: a company they both direct or own (``co_company``), an account,
a vehicle, an address or a phone. Each relation type has a weight (:data:`DEFAULT_WEIGHTS`,
configurable); a tie's weight is Σ_type weight_type · (1 + ln count_type), a *strength*.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import igraph as ig
from followthemoney import model

from offensief.network.entities import EntityRecord, load_entities
from offensief.store.duckstore import Store

#: Weight per relation type in the person projection (strength: higher = closer).
#: An observed meeting weighs more than a call: physical co-presence is the tie members trust
#: (Morselli 2009, the efficiency/security trade-off: those at the top meet in person and keep
#: off the phone), and a surveillance team records it only for persons already of interest.
DEFAULT_WEIGHTS: dict[str, float] = {
    "family": 1.0, "associate": 1.0, "meeting": 1.2, "call": 0.8, "message": 0.8, "payment": 0.7,
    "co_company": 0.6, "shared_account": 0.9, "shared_vehicle": 0.5, "shared_phone": 0.9,
    "shared_address": 0.4, "membership": 0.5, "unknownlink": 0.5, "representation": 0.6,
    "control": 0.8, "employment": 0.3,
}

#: Relation schemata (FtM edges) read as typed edges source → target.
EDGE_SCHEMATA = ("Ownership", "Directorship", "Family", "Associate", "Membership", "Employment",
                 "Control", "Representation", "UnknownLink", "Occupancy")

#: Relation types through which a person stands behind an organisation (runs or owns it).
BEHIND_TYPES = ("directorship", "ownership", "control")

#: A firm with at most this many persons behind it is a one-man business or a small
#: partnership (eenmanszaak, vof, maatschap): calls and messages to its number reach them.
SMALL_FIRM = 2

#: Identifiers shared by more than this many entities (a registered-office address,
#: a call-centre number) do not create shared_* ties; they are counted instead.
MAX_SHARED = 25

#: Records of telecom traffic: a dataset holding them is traffic data (graph attribute ``traffic``).
TRAFFIC_SCHEMATA = ("Call", "Message")

#: Event properties that name who was present at an observed meeting.
PRESENT = ("involved", "organizer")

#: Relation types a small firm passes on to the persons behind it (its number is theirs).
RELAYED_TYPES = ("call", "message")

#: The tie of two persons linked to one hub, by the type of their link to it (any other
#: type: :data:`HUB_TIE`, they run or own it together).
HUB_TIES = {"account": "shared_account", "vehicle": "shared_vehicle"}
HUB_TIE = "co_company"

#: Weight of a tie type the weight table does not list.
OTHER_WEIGHT = 0.5


@dataclass(frozen=True)
class PhoneCoverage:
    """How much of the call traffic reaches a known person at both ends: ``calls`` read,
    ``unattributed`` of them with a number whose user no record names (no subscriber, no
    person with that phone), and those ``numbers``. Such calls give no edge, so a member who
    phones from an unregistered prepaid number looks as if he kept off the phone."""

    calls: int = 0
    unattributed: int = 0
    numbers: int = 0

    @property
    def share(self) -> float:
        """Share of the calls with an unattributed number (0 without calls)."""
        return self.unattributed / self.calls if self.calls else 0.0


def tie_weights(weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """The weight table: :data:`DEFAULT_WEIGHTS` with ``weights`` over it."""
    return DEFAULT_WEIGHTS | dict(weights or {})


def strength(table: Mapping[str, float], kind: str, count: float) -> float:
    """What ``count`` ties of type ``kind`` add to a pair's weight: weight · (1 + ln count).

    A count below one (a network file's fractional strength of one relation) scales the
    weight instead, weight · count, which meets the logarithm at count 1 and stays positive.
    """
    weight = table.get(kind, OTHER_WEIGHT)
    return weight * (1.0 + math.log(count)) if count >= 1.0 else weight * count


def tie_strength(table: Mapping[str, float], types: Mapping[str, float]) -> float:
    """A pair's weight from its relation counts: Σ_type :func:`strength`.

    >>> round(tie_strength(DEFAULT_WEIGHTS, {"meeting": 2, "call": 1}), 4)
    2.8318
    """
    return sum(strength(table, kind, count) for kind, count in types.items())


def _node_kind(record: EntityRecord) -> str | None:
    if record.is_a("LegalEntity"):
        return "legal"
    if record.is_a("Asset") or record.schema in ("BankAccount", "Vehicle", "RealEstate"):
        return "asset"
    return None


def _pairs(record: EntityRecord, source: str, target: str) -> list[tuple[str, str]]:
    return [(s, t) for s in record.values(source) for t in record.values(target) if s != t]


def entity_graph(
    store: Store,
    *,
    canonical: Mapping[str, str] | None = None,
    datasets: Iterable[str] | None = None,
    max_shared: int = MAX_SHARED,
) -> ig.Graph:
    """The typed multigraph of canonical entities (directed; edge attr ``type``, ``weight``)."""
    records = load_entities(store, canonical=canonical, datasets=datasets)
    nodes = {cid: r for cid, r in records.items() if _node_kind(r) is not None}
    index = {cid: i for i, cid in enumerate(nodes)}
    holders: dict[str, list[str]] = defaultdict(list)
    # source, target, type, amount, relation id, note, date, purpose
    edges: list[tuple[int, int, str, float, str, str, str, str]] = []

    def add(src: str, dst: str, kind: str, amount: float = 0.0, via: str = "", note: str = "",
            purpose: str = "") -> None:
        if src in index and dst in index and src != dst:
            rel = records.get(via)
            when = (rel.first("date") or rel.first("startDate")) if rel is not None else ""
            edges.append((index[src], index[dst], kind, amount, via, note, when, purpose))

    for rid, rel in records.items():
        if rel.schema in EDGE_SCHEMATA:
            schema = rel.schema
            src_prop, dst_prop = _edge_props(schema)
            for s, t in _pairs(rel, src_prop, dst_prop):
                kind = schema.lower()
                if schema == "Ownership" and t in nodes and nodes[t].schema == "BankAccount":
                    holders[t].append(s)
                    kind = "account"
                add(s, t, kind, _number(rel.first("percentage")), rid, rel.first("role"))
    phone_owner = _value_index(nodes, "phone")
    calls, unattributed = 0, 0
    unknown_numbers: set[str] = set()
    for rid, rel in records.items():
        if rel.schema == "Payment":
            amount = _number(rel.first("amount"))
            payers = rel.values("payer") or [h for a in rel.values("payerAccount") for h in holders.get(a, [])]
            payees = rel.values("beneficiary") or [
                h for a in rel.values("beneficiaryAccount") for h in holders.get(a, [])]
            for s in set(payers):
                for t in set(payees):
                    add(s, t, "payment", amount, rid, rel.first("description"), rel.first("purpose"))
        elif rel.schema == "Call":
            callers = rel.values("caller") or _owners(phone_owner, rel.values("callerNumber"), max_shared)
            receivers = rel.values("receiver") or _owners(phone_owner, rel.values("receiverNumber"), max_shared)
            calls += 1
            unknown = [n for side, prop in ((callers, "callerNumber"), (receivers, "receiverNumber"))
                       if not side for n in rel.values(prop) if n.strip().lower() not in phone_owner]
            if unknown:
                unattributed += 1
                unknown_numbers.update(n.strip().lower() for n in unknown)
            for s in set(callers):
                for t in set(receivers):
                    add(s, t, "call", 0.0, rid)
        elif rel.schema == "Message":
            for s in rel.values("sender"):
                for t in rel.values("recipients"):
                    add(s, t, "message", 0.0, rid)
        elif rel.is_a("Event"):
            present = sorted({p for prop in PRESENT for p in rel.values(prop)} & set(index))
            if 1 < len(present) <= max_shared:  # a larger crowd is a gathering, not a meeting
                for a_pos, a in enumerate(present):
                    for b in present[a_pos + 1:]:
                        add(a, b, "meeting", 0.0, rid, rel.first("summary"))
        elif rel.schema == "Vehicle" and rid in nodes:
            for holder in set(rel.values("owner")) | set(rel.values("operator")):
                add(holder, rid, "vehicle", 0.0, rid)
    for prop in ("address", "phone"):
        for members in _value_index(nodes, prop).values():
            legal = sorted(m for m in members if _node_kind(nodes[m]) == "legal")
            if 1 < len(legal) <= max_shared:
                for a_pos, a in enumerate(legal):
                    for b in legal[a_pos + 1:]:
                        add(a, b, f"shared_{prop}")
    graph = ig.Graph(n=len(nodes), edges=[(s, t) for s, t, *_ in edges], directed=True)
    graph.vs["name"] = list(nodes)
    graph.vs["schema"] = [r.schema for r in nodes.values()]
    graph.vs["caption"] = [r.caption for r in nodes.values()]
    graph.vs["source_ids"] = [sorted(r.source_ids) for r in nodes.values()]
    graph.vs["record"] = list(nodes.values())
    graph["datasets"] = sorted({d for r in records.values() for d in r.datasets})  # what it read
    # the legal regime of each dataset read, and which hold telecom traffic (calls, messages):
    # who the police know (network/evidence.py)
    graph["regimes"] = {d.name: d.regime for d in store.datasets() if d.name in graph["datasets"]}
    graph["traffic"] = sorted({d for r in records.values() if r.schema in TRAFFIC_SCHEMATA for d in r.datasets})
    graph["unattributed"] = PhoneCoverage(calls, unattributed, len(unknown_numbers))
    graph.es["type"] = [e[2] for e in edges]
    graph.es["amount"] = [e[3] for e in edges]
    graph.es["relation"] = [e[4] for e in edges]
    graph.es["note"] = [e[5] for e in edges]
    graph.es["date"] = [e[6] for e in edges]
    graph.es["purpose"] = [e[7] for e in edges]
    graph.es["weight"] = [1.0] * len(edges)
    return graph


def _edge_props(schema: str) -> tuple[str, str]:
    s = model.get(schema)
    if s is None or s.edge_source is None or s.edge_target is None:
        return "", ""
    return s.edge_source, s.edge_target


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def _value_index(nodes: Mapping[str, EntityRecord], prop: str) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for cid, record in nodes.items():
        for value in record.values(prop):
            index[value.strip().lower()].add(cid)
    return index


def _owners(index: Mapping[str, set[str]], values: list[str], cap: int) -> list[str]:
    out: list[str] = []
    for v in values:
        owners = index.get(v.strip().lower(), set())
        if len(owners) <= cap:
            out.extend(sorted(owners))
    return out


def persons_behind(graph: ig.Graph) -> dict[int, set[int]]:
    """Per organisation vertex, the persons who direct, own or control it."""
    is_person = [s == "Person" for s in graph.vs["schema"]]
    behind: dict[int, set[int]] = defaultdict(set)
    for e in graph.es:
        if e["type"] in BEHIND_TYPES and is_person[e.source] and not is_person[e.target]:
            behind[e.target].add(e.source)
    return behind


def small_firms(graph: ig.Graph, *, limit: int = SMALL_FIRM) -> dict[int, set[int]]:
    """Organisations with 1..``limit`` persons behind them, and those persons."""
    return {org: people for org, people in persons_behind(graph).items() if len(people) <= limit}


def person_projection(graph: ig.Graph, *, weights: Mapping[str, float] | None = None,
                      max_shared: int = MAX_SHARED) -> ig.Graph:
    """Undirected person-to-person graph; edge attrs ``weight`` and ``types`` (type → count).

    A call or message between a person and a small firm (:data:`SMALL_FIRM`) is a call or
    message with the persons behind the firm: partner data often hold the firm's number. A
    small firm that directs, owns or controls another organisation (a trust office on a
    client's board) puts the persons behind it behind that organisation too."""
    table = tie_weights(weights)
    is_person = [s == "Person" for s in graph.vs["schema"]]
    firms = small_firms(graph)
    ties: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    linked: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))

    def tie(a: int, b: int, kind: str) -> None:
        if a != b:
            ties[(min(a, b), max(a, b))][kind] += 1

    for e in graph.es:
        s, t, kind = e.source, e.target, e["type"]
        if is_person[s] and is_person[t]:
            tie(s, t, kind)
        elif kind in RELAYED_TYPES and (s in firms or t in firms):
            person, firm = (s, t) if t in firms else (t, s)
            for behind in firms[firm]:
                if is_person[person]:
                    tie(person, behind, kind)
                elif person in firms:  # firm to firm: the persons behind both
                    for other in firms[person]:
                        tie(other, behind, kind)
        elif is_person[s] and not is_person[t]:
            linked[t][kind].add(s)
        elif kind in BEHIND_TYPES and s in firms and not is_person[t]:
            # a small firm on another's board or among its owners (a trust office as director):
            # the persons behind it stand behind the client firm too
            for behind in firms[s]:
                linked[t][kind].add(behind)
        elif is_person[t] and not is_person[s]:
            linked[s][kind].add(t)
    for by_kind in linked.values():
        members: dict[int, str] = {}
        for kind, linked_persons in by_kind.items():
            for p in linked_persons:
                members.setdefault(p, HUB_TIES.get(kind, HUB_TIE))
        if 1 < len(members) <= max_shared:
            people = sorted(members)
            for i, a in enumerate(people):
                for b in people[i + 1:]:
                    tie(a, b, members[a] if members[a] == members[b] else HUB_TIE)
    persons = [v.index for v in graph.vs if is_person[v.index]]
    position = {old: new for new, old in enumerate(persons)}
    pairs = list(ties)
    out = ig.Graph(n=len(persons), edges=[(position[a], position[b]) for a, b in pairs], directed=False)
    for attr in ("name", "schema", "caption", "source_ids", "record"):
        out.vs[attr] = [graph.vs[i][attr] for i in persons]
    out.es["types"] = [dict(ties[p]) for p in pairs]
    out.es["weight"] = [tie_strength(table, ties[p]) for p in pairs]
    return out


#: Relation types that pull a contact into a case scope (communication and known ties).
FOCUS_TYPES = ("call", "message", "meeting", "associate", "family")


def focus(projection: ig.Graph, *, datasets: Iterable[str], hops: int = 1,
          types: Iterable[str] = FOCUS_TYPES) -> ig.Graph:
    """The case scope: persons with a record in ``datasets`` (e.g. the police's) plus the
    persons within ``hops`` steps of them over ``types`` ties, as an induced subgraph."""
    wanted = set(datasets)
    kinds = set(types)
    keep = {v.index for v in projection.vs if wanted & v["record"].datasets}
    frontier = set(keep)
    for _ in range(hops):
        nxt: set[int] = set()
        for v in frontier:
            for e in projection.es[projection.incident(v)]:
                if kinds & set(e["types"]):
                    other = e.target if e.source == v else e.source
                    if other not in keep:
                        nxt.add(other)
        keep |= nxt
        frontier = nxt
    return projection.induced_subgraph(sorted(keep))
