"""Later data for the demo: what the network did after the interventions.

The demo's "true" recovery behaviour (:data:`TRUE_RECOVERY`) differs on purpose from the
planner's prior (:class:`offensief.disrupt.recovery.RecoveryParams` defaults), so the
effect measurement has something to learn: one draw of the recovery model with these
parameters on the network before, written as a partner dataset of persons and their ties
observed in the months after (FtM ``Person`` and ``Associate`` entities, JSON lines).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import igraph as ig
import numpy as np
import orjson

from offensief.disrupt.conventions import Conventions
from offensief.disrupt.graphs import prepare
from offensief.disrupt.recovery import RecoveryParams, recover
from offensief.model.dataset import Dataset

#: How the demo network "really" recovers (the planner does not know these).
TRUE_RECOVERY = RecoveryParams(relink=0.3, relink_stranger=0.02, takeover=1.0, replace=0.9,
                               replace_ties=0.6, rehire=0.3)
LATER_DATASET = "politie-observatie-2021"
OBSERVED_ON = date(2021, 6, 30)


def later_dataset(collected_at: date = OBSERVED_ON) -> Dataset:
    """The dataset the later observations are loaded as (police observation, Wpg art. 9)."""
    return Dataset.create(name=LATER_DATASET, partner="politie", regime="wpg-9",
                          purpose="observatie na interventies (effectmeting)",
                          collected_at=collected_at, retention="5y",
                          title="Observed ties after the interventions")


def aftermath(graph: ig.Graph, removed: Sequence[str], *, params: RecoveryParams = TRUE_RECOVERY,
              seed: int = 11) -> ig.Graph:
    """One recovery of ``graph`` after ``removed``; newcomers get fresh ``later-`` ids."""
    conventions = Conventions(directed=False, component="weak")
    g = prepare(graph.as_undirected(combine_edges="max") if graph.is_directed() else graph,
                conventions)
    index = {name: v for v, name in enumerate(g.vs["name"])}
    after, _ = recover(g, [index[r] for r in removed], params=params, conventions=conventions,
                       rng=np.random.default_rng(seed))
    count = 0
    for v in range(after.vcount()):
        if str(after.vs[v]["name"]).endswith("~replacement"):
            count += 1
            after.vs[v]["name"] = f"later-person-{count:03d}"
            after.vs[v]["label"] = f"Nieuwkomer {count}"
    return after


def write_later(after: ig.Graph, path: Path, *, observed_on: date = OBSERVED_ON) -> Path:
    """The later network as FtM JSON lines: every person and every observed tie."""
    labels = after.vs["label"] if "label" in after.vs.attributes() else after.vs["name"]
    lines = []
    for name, label in zip(after.vs["name"], labels, strict=True):
        lines.append({"id": name, "schema": "Person",
                      "properties": {"name": [str(label or name)]}})
    names = after.vs["name"]
    for i, (a, b) in enumerate(sorted({tuple(sorted((names[s], names[t])))
                                       for s, t in after.get_edgelist() if s != t})):
        lines.append({"id": f"later-tie-{i:05d}", "schema": "Associate",
                      "properties": {"person": [a], "associate": [b],
                                     "startDate": [observed_on.isoformat()],
                                     "relationship": ["observed contact"]}})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\n".join(orjson.dumps(line) for line in lines) + b"\n")
    return path
