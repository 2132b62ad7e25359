"""Business-process capacity: can the criminal process still be run inside the network?

A criminal business is a chain of process steps (e.g. import → production → storage →
transport → distribution → cash collection → laundering). Members carry a vertex
attribute ``step``. Goods and money pass from a member of one step to a member of the
next; a *hand-off* is possible when the two are tied directly or through one common
contact (``handoff=2`` hops inside the criminal network). The *capacity* is the largest
number of chains that can run side by side, no member working in two chains: a maximum
flow through the steps, each member with capacity one.

When members carry a ``group`` attribute (criminal organisations), capacity is counted
per group: each group needs every step, from its own members or from shared members
without a group (facilitators, who may serve several groups); the capacities add up.
When members carry a ``role``, only members (role set and not ``background``) count and
connect: the legal background does not run the business.

>>> import igraph as ig
>>> g = ig.Graph([(0, 1), (1, 2), (3, 4)])
>>> g.vs["step"] = ["import", "transport", "transport", "import", None]
>>> capacity(g, ("import", "transport"))["capacity"]
1
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import igraph as ig

#: Process steps in business order: barrier-model steps and the finer words sources use.
#: Capacity runs on the steps as given (import and transport stay apart); the barrier
#: model (:mod:`offensief.disrupt.barrier`) maps them to its eight steps for instruments.
DEFAULT_CHAIN = (
    "entry-identity",
    "housing",
    "infrastructure",
    "import",
    "production",
    "storage",
    "transport",
    "distribution",
    "cash_collection",
    "laundering",
    "finance",
)
NOT_MEMBERS = (None, "", "background")


def chain_of(graph: ig.Graph, chain: Sequence[str] | None = None) -> tuple[str, ...]:
    """The chain to check: the given one, else the steps present in the graph (in order)."""
    if chain:
        return tuple(chain)
    present = {s for s in graph.vs["step"] if s} if "step" in graph.vs.attributes() else set()
    known = [step for step in DEFAULT_CHAIN if step in present]
    return tuple(known + sorted(present - set(known)))


def _attribute(graph: ig.Graph, name: str) -> list[Any]:
    return graph.vs[name] if name in graph.vs.attributes() else [None] * graph.vcount()


def _chains(sub: ig.Graph, layers: list[list[int]], handoff: int) -> int:
    """Vertex-disjoint chains through ``layers`` (vertex ids of ``sub``): a maximum flow."""
    if any(not layer for layer in layers):
        return 0
    ids: dict[int, int] = {}
    for layer in layers:
        for v in layer:
            ids.setdefault(v, len(ids))
    source, sink = 2 * len(ids), 2 * len(ids) + 1
    arcs: list[tuple[int, int]] = [(2 * ids[v], 2 * ids[v] + 1) for v in ids]  # v_in -> v_out
    arcs += [(source, 2 * ids[v]) for v in layers[0]]
    arcs += [(2 * ids[v] + 1, sink) for v in layers[-1]]
    for here, there in pairwise(layers):
        targets = set(there)
        for v in here:
            reach = sub.neighborhood(v, order=handoff, mode="all")
            arcs += [(2 * ids[v] + 1, 2 * ids[u]) for u in reach if u in targets and u != v]
    flow_graph = ig.Graph(n=2 * len(ids) + 2, edges=arcs, directed=True)
    return int(flow_graph.maxflow_value(source, sink, capacity=[1.0] * len(arcs)))


def capacity(graph: ig.Graph, chain: Sequence[str], *, handoff: int = 2) -> dict[str, Any]:
    """How many process chains can run side by side, in total and per group."""
    empty: dict[str, Any] = {"complete": False, "capacity": 0, "steps_staffed": 0, "groups": {}}
    if not chain or graph.vcount() == 0:
        return empty
    steps = _attribute(graph, "step")
    groups = _attribute(graph, "group")
    if "role" in graph.vs.attributes():
        members = [v for v, role in enumerate(graph.vs["role"]) if role not in NOT_MEMBERS]
    else:
        members = list(range(graph.vcount()))
    sub = graph.induced_subgraph(members)
    sub_steps = [steps[v] for v in members]
    sub_groups = [None if groups[v] in (None, "") else str(groups[v]) for v in members]
    staffed = {s for s in sub_steps if s in set(chain)}
    named = sorted({g for g in sub_groups if g is not None})
    per_group: dict[str, int] = {}
    choices: list[str | None] = list(named) or [None]
    for name in choices:
        layers = [[v for v in range(sub.vcount()) if sub_steps[v] == step
                   and sub_groups[v] in (name, None)] for step in chain]
        per_group[str(name)] = _chains(sub, layers, handoff)
    total = sum(per_group.values())
    return {"complete": total > 0, "capacity": total, "steps_staffed": len(staffed),
            "groups": per_group if named else {}}
