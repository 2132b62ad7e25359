"""Business-process capacity: can the criminal process still be run inside the network?

A criminal business is a chain of process steps (e.g. import → transport → distribution
→ cash collection → laundering). Members carry a vertex attribute ``step``. A chain can
be run where one connected group of members still holds somebody for every step; the
*capacity* of that group is the number of parallel chains it can staff: the smallest
number of members of any one step in it.

When members carry a ``group`` attribute (criminal organisations), capacity is counted
per group: each group needs every step, from its own members or from shared members
without a group (facilitators) in the same connected part, and the capacities add up.
When members carry a ``role``, only members (role set and not ``background``) count and
connect: the legal background does not run the business.

>>> import igraph as ig
>>> g = ig.Graph([(0, 1), (1, 2), (3, 4)])
>>> g.vs["step"] = ["import", "transport", "transport", "import", None]
>>> capacity(g, ("import", "transport"))["capacity"]
1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import igraph as ig

#: The default chain of a drug-trafficking business (barrier-model steps in order).
DEFAULT_CHAIN = (
    "entry-identity",
    "housing",
    "infrastructure",
    "production",
    "storage",
    "transport",
    "distribution",
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


def capacity(graph: ig.Graph, chain: Sequence[str]) -> dict[str, Any]:
    """How many process chains can still be completed, in total and per group."""
    empty = {"complete": False, "capacity": 0, "steps_staffed": 0, "groups": {}}
    if not chain or graph.vcount() == 0:
        return empty
    steps = _attribute(graph, "step")
    groups = _attribute(graph, "group")
    if "role" in graph.vs.attributes():
        members = [v for v, role in enumerate(graph.vs["role"]) if role not in NOT_MEMBERS]
    else:
        members = list(range(graph.vcount()))
    sub = graph.induced_subgraph(members)
    wanted = set(chain)
    staffed = {steps[v] for v in members if steps[v] in wanted}
    named_groups = sorted({str(groups[v]) for v in members if groups[v] not in (None, "")})
    per_group: dict[str, int] = {name: 0 for name in named_groups}
    best_overall = 0
    for part in sub.connected_components(mode="weak"):
        vertices = [members[i] for i in part]
        shared = Counter(steps[v] for v in vertices
                         if steps[v] in wanted and groups[v] in (None, ""))
        if not named_groups:
            if len(shared) == len(wanted):
                best_overall = max(best_overall, min(shared.values()))
            continue
        own: dict[str, Counter[str]] = {}
        for v in vertices:
            if steps[v] in wanted and groups[v] not in (None, ""):
                own.setdefault(str(groups[v]), Counter())[steps[v]] += 1
        for name, counts in own.items():
            total = counts + shared
            if len(total) == len(wanted):
                per_group[name] = max(per_group[name], min(total.values()))
    total_capacity = sum(per_group.values()) if named_groups else best_overall
    return {"complete": total_capacity > 0, "capacity": total_capacity,
            "steps_staffed": len(staffed), "groups": per_group}
