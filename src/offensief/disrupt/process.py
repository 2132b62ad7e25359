"""Business-process capacity: can the criminal process still be run inside the network?

A criminal business is a chain of process steps (e.g. import → transport → distribution
→ cash collection → laundering). Members carry a vertex attribute ``step``. The chain
can be completed when one connected group still holds a member of every step; its
*capacity* is the number of parallel chains the best group can staff: the smallest
number of members of any one step in that group.

>>> import igraph as ig
>>> g = ig.Graph([(0, 1), (1, 2), (3, 4)])
>>> g.vs["step"] = ["import", "transport", "transport", "import", None]
>>> capacity(g, ("import", "transport"))
{'complete': True, 'capacity': 1, 'steps_staffed': 2}
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


def chain_of(graph: ig.Graph, chain: Sequence[str] | None = None) -> tuple[str, ...]:
    """The chain to check: the given one, else the default steps present in the graph."""
    if chain:
        return tuple(chain)
    present = set(graph.vs["step"]) if "step" in graph.vs.attributes() else set()
    return tuple(step for step in DEFAULT_CHAIN if step in present)


def capacity(graph: ig.Graph, chain: Sequence[str]) -> dict[str, Any]:
    """Whether the chain can be completed within one (weakly) connected group, and how often."""
    if not chain:
        return {"complete": False, "capacity": 0, "steps_staffed": 0}
    steps = graph.vs["step"] if "step" in graph.vs.attributes() else [None] * graph.vcount()
    wanted = set(chain)
    best = 0
    staffed = {s for s in steps if s in wanted}
    if graph.vcount():
        for members in graph.connected_components(mode="weak"):
            counts = Counter(steps[v] for v in members if steps[v] in wanted)
            if len(counts) == len(wanted):
                best = max(best, min(counts.values()))
    return {"complete": best > 0, "capacity": best, "steps_staffed": len(staffed)}
