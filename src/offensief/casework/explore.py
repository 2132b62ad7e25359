"""Explore out from a person: neighbours by relation type, hops and period, with the dated
events (calls, payments, meetings, ownerships) behind each link for a timeline.

Links come from the statements the viewer may see: a relationship entity (a payment, a
call, a family tie, a directorship...) links its two ends; an entity property (an address,
a vehicle's owner) links the entity to the one it names. Ids are canonical (entity
resolution) so the same person found in four datasets is one node. ``known_by`` gives "the
network as known on date D": only statements the platform had first seen by then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from functools import cache
from typing import Any

from followthemoney import model

from offensief.casework.caller import Caller
from offensief.casework.cases import CallerView, open_view
from offensief.casework.naming import canonical_ids, describe, source_ids
from offensief.model.errors import InputError
from offensief.store import lookup

#: Relationship schemata that FtM does not mark as edges but analysts read as links.
EXTRA_ENDS: dict[str, tuple[str, str]] = {"Call": ("caller", "receiver")}
MAX_HOPS = 3
#: The relation filters the workbench offers: key -> Dutch label.
RELATIONS: dict[str, str] = {
    "Call": "Gesprekken", "Payment": "Betalingen", "Family": "Familie", "Associate": "Bekenden",
    "Directorship": "Bestuurders", "Ownership": "Eigendom", "addressEntity": "Adressen",
    "owner": "Voertuigen (eigenaar)",
}
#: Accounts are read as the payment's attributes, not as separate nodes.
SKIP_PROPS = frozenset({"payerAccount", "beneficiaryAccount"})


@dataclass
class Event:
    """One dated relationship entity: a call, a payment, a meeting, an ownership."""

    id: str
    relation: str
    date: str
    source: str
    target: str
    amount: float | None = None
    currency: str | None = None


@dataclass
class Graph:
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "edges": self.edges, "truncated": self.truncated,
                "events": [asdict(e) for e in self.events]}


@cache
def ends(schema: str) -> tuple[str, str] | None:
    """The (source, target) properties of a relationship schema, or ``None``."""
    if schema in EXTRA_ENDS:
        return EXTRA_ENDS[schema]
    found = model.get(schema)
    if found is not None and found.edge and found.edge_source and found.edge_target:
        return found.edge_source, found.edge_target
    return None


@cache
def link_ends() -> tuple[tuple[str, str, str], ...]:
    """``(schema, source property, target property)`` of every relationship schema."""
    return tuple((name, *pair) for name in sorted(model.schemata) if (pair := ends(name)) is not None)


def _in_period(when: str | None, since: date | None, until: date | None) -> bool:
    if since is None and until is None:
        return True
    if not when:
        return False
    return (since is None or when >= since.isoformat()) and (until is None or when <= until.isoformat())


def _links(view: CallerView, ids: list[str] | None, *, relations: set[str] | None,
           since: date | None, until: date | None,
           known_by: datetime | None) -> tuple[list[tuple[str, str, str, str | None]], list[Event]]:
    """Links (a, b, relation, relation entity id) touching ``ids`` (source ids; ``None``:
    every link of the visible datasets), and the dated events among them."""
    datasets = sorted(view.visible_datasets())
    if ids is None:
        rows = lookup.all_link_rows(view.store.con, datasets, known_by=known_by)
    else:
        rows = lookup.link_rows(view.store.con, datasets, ids, known_by=known_by)
    by_entity: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for eid, schema, prop, value, _dataset, _seen in rows:
        by_entity.setdefault(eid, (schema, []))[1].append((prop, value))
    relation_ids = [e for e, (s, _) in by_entity.items() if ends(s)]
    facts = lookup.relation_facts(view.store.con, datasets, relation_ids)
    links: list[tuple[str, str, str, str | None]] = []
    events: list[Event] = []
    wanted = set(ids) if ids is not None else None
    for eid, (schema, props) in by_entity.items():
        pair = ends(schema)
        if pair is not None:
            if relations and schema not in relations:
                continue
            fact = facts.get(eid, {})
            if not _in_period(fact.get("date"), since, until):
                continue
            sources = sorted({v for p, v in props if p == pair[0]})
            targets = sorted({v for p, v in props if p == pair[1]})
            for a in sources:
                for b in targets:
                    links.append((a, b, schema, eid))
                    if fact.get("date"):
                        events.append(Event(eid, schema, fact["date"], a, b, fact.get("amount"),
                                            fact.get("currency")))
            continue
        for prop, value in props:
            if prop in SKIP_PROPS or (relations and prop not in relations):
                continue
            if wanted is None or eid in wanted or value in wanted:
                links.append((eid, value, prop, None))
    return links, events


def explore(caller: Caller, case: int | str, seeds: Iterable[str], *, hops: int = 1,
            relations: Iterable[str] | None = None, since: date | None = None,
            until: date | None = None, known_by: date | None = None,
            limit: int = 300) -> Graph:
    """The neighbourhood of ``seeds`` (canonical or source ids) up to ``hops`` links out,
    only through ``relations`` (relationship schemata such as ``Payment`` or link
    properties such as ``addressEntity``; all when empty) dated within ``since``..``until``,
    as known by ``known_by``; at most ``limit`` nodes (then ``truncated``)."""
    seeds = [s for s in dict.fromkeys(seeds) if s]
    if not seeds:
        raise InputError("name at least one entity to explore from", field="entity")
    if not 0 <= hops <= MAX_HOPS:
        raise InputError(f"hops must be 0 to {MAX_HOPS}", field="hops")
    wanted = set(relations or ()) or None
    cutoff = datetime.combine(known_by, time.max) if known_by else None
    view = open_view(caller, case, what={"explore": seeds[:20], "hops": hops})
    canon = canonical_ids(view, seeds)
    nodes: dict[str, int] = {canon[s]: 0 for s in seeds}
    frontier = list(nodes)
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    events: dict[str, Event] = {}
    truncated = False
    for hop in range(1, hops + 1):
        members = source_ids(view, frontier)
        links, found = _links(view, [s for group in members.values() for s in group],
                              relations=wanted, since=since, until=until, known_by=cutoff)
        mapped = canonical_ids(view, [x for a, b, _, _ in links for x in (a, b)])
        frontier = []
        for a, b, relation, rel_id in links:
            a, b = mapped[a], mapped[b]
            if a == b:
                continue
            for end in (a, b):
                if end not in nodes:
                    if len(nodes) >= limit:
                        truncated = True
                        continue
                    nodes[end] = hop
                    frontier.append(end)
            if a not in nodes or b not in nodes:
                continue
            edge = edges.setdefault((a, b, relation), {"source": a, "target": b, "relation": relation,
                                                       "count": 0, "first": None, "last": None,
                                                       "amount": None})
            edge["count"] += 1
        for event in found:
            event.source, event.target = mapped[event.source], mapped[event.target]
            if event.source in nodes and event.target in nodes:
                events[event.id] = event
                dated = edges.get((event.source, event.target, event.relation))
                if dated is not None:
                    dated["first"] = min(dated["first"] or event.date, event.date)
                    dated["last"] = max(dated["last"] or event.date, event.date)
                    if event.amount is not None:
                        dated["amount"] = (dated["amount"] or 0.0) + event.amount
        if not frontier:
            break
    about = describe(view, list(nodes))
    graph = Graph(truncated=truncated)
    graph.nodes = [{"id": n, "hop": hop, "seed": hop == 0, **about.get(
        n, {"caption": n, "schema": "Thing", "place": None})} for n, hop in nodes.items()]
    for i, edge in enumerate(sorted(edges.values(), key=lambda e: (e["source"], e["target"], e["relation"]))):
        graph.edges.append({"id": f"x{i}", **edge})
    graph.events = sorted(events.values(), key=lambda e: (e.date, e.id))
    return graph

