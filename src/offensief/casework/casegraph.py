"""The case graph an export carries: every link between canonical entities of the datasets
the caller may export, merged per pair and relation, with captions.

An export leaves the platform, so it holds only the datasets the caller may ``export`` (the
policy: clear access plus a role that exports); everything derived in it (links, amounts,
roles, alerts) is computed from those datasets alone, so nothing in a file rests on data its
reader could not see. Datasets left out are named in the file and in the audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from offensief.access.view import CLEAR
from offensief.casework.caller import Caller
from offensief.casework.cases import CallerView, open_view
from offensief.casework.explore import SKIP_PROPS, Event, link_ends
from offensief.casework.naming import describe
from offensief.model.errors import PermissionDenied
from offensief.store.links import case_edges, case_events


@dataclass
class CaseGraph:
    """The case's entities and links as one exporting caller may take them out."""

    case: str
    datasets: list[str]
    left_out: list[str]
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def export_view(caller: Caller, case: int | str, *, format: str) -> tuple[CallerView, list[str]]:
    """The caller's view of ``case`` narrowed to the datasets they may export and read in
    clear (all clear), and the names of the datasets left out. Raises :class:`PermissionDenied` when
    none may be exported (audited as a denial)."""
    view = open_view(caller, case, audit_as="", what={"export": format})
    ref = view.case
    # only what the view shows in clear: the narrowed view names every dataset clear
    allowed = sorted(d for d, level in view.levels.items()
                     if level == CLEAR and caller.can("export", case=ref, dataset=d).allowed)
    left_out = sorted(set(ref.datasets) - set(allowed))
    if not allowed:
        caller.audit("denied", case=ref, what={"action": "export", "format": format,
                                               "rule": "no dataset of the case may be exported"})
        raise PermissionDenied(f"{caller.actor.username} may export no dataset of case {ref.name!r}",
                               action="export", rule="export needs clear access and an exporting role")
    return replace(view, levels={d: CLEAR for d in allowed}), left_out


def export_statements(caller: Caller, case: int | str, *,
                      entity_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """The statements (of ``entity_ids``, or all) of the datasets ``caller`` may export and
    read in clear: the decision, refusals and audit of every export (:func:`export_view`)."""
    view, _ = export_view(caller, case, format="statements")
    return view.export(entity_ids=entity_ids)


def case_graph(view: CallerView, left_out: list[str], *, events: bool = False) -> CaseGraph:
    """Every link of the view's datasets between canonical entities, merged per pair and
    relation (count, first/last date, total amount of the dated ones), with captions; with
    ``events`` also every dated relationship (for the CSV tables of events and payments)."""
    datasets = sorted(view.visible_datasets())
    ends, skip = link_ends(), sorted(SKIP_PROPS)
    rows = case_edges(view.store.con, datasets, ends=ends, skip=skip, scope=view.scope())
    graph = CaseGraph(case=view.case.name, datasets=sorted(view.levels), left_out=left_out)
    graph.edges = [{"source": a, "target": b, "relation": relation, "count": n, "first": first or "",
                    "last": last or "", "amount": amount or 0.0}
                   for a, b, relation, n, first, last, amount in rows]
    ids = sorted({x for e in rows for x in e[:2]})
    about = describe(view, ids)
    graph.nodes = {i: {"caption": about.get(i, {}).get("caption", i),
                       "schema": about.get(i, {}).get("schema", "Thing")} for i in ids}
    if events:
        graph.events = [Event(*row) for row in case_events(view.store.con, datasets, ends=ends, skip=skip, scope=view.scope())]
    return graph


def to_networkx(graph: CaseGraph) -> nx.MultiDiGraph:
    """The case graph as networkx (node attrs ``label``, ``schema``; edge attrs ``relation``,
    ``weight`` (number of relations), ``first``, ``last``, ``amount``)."""
    g = nx.MultiDiGraph(name=graph.case, datasets=", ".join(graph.datasets),
                        left_out=", ".join(graph.left_out) or "none")
    for ident, node in graph.nodes.items():
        g.add_node(ident, label=node["caption"], schema=node["schema"])
    for i, e in enumerate(graph.edges):
        g.add_edge(e["source"], e["target"], key=f"e{i}", relation=e["relation"], weight=e["count"],
                   first=e["first"], last=e["last"], amount=round(e["amount"], 2))
    return g
